import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInBrowser, shouldOpenBrowser } from './api/access/openBrowser';
import { startPayDesk } from './app';
import { ConfigError, loadConfig } from './config';
import { startSandboxServer } from './sandbox';

// `npm run serve`: engine + local API + browser UI (+ sandbox in demo mode) in one Node process.
// `npm run sandbox`: the provider and back-office simulators alone.

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  if (process.argv.includes('--sandbox')) {
    const portText = process.env.PAYDESK_SANDBOX_PORT?.trim() || '0';
    if (!/^\d{1,5}$/.test(portText)) throw new ConfigError(`PAYDESK_SANDBOX_PORT must be a port number, not "${portText}".`);
    const sandbox = await startSandboxServer({ port: Number(portText) });
    console.log(`PayDesk sandbox listening on ${sandbox.url}`);
    onExit(() => sandbox.close());
    return;
  }
  const config = loadConfig();
  const running = await startPayDesk(config, { rendererDir: join(here, '..', 'renderer') });
  console.log(`PayDesk listening on ${running.url}`);
  console.log(`Open PayDesk: ${running.launchUrl}`);
  if (shouldOpenBrowser(process.env, Boolean(process.stdout.isTTY))) openInBrowser(running.launchUrl);
  console.log(`mode: ${running.engine.mode} · data: ${config.dataDir} · API token: ${process.env.PAYDESK_API_TOKEN ? 'from PAYDESK_API_TOKEN' : join(config.dataDir, 'api-token')}`);
  onExit(() => running.close());
}

function onExit(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(`PayDesk could not shut down cleanly after ${signal}: ${(err as Error).message}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  const message =
    code === 'EADDRINUSE'
      ? `port ${process.env.PAYDESK_PORT?.trim() || '4780'} on 127.0.0.1 is already in use (is PayDesk already running?). Stop the other process, or set PAYDESK_PORT to another port (0 = any free port).`
      : err instanceof Error
        ? err.message
        : String(err);
  console.error(`PayDesk could not start: ${message}`);
  process.exit(1);
});
