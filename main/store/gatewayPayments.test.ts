import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { openDatabase, type Db } from './db';
import { listGatewayPayments, listOpenGatewayPaymentIds, upsertGatewayPayments, type GatewayPaymentInput } from './gatewayPayments';
import { insertOrgApp } from './orgApps';

// Schema step 3 (gateway reconciliation): one row per gateway payment, and the day's queries use indexes.

let db: Db | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  db?.close();
  temp?.cleanup();
});

function open(): Db {
  temp = makeTempDir('paydesk-schema3');
  db = openDatabase(`${temp.dir}/paydesk.db`);
  insertOrgApp(db, { id: 'app_stripe', provider: 'stripe', name: 'Stripe', environment: 'sandbox', base_url: 'x', settings: '{}', credentials_enc: 'x', created_at: 0, updated_at: 0 });
  return db;
}

function plan(d: Db, sql: string, ...params: unknown[]): string {
  return (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

const payment = (id: string, over: Partial<GatewayPaymentInput> = {}): GatewayPaymentInput => ({
  gateway: 'stripe',
  gateway_id: id,
  org_app_id: 'app_stripe',
  status: 'captured',
  gateway_status: 'succeeded',
  amount_minor: 1_000,
  refunded_minor: 0,
  currency: 'SAR',
  created_at: 1_000,
  reference: null,
  flags: '[]',
  matched_order_id: null,
  matched_paylink_id: null,
  ...over,
});

describe('updateToSchemaVersion3', () => {
  it('keeps one row per gateway payment and counts only real changes as updates', () => {
    const d = open();
    expect(upsertGatewayPayments(d, { payments: [payment('pi_1'), payment('pi_2', { status: 'authorized' })], nowMs: 1 })).toEqual({ inserted: 2, updated: 0 });
    expect(upsertGatewayPayments(d, { payments: [payment('pi_1'), payment('pi_2', { status: 'captured' })], nowMs: 2 })).toEqual({ inserted: 0, updated: 1 });
    expect(listGatewayPayments(d, { fromMs: 0, toMs: 10_000, limit: 10 })).toHaveLength(2);
    const raw = d.prepare(`INSERT INTO gateway_payments (gateway, gateway_id, org_app_id, status, gateway_status, amount_minor, currency, created_at, first_seen_at, updated_at) VALUES ('stripe', ?, 'app_stripe', 'captured', 's', ?, 'SAR', 0, 0, 0)`);
    expect(() => raw.run('pi_3', '10.50')).toThrow(/cannot store/); // STRICT: money is whole minor units
    expect(() => raw.run('pi_1', 1_000)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('keeps an earlier match when a later answer brings none', () => {
    const d = open();
    upsertGatewayPayments(d, { payments: [payment('pi_1', { reference: 'POS-1', matched_order_id: 'POS-1' })], nowMs: 1 });
    upsertGatewayPayments(d, { payments: [payment('pi_1', { reference: 'POS-1', status: 'refunded' })], nowMs: 2 });
    expect(listGatewayPayments(d, { fromMs: 0, toMs: 10_000, limit: 10 })[0]).toMatchObject({ status: 'refunded', matched_order_id: 'POS-1', first_seen_at: 1, updated_at: 2 });
  });

  it('lists the open payments of an app for their per-id refresh', () => {
    const d = open();
    upsertGatewayPayments(d, { payments: [payment('pi_open', { status: 'authorized' }), payment('pi_done'), payment('pi_wait', { status: 'created' })], nowMs: 1 });
    expect(listOpenGatewayPaymentIds(d, { orgAppId: 'app_stripe', sinceMs: 0, limit: 10 }).sort()).toEqual(['pi_open', 'pi_wait']);
  });

  it('answers the day view, the open-payment refresh and the run history from indexes', () => {
    const d = open();
    expect(plan(d, `SELECT * FROM gateway_payments WHERE created_at >= 0 AND created_at < 9 AND gateway = 'stripe' ORDER BY created_at DESC`)).toMatch(/gateway_payments_day/);
    expect(plan(d, `SELECT * FROM gateway_payments WHERE created_at >= 0 AND created_at < 9 ORDER BY created_at DESC`)).toMatch(/gateway_payments_created/);
    expect(plan(d, `SELECT gateway_id FROM gateway_payments WHERE org_app_id = 'a' AND status IN ('created', 'authorized', 'unknown') AND created_at >= 0`)).toMatch(/gateway_payments_open/);
    expect(plan(d, `SELECT * FROM gateway_sync_runs WHERE org_app_id = 'a' AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`)).toMatch(/gateway_sync_runs_app/);
  });
});
