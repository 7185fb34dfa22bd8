import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfDay } from '../engine/reports';
import { endOfDayDetail } from '../setup/endOfDayDetail';
import { runTillCommands } from './commands';
import { freshStoreDatabase, startTill, type TestTill } from '../testing/storeTills';

// Two tills (two engines, each with its own SQLite) and one store database on a real PostgreSQL server.

let url: string;
let a: TestTill;
let b: TestTill;
let store: pg.Client;

beforeAll(async () => {
  url = await freshStoreDatabase('two_tills');
  a = await startTill(url, 'till-a');
  b = await startTill(url, 'till-b');
  store = new pg.Client({ connectionString: url });
  await store.connect();
  await Promise.all([a.link.settle(), b.link.settle()]);
}, 60_000);

afterAll(async () => {
  await store?.end();
  await a?.close();
  await b?.close();
});

const sale = (orderId: string, amount = '150.00') => ({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: orderId, amount, currency: 'SAR', buyer_phone: '0500000001' });

async function sellAndCapture(till: TestTill, orderId: string, amount = '150.00'): Promise<string> {
  const created = await till.api('POST', '/api/v1/providers/paylinks', { body: sale(orderId, amount) });
  expect(created.status, created.text).toBe(201);
  await fetch(`${till.url}/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`, { method: 'POST' });
  const cap = await till.api('POST', `/api/v1/providers/paylinks/${created.body.paylink_id}/capture`, { body: {} });
  expect(cap.status, cap.text).toBe(200);
  return created.body.paylink_id as string;
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

async function ledgerCount(till: TestTill, op: string, sessionId: string): Promise<number> {
  const body = (await (await fetch(`${till.url}/sandbox/_control/ledger`)).json()) as { entries: { op: string; session_id: string }[] };
  return body.entries.filter((e) => e.op === op && e.session_id === sessionId).length;
}

describe('a store with two tills', () => {
  it('a sale on till A appears in till B\'s manager day view, with its till', async () => {
    const id = await sellAndCapture(a, 'STORE-A-1');
    await a.link.settle();
    const day = await b.call('paylinks.list', { from: 0 });
    expect(day.scope).toMatchObject({ source: 'store' });
    const row = day.paylinks.find((p: { id: string }) => p.id === id);
    expect(row).toMatchObject({ id, till_id: 'till-a', till_name: 'Till till-a', status: 'captured', amount: '150.00' });
    const onlyB = await b.call('paylinks.list', { from: 0, till_id: 'till-b' });
    expect(onlyB.paylinks.find((p: { id: string }) => p.id === id)).toBeUndefined();
    const timeline = await b.call('paylinks.timeline', { id });
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'captured']));
    expect(timeline.map((e: { type: string }) => e.type)).toEqual((await a.call('paylinks.timeline', { id })).map((e: { type: string }) => e.type));
  });

  it('a product edited on till B is sold at the new price on till A', async () => {
    await b.call('catalog.updateProduct', { id: 'prod_demo_2', price: '47.25' });
    await b.link.settle();
    const onA = await eventually(
      async () => (await a.call('catalog.listProducts', {})).find((p: { id: string }) => p.id === 'prod_demo_2'),
      (p) => p?.price === '47.25',
    );
    expect(onA).toMatchObject({ id: 'prod_demo_2', price: '47.25' });
    // A catalog link on A snapshots A's local catalog: the customer pays the new price.
    const link = a.engine.catalogLinks.create({ name: 'Dates', products: [{ product_id: 'prod_demo_2', quantity: 2 }], currency: 'SAR' }, { kind: 'staff', id: 'staff_manager_demo', role: 'manager' });
    expect(link.total).toBe('94.50');
  });

  it('staff are store-wide: the manager PIN signs in on both tills as the same person', () => {
    const onA = a.engine.auth.signIn('9999');
    const onB = b.engine.auth.signIn('9999');
    expect(onB.staff.id).toBe(onA.staff.id);
  });

  it('a cashier added on till B signs in on till A, and a PIN changed on A works on B', async () => {
    const created = await b.call('staff.create', { name: 'Noura (cashier)', role: 'cashier', pin: '4321', pin_confirm: '4321' });
    await b.link.settle();
    const signInId = (till: TestTill, pin: string) => async () => {
      try {
        return till.engine.auth.signIn(pin).staff.id;
      } catch {
        return undefined;
      }
    };
    expect(await eventually(signInId(a, '4321'), (id) => id === created.id)).toBe(created.id);
    await a.call('staff.setPin', { id: created.id, pin: '8642', pin_confirm: '8642' });
    await a.link.settle();
    expect(await eventually(signInId(b, '8642'), (id) => id === created.id)).toBe(created.id);
    expect(() => b.engine.auth.signIn('4321')).toThrow(/PIN is not right/);
    const stored = await store.query(`SELECT * FROM staff WHERE id = $1`, [created.id]);
    expect(Object.keys(stored.rows[0])).not.toContain('pin');
    expect(JSON.stringify(stored.rows[0])).not.toMatch(/8642|4321/);
  });

  it('a refund of till A\'s paylink asked for on till B runs once, on till A', async () => {
    const id = await sellAndCapture(a, 'STORE-A-REFUND', '80.00');
    await a.link.settle();
    const refunded = await b.call('paylinks.refund', { id, amount: '30.00', reason: 'customer returned one item', reference_id: 'ret-77' });
    expect(refunded).toMatchObject({ id, status: 'partially_refunded', refunded_amount: '30.00', till_id: 'till-a' });
    // Asked again with the same reference (a retry from B's screen): the first result, no second refund.
    const again = await b.call('paylinks.refund', { id, amount: '30.00', reason: 'customer returned one item', reference_id: 'ret-77' });
    expect(again).toMatchObject({ id, refunded_amount: '30.00' });
    const onA = await a.call('paylinks.get', { id, refresh: false });
    expect(onA.refunded_amount).toBe('30.00');
    const session = onA.session_id as string;
    expect(await ledgerCount(a, 'refund', session)).toBe(1);
    expect(await ledgerCount(b, 'refund', session)).toBe(0);
    const commands = await store.query(`SELECT status FROM till_commands WHERE paylink_id = $1`, [id]);
    expect(commands.rows).toEqual([{ status: 'succeeded' }]);
  });

  it('a cancel of till A\'s waiting paylink asked for on till B cancels it once, on till A', async () => {
    const created = await a.api('POST', '/api/v1/providers/paylinks', { body: sale('STORE-A-CANCEL', '25.00') });
    expect(created.status, created.text).toBe(201);
    await a.link.settle();
    const cancelled = await b.call('paylinks.cancel', { id: created.body.paylink_id });
    expect(cancelled).toMatchObject({ id: created.body.paylink_id, status: 'cancelled', till_id: 'till-a' });
    expect((await a.call('paylinks.get', { id: created.body.paylink_id, refresh: false })).status).toBe('cancelled');
    expect(await ledgerCount(a, 'cancel', created.body.session_id)).toBe(1);
  });

  it('a command till A claimed and ran just before it crashed is finished on restart without a second refund', async () => {
    const id = await sellAndCapture(a, 'STORE-A-CRASHED-CMD', '60.00');
    await a.link.settle();
    const commandId = 'cmd_claimed_before_crash';
    await store.query(
      `INSERT INTO till_commands (id, target_till_id, requested_by_till_id, requested_by, paylink_id, kind, input, status, created_at, claimed_at)
       VALUES ($1, 'till-a', 'till-b', 'staff_manager_demo', $2, 'refund', '{"amount":"10.00"}', 'running', 1, 1)`,
      [commandId, id],
    );
    // Till A had already sent the refund to the provider (with the command id as its key) when it died.
    await a.engine.paylinks.refund(id, { amount: '10.00', reference_id: commandId }, { kind: 'staff', id: 'staff_manager_demo', role: 'manager' });
    await runTillCommands(a.link.pool, { db: a.db, engine: a.engine, tillId: 'till-a', now: Date.now });
    const row = await store.query(`SELECT status, result FROM till_commands WHERE id = $1`, [commandId]);
    expect(row.rows[0].status).toBe('succeeded');
    expect(JSON.parse(row.rows[0].result)).toMatchObject({ id, refunded_amount: '10.00' });
    const session = (await a.call('paylinks.get', { id, refresh: false })).session_id as string;
    expect(await ledgerCount(a, 'refund', session)).toBe(1);
  });

  it('a refund for a till that is not in touch is refused with a clear message, and nothing is queued', async () => {
    const id = await sellAndCapture(b, 'STORE-B-1', '20.00');
    await b.link.settle();
    // Till B goes quiet (its link stopped first, so no heartbeat lands after this), long enough ago to count as away.
    await b.link.stop();
    await store.query(`UPDATE tills SET last_seen_at = 0 WHERE till_id = 'till-b'`);
    const err = await a.call('paylinks.refund', { id, amount: '5.00' }).catch((e: { error: unknown }) => e.error);
    expect(err).toMatchObject({ code: 'unavailable', details: { reason: 'till_unreachable', till_id: 'till-b' } });
    expect((err as { message: string }).message).toMatch(/Till till-b.*Nothing was done/);
    const commands = await store.query(`SELECT count(*)::int AS n FROM till_commands WHERE paylink_id = $1`, [id]);
    expect(commands.rows[0].n).toBe(0);
  });

  it('the store\'s end-of-day report equals the sum of the tills\' own reports', async () => {
    await sellAndCapture(a, 'STORE-A-EOD', '12.34');
    await a.link.settle();
    const day = { from: 0, to: Date.now() + 60_000 };
    const storeReport = await a.call('reports.endOfDay', day);
    expect(storeReport.scope.source).toBe('store');
    const sum = new Map<string, { count: number; captured: number; refunded: number }>();
    for (const till of [a, b]) {
      for (const p of endOfDay(till.db, day, Date.now).providers) {
        const key = `${p.provider}:${p.currency}`;
        const s = sum.get(key) ?? { count: 0, captured: 0, refunded: 0 };
        sum.set(key, { count: s.count + p.count, captured: s.captured + p.captured_minor, refunded: s.refunded + p.refunded_minor });
      }
    }
    expect(sum.size).toBeGreaterThan(0);
    const fromStore = new Map(storeReport.providers.map((p: { provider: string; currency: string; count: number; captured_minor: number; refunded_minor: number }) => [`${p.provider}:${p.currency}`, { count: p.count, captured: p.captured_minor, refunded: p.refunded_minor }]));
    expect(fromStore).toEqual(sum);
    // The VAT and refund lines of the store's detail add up the same way.
    const detail = await a.call('reports.endOfDayDetail', day);
    const ownA = endOfDayDetail(a.db, day);
    const ownB = endOfDayDetail(b.db, day);
    const minor = (v: string | undefined) => Math.round(Number(v ?? '0') * 100);
    const sar = (d: typeof ownA) => d.vat.find((v) => v.currency === 'SAR');
    expect(minor(sar(detail)?.gross)).toBe(minor(sar(ownA)?.gross) + minor(sar(ownB)?.gross));
    expect(detail.refunds.find((r: { currency: string }) => r.currency === 'SAR')?.count).toBe((ownA.refunds.find((r) => r.currency === 'SAR')?.count ?? 0) + (ownB.refunds.find((r) => r.currency === 'SAR')?.count ?? 0));
    expect(detail.outcomes.cancelled).toBe(ownA.outcomes.cancelled + ownB.outcomes.cancelled);
  });
});
