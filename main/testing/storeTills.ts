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
