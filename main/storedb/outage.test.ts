import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../scripts/pg-test-server.mjs';
import { compareWhenSettled, startTill, type TestTill } from '../testing/storeTills';

// The store database goes away (its server stopped) while till A keeps selling; when it is back every row
// arrives once. This test owns its PostgreSQL server so it can stop it.

let cluster: PostgresCluster;
let url: string;
let a: TestTill;
let b: TestTill;

beforeAll(async () => {
  cluster = await startPostgresCluster({ dir: join(tmpdir(), `paydesk-pg-outage-${process.pid}-${Date.now()}`) });
  url = await cluster.createDatabase('store_outage');
  a = await startTill(url, 'till-a');
  b = await startTill(url, 'till-b');
  await Promise.all([a.link.settle(), b.link.settle()]);
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  cluster?.destroy();
});

async function sell(till: TestTill, orderId: string): Promise<string> {
  const created = await till.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: orderId, amount: '99.00', currency: 'SAR', buyer_phone: '0500000001' } });
  expect(created.status, created.text).toBe(201);
  await fetch(`${till.url}/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`, { method: 'POST' });
  const cap = await till.api('POST', `/api/v1/providers/paylinks/${created.body.paylink_id}/capture`, { body: {} });
  expect(cap.status, cap.text).toBe(200);
  return created.body.paylink_id as string;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('till A while the store database is stopped', () => {
  it('keeps selling, shows the store as offline and its own day with a banner, and sends every row once when it is back', async () => {
    await sell(a, 'OUT-BEFORE');
    await a.link.settle();
    cluster.stop();

    // The catalog is a local copy: A still sells from it, and B's price change made meanwhile waits on B.
    await b.call('catalog.updateProduct', { id: 'prod_demo_5', price: '19.95' });
    expect((await a.call('catalog.listProducts', {})).find((p: { id: string }) => p.id === 'prod_demo_5')?.price).not.toBe('19.95');
    const during: string[] = [];
    for (let i = 0; i < 8; i++) during.push(await sell(a, `OUT-${i}`));
    await until(() => !a.link.status().online);
    const status = await a.call('storedb.status');
    expect(status).toMatchObject({ configured: true, online: false, till_id: 'till-a' });
    expect(status.pending).toBeGreaterThan(0);
    expect(status.last_error).toMatch(/Store database/);

    // The manager still sees this till's day, told that it is this till only.
    const day = await a.call('paylinks.list', { from: 0 });
    expect(day.scope).toMatchObject({ source: 'till', till_id: 'till-a' });
    expect(day.scope.reason).toMatch(/cannot be reached/);
    expect(day.paylinks.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(during));
    const refusal = await b.call('paylinks.refund', { id: during[0], amount: '1.00' }).catch((e: { error: unknown }) => e.error);
    expect(refusal).toMatchObject({ code: 'not_found' });
    expect((refusal as { message: string }).message).toMatch(/store database cannot be reached/);

    cluster.start();
    await a.link.settle(20_000);
    await b.link.settle(20_000);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const cmp = await compareWhenSettled(a.db, client, 'till-a', a.link);
      expect(cmp.missing).toEqual([]);
      expect(cmp.differing).toEqual([]);
      expect(cmp.extra).toEqual([]);
      expect(cmp.store).toEqual(cmp.local);
      expect(cmp.local.paylinks).toBeGreaterThanOrEqual(9);
      await until(async () => (await a.call('catalog.listProducts', {})).find((p: { id: string }) => p.id === 'prod_demo_5')?.price === '19.95');
      const seen = await b.call('paylinks.list', { from: 0, till_id: 'till-a' });
      expect(seen.scope.source).toBe('store');
      expect(seen.paylinks.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(during));
    } finally {
      await client.end();
    }
  }, 60_000);
});
