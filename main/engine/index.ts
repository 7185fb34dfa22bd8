import { randomUUID } from 'node:crypto';
import type { PaylinkProviderId } from '../../shared/providers';
import { createHttpClient, type HttpClient } from '../providers/http';
import { createKeepAliveFetch } from '../providers/keepAliveFetch';
import type { PaylinkAdapter } from '../providers/types';
import type { Db } from '../store/db';
import type { OrgAppRow } from '../store/orgApps';
import { getSetting } from '../store/settings';
import { createAuth } from './auth';
import { createCatalog } from './catalog';
import { createCatalogLinks } from './catalogLinks';
import { SANDBOX_BASE_URL } from './demo';
import { createEventBus } from './events';
import { createGatewaySync, type GatewaySyncDeps } from './gatewaySync';
import { createGatewayWebhooks } from './gatewayWebhooks';
import { createOrgApps } from './orgApps';
import { createPaylinkCommands } from './paylinkCommands';
import { createCashSales } from './cashSales';
import { createPaylinkCore } from './paylinkCore';
import { createPaylinkCreation, type CreateResolutionOptions } from './paylinkCreate';
import { createPaylinkQueries } from './paylinks';
import { createPaymentOrders } from './paymentOrders';
import type { SecretBox } from './secrets';
import { createSyncService, type SyncDeps } from './sync';
import type { AppInfoView } from '../../shared/views';
import { createReceiptPrinting } from '../printing/service';
import { createDisplayHub } from '../display/hub';
import { createStoreSetup } from '../setup/storeSetup';
import { getPaylink } from '../store/paylinks';
import { toPaylinkView } from './paylinkViews';
import { silentLogger, type Logger } from '../log';
import { createStorageHealth, type StorageHealth } from '../store/storageHealth';
import { createIdleCheckpointer } from '../store/checkpoint';
import { guardStorageWrites } from './storageGuard';

export interface EngineOptions {
  db: Db;
  secrets: SecretBox;
  adapters: Readonly<Record<PaylinkProviderId, PaylinkAdapter>>;
  mode: 'demo' | 'live';
  /** Base URL of the sandbox that demo org apps talk to (in-process or PAYDESK_SANDBOX_URL). */
  sandboxUrl: () => string;
  /** Base URL this engine is reachable at (for QR image links). */
  publicBase: () => string;
  now?: () => number;
  newId?: (prefix: string) => string;
  httpTimeoutMs?: number;
  /** How an unconfirmed create is resolved (defaults: first lookup after 1 s, void after 3× the provider timeout, at least 5 s). */
  createResolution?: Partial<CreateResolutionOptions>;
  version?: string;
  /** The process logger (main/log.ts); silent when absent. */
  log?: Logger;
  /** The data folder, watched for a full or read-only disk (none: only failed writes are noticed). */
  dataDir?: string;
  /** Replaces the disk watch (tests). */
  storage?: StorageHealth;
  syncWorkerOptions?: SyncDeps['workerOptions'];
  /** Gateway reconciliation: scheduler interval (else the saved setting, else 5 min) and 429 back-off. */
  gatewaySync?: { intervalMs?: number; backoff?: GatewaySyncDeps['backoff'] };
}

