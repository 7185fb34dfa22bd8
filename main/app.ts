import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { createBridgeSessions, newLaunchToken } from './api/access/bridgeSessions';
import { createServer } from './api/server';
import type { PayDeskConfig } from './config';
import { createEngine, type Engine, type EngineOptions } from './engine';
import { retireDemoStaff, seedDemoData } from './engine/demo';
import { seedGatewayDemoOrders } from './engine/gatewayDemo';
import { createKeyFileSecretBox, type SecretBox } from './engine/secrets';
import { acquireEngineLock } from './instance/engineLock';
import { createLogger, type PayDeskLogger } from './log';
import { PAYLINK_ADAPTERS } from './providers';
import { createSandboxContext } from './sandbox/core';
import { registerSandbox } from './sandbox';
import { seedGatewayDemoData } from './sandbox/gateways';
import { openDatabase, type Db } from './store/db';
import { secureDataDir, tightenFiles } from './store/fileModes';
import { listOrgApps } from './store/orgApps';
import { createHandlers, type Handlers } from './engine/handlers';
import type { StoreLink, StoreLinkOptions } from './storedb';
import type { CommandOptions } from './storedb/commands';
import { isCapturing, stopCapture } from './storedb/localQueue';

export interface RunningPayDesk {
  url: string;
  /** Opens the browser UI: exchanges the launch token for the bridge cookie (DESIGN §3). */
  launchUrl: string;
  engine: Engine;
  app: FastifyInstance;
  db: Db;
  handlers: Handlers;
  /** Set when a store database is configured (PAYDESK_STORE_DATABASE_URL). */
  storeLink: StoreLink | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  rendererDir?: string;
  /** Electron passes a safeStorage-backed box; plain Node uses a key file in the data dir. */
  secrets?: SecretBox;
  backgroundIntervalMs?: number;
  /** Run the refresher and the sync worker (default). The bench turns them off to time the engine alone. */
  background?: boolean;
  /** Serve the browser bridge, the launch link and the renderer (default). The desktop app turns it off. */
  browserBridge?: boolean;
  /** Timings of the store-database link (tests shorten them). */
  storeLink?: StoreLinkOptions & { commands?: Partial<CommandOptions> };
  /** Log lines go to `<data dir>/logs/paydesk.log` and, unless this is false, to stderr (in-process tests keep quiet). */
  logToStderr?: boolean;
  /** How unconfirmed creates are resolved (tests shorten the waits). */
  createResolution?: EngineOptions['createResolution'];
}

