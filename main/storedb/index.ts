import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreDbStatusView, TillView } from '../../shared/views';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';
import { NOTIFY_COMMANDS, runTillCommands } from './commands';
import { defaultTillName, type StoreDbConfig } from './config';
import { queueStats, startCapture } from './localQueue';
import { migrateStoreDatabase, SERVER_NOW_MS } from './pgSchema';
import { createReplicator, NOTIFY_STORE_DATA } from './replicator';
import { joinStoreStaff, pullStoreData } from './storeData';

// The till's link to the store database: one single-flight loop that sends the replication queue, follows
// store-wide data, runs commands other tills sent here and keeps this till's heartbeat. The till never waits
// for it: a sale commits to SQLite first, and whatever the store database misses while it is away is sent
// when it answers again.
//
// node-postgres (`pg`): the long-standing PostgreSQL client for Node, with a pool, LISTEN/NOTIFY on a
// dedicated client, per-pool type parsers (BIGINT as numbers here) and no native build step.

export interface StoreLinkOptions {
  /** Idle wait between rounds; a local change or a notification wakes the loop at once. */
  tickMs?: number;
  heartbeatMs?: number;
  /** Fallback poll of store-wide data and commands when no notification arrives. */
  pollMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  reachableWithinMs?: number;
}

const BIGINT = 20;

