import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { loadStoreDbConfig, StoreDbConfigError, type StoreDbConfig } from './storedb/config';
import { LOG_LEVELS, type LogLevel } from './log';

export interface PayDeskConfig {
  dataDir: string;
  port: number;
  host: '127.0.0.1';
  apiToken: string;
  /** Undefined: decided from the installed apps (demo when no live credentials exist). */
  mode: 'demo' | 'live' | undefined;
  sandboxUrl: string | undefined;
  /** How long one provider call may take before its outcome counts as unknown. */
  providerTimeoutMs?: number;
  /** Exchanged at GET /launch for the browser bridge's cookie; random per start unless PAYDESK_LAUNCH_TOKEN fixes it. */
  launchToken?: string;
  /** A store with several tills (DESIGN §9); undefined: this till runs alone. */
  storeDatabase?: StoreDbConfig;
  /** PAYDESK_LOG_LEVEL; info when unset. */
  logLevel?: LogLevel;
}

export function defaultDataDir(): string {
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'PayDesk');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'PayDesk');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'PayDesk');
  }
}

export class ConfigError extends Error {}

/**
 * Demo sales never mix with real ones: without PAYDESK_DATA_DIR, demo mode keeps its data in a `demo`
 * folder of the app-data folder and live mode in the app-data folder itself. An app-data folder that
 * already holds a database (an install from before this split) keeps being used as it is when the
 * mode is not named.
 */
export function dataDirFor(mode: string | undefined, base = defaultDataDir()): string {
  if (mode === 'live') return base;
  if (mode === 'demo') return join(base, 'demo');
  return existsSync(join(base, 'paydesk.db')) ? base : join(base, 'demo');
}

/** Reads PAYDESK_* variables (DESIGN §3); bad values stop start-up with a message that says how to fix them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PayDeskConfig {
  const portText = env.PAYDESK_PORT?.trim() || '4780';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new ConfigError(`PAYDESK_PORT must be a port number from 0 to 65535 (0 = any free port), not "${portText}".`);
  const modeText = env.PAYDESK_MODE?.trim();
  if (modeText && modeText !== 'demo' && modeText !== 'live') throw new ConfigError(`PAYDESK_MODE must be "demo" or "live", not "${modeText}".`);
  const dataDir = env.PAYDESK_DATA_DIR?.trim() || dataDirFor(modeText);
  const sandboxUrl = env.PAYDESK_SANDBOX_URL?.trim().replace(/\/+$/, '') || undefined;
  if (sandboxUrl && !/^https?:\/\/[^\s]+$/.test(sandboxUrl)) throw new ConfigError(`PAYDESK_SANDBOX_URL must be an http(s) URL, not "${sandboxUrl}".`);
  const timeoutText = env.PAYDESK_PROVIDER_TIMEOUT_MS?.trim();
  if (timeoutText && (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 100 || Number(timeoutText) > 120_000)) {
    throw new ConfigError(`PAYDESK_PROVIDER_TIMEOUT_MS must be milliseconds from 100 to 120000, not "${timeoutText}".`);
  }
  let storeDatabase: StoreDbConfig | undefined;
  try {
    storeDatabase = loadStoreDbConfig(env);
  } catch (err) {
    throw err instanceof StoreDbConfigError ? new ConfigError(err.message) : err;
  }
  const launchToken = env.PAYDESK_LAUNCH_TOKEN?.trim();
  if (launchToken !== undefined && launchToken !== '' && !/^[\x21-\x7e]{1,512}$/.test(launchToken)) throw new ConfigError('PAYDESK_LAUNCH_TOKEN must be printable characters without spaces (at most 512).');
  const logLevel = env.PAYDESK_LOG_LEVEL?.trim().toLowerCase();
  if (logLevel && !(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`PAYDESK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    ...(storeDatabase ? { storeDatabase } : {}),
    ...(logLevel ? { logLevel: logLevel as LogLevel } : {}),
    ...(launchToken ? { launchToken } : {}),
    ...(timeoutText ? { providerTimeoutMs: Number(timeoutText) } : {}),
    dataDir,
    port: Number(portText),
    host: '127.0.0.1',
    apiToken: env.PAYDESK_API_TOKEN?.trim() || loadOrCreateApiToken(dataDir),
    mode: modeText as 'demo' | 'live' | undefined,
    sandboxUrl,
  };
}

/** The API token is generated once and kept in the data dir, readable only by the user. */
function loadOrCreateApiToken(dataDir: string): string {
  const file = join(dataDir, 'api-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = `pdk_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
