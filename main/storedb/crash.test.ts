import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { buildMain, spawnListening, waitForExit, type Spawned } from '../testing/processes';
import { compareTillWithStore, compareWhenSettled, freshStoreDatabase, startTill, type TestTill } from '../testing/storeTills';
import { createStoreLink } from './index';
import { createEngine } from '../engine';
import { PAYLINK_ADAPTERS } from '../providers';
import { createKeyFileSecretBox } from '../engine/secrets';

// Till A runs as its own process (`npm run serve`'s entry) against an external sandbox and is SIGKILLed while
// it sells and replicates; till B runs in this process. Afterwards both tills' SQLite and the store database
// hold the same rows: none lost, none doubled.

const TOKEN = 'crash_api_token';
let url: string;
let sandbox: Spawned;
let b: TestTill;
let dataDir: string;

beforeAll(async () => {
  buildMain();
  url = await freshStoreDatabase('crash');
  sandbox = await spawnListening(['dist/main/serve.js', '--sandbox'], { PAYDESK_SANDBOX_PORT: '0' }, /PayDesk sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/);
  b = await startTill(url, 'till-b');
  dataDir = mkdtempSync(join(tmpdir(), 'paydesk-crash-till-'));
}, 60_000);

afterAll(async () => {
  await b?.close();
  sandbox?.child.kill('SIGTERM');
  if (sandbox) await waitForExit(sandbox.child);
  rmSync(dataDir, { recursive: true, force: true });
});

function startTillA(): Promise<Spawned> {
  return spawnListening(
    ['dist/main/serve.js'],
    { PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_API_TOKEN: TOKEN, PAYDESK_MODE: 'demo', PAYDESK_SANDBOX_URL: sandbox.url, PAYDESK_STORE_DATABASE_URL: url, PAYDESK_TILL_ID: 'till-a', PAYDESK_TILL_NAME: 'Till A' },
    /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
}

async function create(base: string, orderId: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/api/v1/providers/paylinks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: orderId, amount: '10.00', currency: 'SAR', buyer_phone: '0500000001' }),
      signal: AbortSignal.timeout(5_000),
    });
    return res.status === 201;
  } catch {
    // The till was killed under this request; whatever it committed must still reach the store.
    return false;
  }
}

describe('SIGKILL of a till during replication', () => {
  it('loses and doubles no row: both tills\' SQLite equal the store database', async () => {
    let total = 0;
    for (let round = 0; round < 4; round++) {
      const a = await startTillA();
      let sold = 0;
      let killed = false;
      // Four cashiers keep selling on A until it dies; B sells at the same time.
      const sellers = Array.from({ length: 4 }, async (_, s) => {
        for (let i = 0; !killed; i++) if (await create(a.url, `CRASH-${round}-${s}-${i}`)) sold++;
      });
      const bSales = Array.from({ length: 5 }, (_, i) => b.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: `CRASH-B-${round}-${i}`, amount: '7.00', currency: 'SAR', buyer_phone: '0500000001' } }));
      // Killed while sales and their replication are in flight, a little later each round.
      const target = 8 + round * 6;
      while (sold < target) await new Promise((r) => setTimeout(r, 5));
      a.child.kill('SIGKILL');
      killed = true;
      await waitForExit(a.child);
      await Promise.all([...sellers, ...bSales]);
      total += sold;
    }
    // Restart once more and let it catch up, then stop it cleanly.
    const last = await startTillA();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const until = Date.now() + 20_000;
      let queued = -1;
      while (Date.now() < until) {
        const check = openDatabase(join(dataDir, 'paydesk.db'));
        queued = (check.prepare(`SELECT count(*) AS n FROM storedb_queue`).get() as { n: number }).n;
        check.close();
        if (queued === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(queued).toBe(0);
      last.child.kill('SIGTERM');
      await waitForExit(last.child);
      await b.link.settle();

      const tillA = openDatabase(join(dataDir, 'paydesk.db'));
      try {
        // What a clean stop left unsent (a refresh in its last moment) goes now, the way the next start would send it.
        const leftover = (tillA.prepare(`SELECT count(*) AS n FROM storedb_queue`).get() as { n: number }).n;
        if (leftover > 0) {
          const engine = createEngine({ db: tillA, secrets: createKeyFileSecretBox(join(dataDir, 'credentials.key')), adapters: PAYLINK_ADAPTERS, mode: 'demo', sandboxUrl: () => sandbox.url, publicBase: () => '' });
          const link = createStoreLink({ db: tillA, engine, config: { url, tillId: 'till-a', tillName: 'Till A' }, now: Date.now, options: { tickMs: 20 } });
          link.start();
          await link.settle();
          await link.stop();
        }
        const cmpA = await compareTillWithStore(tillA, client, 'till-a');
        expect(cmpA.local.paylinks).toBeGreaterThanOrEqual(total);
        expect({ missing: cmpA.missing, differing: cmpA.differing, extra: cmpA.extra }).toEqual({ missing: [], differing: [], extra: [] });
        expect(cmpA.store).toEqual(cmpA.local);
      } finally {
        tillA.close();
      }
      const cmpB = await compareWhenSettled(b.db, client, 'till-b', b.link);
      expect({ missing: cmpB.missing, differing: cmpB.differing, extra: cmpB.extra }).toEqual({ missing: [], differing: [], extra: [] });
      expect(cmpB.store).toEqual(cmpB.local);
      expect(cmpB.local.paylinks).toBe(20);
    } finally {
      await client.end();
    }
  }, 120_000);
});