/** Engine + local API (+ in-process sandbox in demo mode), in one process. */
export async function startPayDesk(config: PayDeskConfig, opts: StartOptions = {}): Promise<RunningPayDesk> {
  secureDataDir(config.dataDir);
  // First of all: a second engine on this folder stops here, before it touches the database.
  const lock = acquireEngineLock(config.dataDir);
  const logger: PayDeskLogger = createLogger({ level: config.logLevel ?? 'info', dir: join(config.dataDir, 'logs'), stderr: opts.logToStderr !== false });
  const log = logger.log;
  let db: Db;
  try {
    db = openDatabase(join(config.dataDir, 'paydesk.db'));
  } catch (err) {
    log.fatal({ err }, 'PayDesk could not open its database');
    await logger.close();
    lock.release();
    throw err;
  }
  try {
    const secrets = opts.secrets ?? createKeyFileSecretBox(join(config.dataDir, 'credentials.key'));
    const mode = config.mode ?? (listOrgApps(db).some((a) => a.environment === 'live') ? 'live' : 'demo');
    let selfUrl = '';
    const engine = createEngine({
      db,
      secrets,
      adapters: PAYLINK_ADAPTERS,
      mode,
      sandboxUrl: () => config.sandboxUrl ?? selfUrl,
      publicBase: () => selfUrl,
      log,
      dataDir: config.dataDir,
      ...(config.providerTimeoutMs ? { httpTimeoutMs: config.providerTimeoutMs } : {}),
      ...(opts.createResolution ? { createResolution: opts.createResolution } : {}),
    });
    if (mode === 'demo') seedDemoData(db, engine.auth, engine.orgApps, engine.now, secrets);
    else retireDemoStaff(db);
    const sandboxCtx = mode === 'demo' && !config.sandboxUrl ? createSandboxContext() : undefined;
    if (mode === 'demo') {
      // A day of card payments at the Stripe and Moyasar simulators, and the orders most of them name.
      const demoDay = new Date(engine.now());
      seedGatewayDemoOrders(db, demoDay);
      if (sandboxCtx) seedGatewayDemoData(sandboxCtx, demoDay);
    }
    // A store with several tills (DESIGN §9); without the variable nothing of it runs and nothing extra is recorded.
    // Loaded only when configured: a lone till does not pay for the PostgreSQL client at start-up.
    const storeDb = config.storeDatabase ? await Promise.all([import('./storedb'), import('./storedb/handlers')]) : undefined;
    const storeLink = storeDb && config.storeDatabase ? storeDb[0].createStoreLink({ db, engine, config: config.storeDatabase, now: engine.now, log, ...(opts.storeLink ? { options: opts.storeLink } : {}) }) : undefined;
    if (!storeLink && isCapturing(db)) stopCapture(db);
    const handlers: Handlers = { ...createHandlers(engine), ...(storeDb && storeLink ? storeDb[1].storeDbHandlers(engine, storeLink, opts.storeLink?.commands) : {}) };
    const bridgeSessions = createBridgeSessions(config.launchToken ?? newLaunchToken());
    const app = await createServer({
      engine,
      handlers,
      bridgeSessions,
      log,
      browserBridge: opts.browserBridge !== false,
      apiToken: config.apiToken,
      ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      ...(sandboxCtx ? { extraRoutes: (a: FastifyInstance) => registerSandbox(a, sandboxCtx) } : {}),
    });
    const address = await app.listen({ port: config.port, host: config.host });
    selfUrl = address.replace('localhost', '127.0.0.1');
    lock.setUrl(selfUrl);
    sandboxCtx?.setWebhookBase(selfUrl);
    if (mode === 'demo' && config.sandboxUrl) {
      await registerWebhookTarget(config.sandboxUrl, selfUrl);
      await requestGatewayDemoDay(config.sandboxUrl);
    }
    tightenFiles(config.dataDir); // the WAL, shared-memory and key files now exist too
    if (opts.background !== false) {
      engine.startBackground(opts.backgroundIntervalMs);
      storeLink?.start();
    }
    log.info({ mode, url: selfUrl }, 'PayDesk started');
    return {
      url: selfUrl,
      launchUrl: `${selfUrl}/launch?token=${encodeURIComponent(bridgeSessions.launchToken)}`,
      engine,
      app,
      db,
      handlers,
      storeLink,
      async close() {
        await storeLink?.stop();
        await engine.stopBackground();
        await app.close();
        db.close();
        log.info('PayDesk stopped');
        await logger.close();
        lock.release();
      },
    };
  } catch (err) {
    if (db.open) db.close();
    log.fatal({ err }, 'PayDesk could not start');
    await logger.close();
    lock.release();
    throw err;
  }
}

/** An external sandbox (crash tests) must know where this engine listens to send webhooks. */
async function registerWebhookTarget(sandboxUrl: string, selfUrl: string): Promise<void> {
  try {
    await fetch(`${sandboxUrl}/sandbox/_control/webhook-target`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: selfUrl }),
      signal: AbortSignal.timeout(3_000),
    });
  } catch {
    // The refresher still polls; webhooks are a speed-up, not a requirement.
  }
}

/** An external sandbox seeds the gateway demo day on request, keeping payments it already has. */
async function requestGatewayDemoDay(sandboxUrl: string): Promise<void> {
  try {
    await fetch(`${sandboxUrl}/sandbox/_control/gateways/demo-day`, { method: 'POST', signal: AbortSignal.timeout(3_000) });
  } catch {
    // Reconciliation then shows an empty day; nothing else depends on it.
  }
}