/** Builds the engine from its dependencies; no module-level state, no Electron. */
export function createEngine(opts: EngineOptions) {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger();
  const newId = opts.newId ?? ((prefix: string) => `${prefix}${randomUUID()}`);
  const events = createEventBus();
  const auth = createAuth(opts.db, now);
  const orgApps = createOrgApps(opts.db, opts.secrets, now);
  const timeoutMs = opts.httpTimeoutMs ?? 10_000;
  const clients = new Map<string, HttpClient>();
  // One keep-alive pool for provider calls: undici's fetch spends about twice the CPU per call.
  const pool = createKeepAliveFetch();
  const httpFor = (provider: string) => {
    let client = clients.get(provider);
    if (!client) clients.set(provider, (client = createHttpClient({ provider, defaultTimeoutMs: timeoutMs, retryBaseMs: 100, fetchImpl: pool.fetch })));
    return client;
  };
  const resolveBaseUrl = (row: OrgAppRow) => (row.base_url.startsWith(SANDBOX_BASE_URL) ? `${opts.sandboxUrl()}/sandbox/${row.provider}` : row.base_url);
  const storage =
    opts.storage ??
    createStorageHealth({
      db: opts.db,
      now,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      onChange: (status) => {
        log[status.state === 'ok' ? 'info' : 'error']({ storage: status }, status.state === 'ok' ? 'the data folder takes writes again' : `the data folder cannot take writes (${status.state})`);
        events.emit('sync.changed', sync.status());
      },
    });
  const sync = createSyncService({
    db: opts.db,
    secrets: opts.secrets,
    now,
    events,
    log,
    storage: () => storage.check().state,
    resolveBackofficeUrl: (stored) => (stored.startsWith(SANDBOX_BASE_URL) ? `${opts.sandboxUrl()}/backoffice` : stored),
    ...(opts.syncWorkerOptions ? { workerOptions: opts.syncWorkerOptions } : {}),
  });
  const core = createPaylinkCore({
    db: opts.db,
    now,
    newId,
    orgApps,
    adapters: opts.adapters,
    events,
    httpFor,
    resolveBaseUrl,
    publicBase: opts.publicBase,
    onOutboxChanged: () => sync.kick(),
  });
  const creation = createPaylinkCreation(core, {
    firstCheckAfterMs: opts.createResolution?.firstCheckAfterMs ?? 1_000,
    voidAfterMs: opts.createResolution?.voidAfterMs ?? Math.max(3 * timeoutMs, 5_000),
  });
  const paylinks = guardStorageWrites(storage, { ...createPaylinkQueries(core, creation), ...createPaylinkCommands(core, creation) }, ['create', 'capture', 'refund', 'cancel', 'resend']);
  const cash = guardStorageWrites(storage, createCashSales(core), ['recordCash']);
  const paymentOrders = createPaymentOrders({ db: opts.db, now });
  const catalog = createCatalog(opts.db, now);
  const gateways = createGatewaySync({ db: opts.db, now, orgApps, httpFor, resolveBaseUrl, ...(opts.gatewaySync?.backoff ? { backoff: opts.gatewaySync.backoff } : {}) });
  const gatewayWebhooks = createGatewayWebhooks({ db: opts.db, now, orgApps, gatewaySync: gateways });
  const printing = createReceiptPrinting({
    db: opts.db,
    now,
    mode: opts.mode,
    sandboxUrl: opts.sandboxUrl,
    store: () => info().store,
    paylink: (id) => paylinks.get(id, { refresh: false }),
    timeline: (id) => paylinks.timeline(id),
    recordPrint: (id, outcome, actor, data) => void paylinks.recordPrint(id, outcome, actor, data),
  });
  const display = createDisplayHub({
    now,
    events,
    store: () => info().store,
    paylink: (id) => {
      const row = getPaylink(opts.db, id);
      return row ? toPaylinkView(row, opts.publicBase()) : undefined;
    },
  });
  const setup = createStoreSetup({ db: opts.db, auth, newId });
  const catalogLinks = createCatalogLinks({ db: opts.db, now, newId, createPaylink: paylinks.create, store: () => info().store });

  function info(): AppInfoView {
    const store = JSON.parse(getSetting(opts.db, 'store_profile') ?? '{}') as Partial<AppInfoView['store']>;
    return {
      mode: opts.mode,
      version: opts.version ?? '0.1.0',
      store: {
        name_en: store.name_en ?? 'PayDesk Demo Store',
        name_ar: store.name_ar ?? 'متجر باي ديسك التجريبي',
        vat_number: store.vat_number ?? '300000000000003',
        branch: store.branch ?? 'Riyadh — Olaya',
        currency: store.currency ?? 'SAR',
        pricing_mode: store.pricing_mode ?? 'TAX_INCLUSIVE',
        ...(store.address ? { address: store.address } : {}),
        ...(store.cr_number ? { cr_number: store.cr_number } : {}),
      },
    };
  }

  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  const checkpointer = createIdleCheckpointer(opts.db);
  /** Background refresher: polls paylinks still waiting on an outcome and retries queued provider commands; checkpoints the WAL while idle. */
  function startBackground(intervalMs = 1_000): void {
    if (timer) return;
    sync.start();
    timer = setInterval(() => {
      if (ticking) return;
      // Nothing a provider answers could be recorded now; the disk is looked at again next tick.
      if (storage.check().state !== 'ok') return;
      try {
        checkpointer.tick();
      } catch (err) {
        log.warn({ err }, 'idle checkpoint failed; a commit will checkpoint when the WAL is full');
      }
      ticking = true;
      Promise.all([paylinks.refreshDue(), paylinks.resolveDueCommands()])
        .catch((err: unknown) => log.warn({ err }, 'background refresh failed; it runs again on the next tick'))
        .finally(() => (ticking = false));
    }, intervalMs);
    timer.unref();
    gateways.startScheduler(opts.gatewaySync?.intervalMs);
  }
  async function stopBackground(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    await gateways.stopScheduler();
    await sync.stop();
    pool.close();
  }

  return { db: opts.db, mode: opts.mode, log, storage, now, newId, events, auth, orgApps, paylinks, cash, paymentOrders, catalog, catalogLinks, printing, display, setup, publicBase: opts.publicBase, sync, gateways, gatewayWebhooks, info, httpFor, resolveBaseUrl, startBackground, stopBackground };
}

export type Engine = ReturnType<typeof createEngine>;