export function createStoreLink(deps: { db: Db; engine: Engine; config: StoreDbConfig; now: () => number; options?: StoreLinkOptions; log?: Logger }) {
  const { db, engine, config, now } = deps;
  const o = { tickMs: 200, heartbeatMs: 2_000, pollMs: 3_000, retryBaseMs: 500, retryMaxMs: 10_000, reachableWithinMs: 15_000, ...deps.options };
  const tillId = config.tillId ?? existingOrNewTillId(db);
  const tillName = config.tillName ?? defaultTillName(tillId);
  const pool = openStorePool(config.url, `paydesk ${tillId}`);
  const replicator = createReplicator({ db, pool, tillId, now });
  // Capture starts with the link, before the first connection: what is sold while the store is away is queued.
  startCapture(db, now());

  let online = false;
  let ready = false;
  let lastError: string | null = null;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let dirtyData = true;
  let dirtyCommands = true;
  let lastHeartbeat = 0;
  let lastPoll = 0;
  let failures = 0;
  let tills: TillView[] = [];
  let listener: pg.Client | undefined;

  const kick = () => wake?.();
  const unsubscribe = engine.events.subscribe(() => kick());

  async function connectListener(): Promise<void> {
    if (listener) return;
    const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => {
      if (listener === client) listener = undefined;
      void client.end().catch(() => undefined);
    });
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFY_STORE_DATA) dirtyData = true;
      if (msg.channel === NOTIFY_COMMANDS && msg.payload === tillId) dirtyCommands = true;
      kick();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_STORE_DATA}; LISTEN ${NOTIFY_COMMANDS}`);
    listener = client;
  }

  async function joinStore(): Promise<void> {
    await migrateStoreDatabase(pool);
    await pool.query(
      `INSERT INTO tills (till_id, name, last_seen_at) VALUES ($1, $2, ${SERVER_NOW_MS}) ON CONFLICT (till_id) DO UPDATE SET name = EXCLUDED.name, last_seen_at = EXCLUDED.last_seen_at`,
      [tillId, tillName],
    );
    await joinStoreStaff(db, pool);
    ready = true;
  }

  async function heartbeat(): Promise<void> {
    // The server's clock, not the tills': tills compare one another's heartbeats, and their clocks may differ.
    await pool.query(`UPDATE tills SET last_seen_at = ${SERVER_NOW_MS} WHERE till_id = $1`, [tillId]);
    const rows = await pool.query<{ till_id: string; name: string; last_seen_at: number; silent_ms: number }>(`SELECT till_id, name, last_seen_at, ${SERVER_NOW_MS} - last_seen_at AS silent_ms FROM tills ORDER BY name`);
    tills = rows.rows.map((r) => ({ till_id: r.till_id, name: r.name, online: r.silent_ms <= o.reachableWithinMs, last_seen_at: new Date(r.last_seen_at).toISOString() }));
    lastHeartbeat = Date.now();
  }

  /** One round: everything due, in an order where a failure leaves nothing half-done. */
  async function round(): Promise<void> {
    if (!ready) await joinStore();
    await connectListener().catch(() => undefined);
    if (Date.now() - lastHeartbeat >= o.heartbeatMs) await heartbeat();
    await replicator.drain();
    const poll = Date.now() - lastPoll >= o.pollMs || !listener;
    if (dirtyData || poll) {
      dirtyData = false;
      await pullStoreData(db, pool);
    }
    if (dirtyCommands || poll) {
      dirtyCommands = false;
      await runTillCommands(pool, { db, engine, tillId, now });
    }
    if (poll) lastPoll = Date.now();
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let waitMs = o.tickMs;
      try {
        await round();
        if (!online) {
          dirtyData = dirtyCommands = true;
          deps.log?.info({ till_id: tillId }, 'store database reachable');
        }
        online = true;
        lastError = null;
        failures = 0;
      } catch (err) {
        if (online || failures === 0) deps.log?.warn({ till_id: tillId, error: describe(err) }, 'store database unreachable; sales are kept on this till and sent when it answers');
        online = false;
        lastError = describe(err);
        failures++;
        dirtyData = dirtyCommands = true;
        waitMs = Math.min(o.retryBaseMs * 2 ** Math.min(failures - 1, 10), o.retryMaxMs);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  function status(): StoreDbStatusView {
    const q = queueStats(db, now());
    return { configured: true, online, till_id: tillId, till_name: tillName, pending: q.pending, oldest_pending_age_ms: q.oldestAgeMs, last_error: lastError, tills };
  }

  /** Runs a read against the store database when it answers; undefined (and offline) when it does not. */
  async function read<T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T | undefined> {
    if (!online) return undefined;
    try {
      return await fn(pool);
    } catch (err) {
      if (!isConnectionFailure(err)) throw err;
      online = false;
      lastError = describe(err);
      kick();
      return undefined;
    }
  }

  return {
    tillId,
    tillName,
    pool,
    status,
    read,
    isOnline: () => online,
    reachableWithinMs: o.reachableWithinMs,
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    kick,
    /** Resolves once the queue is empty and the store is reachable (tests and the demo use it). */
    async settle(timeoutMs = 10_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (online && queueStats(db, now()).pending === 0) return;
        kick();
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`store database did not catch up in ${timeoutMs} ms (${lastError ?? `${queueStats(db, now()).pending} pending`})`);
    },
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      kick();
      await loop?.catch(() => undefined);
      await listener?.end().catch(() => undefined);
      listener = undefined;
      await pool.end().catch(() => undefined);
    },
  };
}

export type StoreLink = ReturnType<typeof createStoreLink>;

/** A pool on the store database with BIGINT columns read as numbers (epoch ms and minor units fit easily). */
export function openStorePool(url: string, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    application_name: applicationName,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === BIGINT ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A server that goes away makes idle clients emit errors; the link notices on its next query.
  pool.on('error', () => undefined);
  // A client checked out of the pool emits its own 'error' when the server goes away between two queries
  // (the pool listens only to idle ones): without a listener that would end the till's process. The
  // query in flight still fails, and the pool drops the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

function existingOrNewTillId(db: Db): string {
  const saved = getSetting(db, 'storedb_till_id');
  if (saved) return saved;
  const id = `till-${randomBytes(3).toString('hex')}`;
  putSetting(db, 'storedb_till_id', id);
  return id;
}

/** A server that is down, restarting or unreachable — not a refused statement (a SQLSTATE outside classes 08 and 57). */
function isConnectionFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57');
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return `Store database: ${text}`.slice(0, 300);
}
