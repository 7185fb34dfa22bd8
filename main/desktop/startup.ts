import { startPayDesk, type RunningPayDesk } from '../app';
import type { PayDeskConfig } from '../config';
import type { SecretBox } from '../engine/secrets';

/**
 * How the desktop app starts the engine: its renderer talks IPC only, so the browser bridge (/bridge/*,
 * /launch and the renderer's static files) is not served at all. The local REST API for integrations
 * (bearer token) and, in demo mode, the in-process sandbox stay on 127.0.0.1.
 */
export function desktopStartOptions(secrets: SecretBox | undefined): Parameters<typeof startPayDesk>[1] {
  return { browserBridge: false, ...(secrets ? { secrets } : {}) };
}

export function startDesktopEngine(config: PayDeskConfig, secrets: SecretBox | undefined): Promise<RunningPayDesk> {
  return startPayDesk(config, desktopStartOptions(secrets));
}
