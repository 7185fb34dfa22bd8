import type pg from 'pg';
import type { Db } from '../store/db';
import { sharedTestPostgres } from '../../scripts/pg-test-server.mjs';
import { dispatch } from '../engine/handlers';
import type { MethodName } from '../../shared/contract';
import { startTestPayDesk } from './payDesk';

// Store-database tests run against a real PostgreSQL server: the shared throwaway cluster of
// scripts/pg-test-server.mjs (started on first use). Where PostgreSQL is not installed they fail and say how to install it.

let counter = 0;

/** A fresh, empty store database on the test server. */
export async function freshStoreDatabase(label: string): Promise<string> {
  const cluster = await sharedTestPostgres();
  return cluster.createDatabase(`store_${label}_${process.pid}_${Date.now()}_${counter++}`);
}

/** Short timings so a test sees a till come and go in well under a second. */
export const FAST_LINK = { tickMs: 50, heartbeatMs: 200, pollMs: 500, retryBaseMs: 100, retryMaxMs: 500, reachableWithinMs: 3_000, commands: { pickUpWithinMs: 2_000, resultWithinMs: 10_000, pollMs: 25 } };

/** One till (its own data dir and SQLite, its own in-process sandbox) joined to the store database at `url`. */
export async function startTill(url: string, tillId: string, extra: { storeLink?: typeof FAST_LINK } = {}) {
  const till = await startTestPayDesk({ storeDatabase: { url, tillId, tillName: `Till ${tillId}` } }, { storeLink: extra.storeLink ?? FAST_LINK });
  const manager = till.engine.auth.signIn('9999');
  /** Calls a contract method the way the UI does, as the demo manager. */
  const call = async (method: MethodName, input: unknown = {}) => {
    const result = await dispatch(till.engine, till.handlers, method, input, { sessionToken: manager.token });
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { error: result.error });
    return result.value as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { ...till, tillId, call, link: till.storeLink! };
}

export type TestTill = Awaited<ReturnType<typeof startTill>>;

export interface TillVsStore {
  local: { paylinks: number; events: number; deliveries: number };
  store: { paylinks: number; events: number; deliveries: number };
  /** Rows of the till's SQLite missing in the store or different there. */
  missing: string[];
  differing: string[];
  /** Rows in the store the till does not have (a doubled or invented row). */
  extra: string[];
}

/** Compares one till's SQLite with its rows in the store database, row by row. */
export async function compareTillWithStore(db: Db, client: pg.Client | pg.Pool, tillId: string): Promise<TillVsStore> {
  const key = (r: { id: string; status: string; captured_minor: number; refunded_minor: number; updated_at: number }) => `${r.status}|${r.captured_minor}|${r.refunded_minor}|${r.updated_at}`;
  const localPaylinks = db.prepare(`SELECT id, status, captured_minor, refunded_minor, updated_at FROM paylinks`).all() as { id: string; status: string; captured_minor: number; refunded_minor: number; updated_at: number }[];
  const localEvents = db.prepare(`SELECT seq, paylink_id, type FROM paylink_events`).all() as { seq: number; paylink_id: string; type: string }[];
  const localDeliveries = db.prepare(`SELECT id, status FROM outbox`).all() as { id: string; status: string }[];
  const storePaylinks = (await client.query(`SELECT id, status, captured_minor::int, refunded_minor::int, updated_at::float8 AS updated_at FROM paylinks WHERE till_id = $1`, [tillId])).rows as typeof localPaylinks;
  const storeEvents = (await client.query(`SELECT seq::int, paylink_id, type FROM paylink_events WHERE till_id = $1`, [tillId])).rows as typeof localEvents;
  const storeDeliveries = (await client.query(`SELECT id, status FROM deliveries WHERE till_id = $1`, [tillId])).rows as typeof localDeliveries;
  const missing: string[] = [];
  const differing: string[] = [];
  const extra: string[] = [];
  const storeP = new Map(storePaylinks.map((r) => [r.id, r]));
  for (const r of localPaylinks) {
    const s = storeP.get(r.id);
    if (!s) missing.push(`paylink ${r.id}`);
    else if (key(s) !== key(r)) differing.push(`paylink ${r.id}: till ${key(r)} store ${key(s)}`);
  }
  const localIds = new Set(localPaylinks.map((r) => r.id));
  for (const s of storePaylinks) if (!localIds.has(s.id)) extra.push(`paylink ${s.id}`);
  const storeE = new Map(storeEvents.map((e) => [e.seq, e]));
  for (const e of localEvents) {
    const s = storeE.get(e.seq);
    if (!s) missing.push(`event ${e.seq}`);
    else if (s.paylink_id !== e.paylink_id || s.type !== e.type) differing.push(`event ${e.seq}`);
  }
  const localSeqs = new Set(localEvents.map((e) => e.seq));
  for (const s of storeEvents) if (!localSeqs.has(s.seq)) extra.push(`event ${s.seq}`);
  const storeD = new Map(storeDeliveries.map((d) => [d.id, d]));
  for (const d of localDeliveries) {
    const s = storeD.get(d.id);
    if (!s) missing.push(`delivery ${d.id}`);
    else if (s.status !== d.status) differing.push(`delivery ${d.id}: till ${d.status} store ${s.status}`);
  }
  return {
    local: { paylinks: localPaylinks.length, events: localEvents.length, deliveries: localDeliveries.length },
    store: { paylinks: storePaylinks.length, events: storeEvents.length, deliveries: storeDeliveries.length },
    missing,
    differing,
    extra,
  };
}

/**
 * Compares once the till's link has caught up. A running till keeps working (its refresher may touch a paylink
 * between the two reads), so a difference is only reported if it is still there after the link settles again.
 */
export async function compareWhenSettled(db: Db, client: pg.Client | pg.Pool, tillId: string, link?: { settle(timeoutMs?: number): Promise<void> }, timeoutMs = 5_000): Promise<TillVsStore> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await link?.settle();
    const cmp = await compareTillWithStore(db, client, tillId);
    if ((cmp.missing.length === 0 && cmp.differing.length === 0 && cmp.extra.length === 0) || Date.now() > until) return cmp;
    await new Promise((r) => setTimeout(r, 100));
  }
}
