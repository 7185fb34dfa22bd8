import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from './credentials';
import { startSandboxServer, type RunningSandbox } from './index';

const AUTH = { 'api-key': SANDBOX_CREDENTIALS.backoffice.api_key, 'organization-id': SANDBOX_CREDENTIALS.backoffice.organization_id };

let sandbox: RunningSandbox;
let base: string;

beforeAll(async () => {
  sandbox = await startSandboxServer();
  base = `${sandbox.url}/backoffice`;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${base}/_control/faults`, { method: 'DELETE' });
  await fetch(`${base}/_control/state`, { method: 'DELETE' });
});

interface Answer {
  status: number;
  body: any;
}

async function call(method: string, path: string, opts: { params?: unknown; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = opts.body !== undefined ? opts.body : opts.params !== undefined ? { params: opts.params } : undefined;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

function receipt(overrides: Record<string, unknown> = {}) {
  return { id: randomUUID(), orderId: 'ORD-1001', type: 'receipt', amount: 150.5, methodId: 'tabby', customerUid: 'cust_1', transactionRef: 'tabby_pay_1', attrs: { cashier: 'c1' }, invoiceId: 'INV-1', note: 'till 2', ...overrides };
}

function expectEnvelope(body: any): void {
  expect(body).toEqual(expect.objectContaining({ app: expect.any(String), service: expect.any(String), warnings: expect.any(Array), instanceId: expect.any(String), requestId: expect.any(String) }));
  expect(body).toHaveProperty('data');
}

describe('back-office simulator (seed 003)', () => {
  it('creates a payment with the client id and lists it by order', async () => {
    const params = receipt();
    const created = await call('POST', '/v1/om/payments', { params });
    expect(created.status).toBe(200);
    expectEnvelope(created.body);
    expect(created.body.data).toEqual({ id: params.id });

    const listed = await call('GET', `/v1/om/payments?orderId=${params.orderId}`);
    expect(listed.status).toBe(200);
    expectEnvelope(listed.body);
    const [item] = listed.body.data.items;
    expect(item).toMatchObject({ id: params.id, type: 'receipt', status: 'pending', amount: 150.5, methodUid: 'tabby', transactionRef: 'tabby_pay_1', attrs: { cashier: 'c1' }, invoiceId: 'INV-1', note: 'till 2', completedAt: null, reversedAt: null, can: ['confirm', 'update', 'delete'] });
    for (const field of ['createdAt', 'createdBy', 'createdVia', 'updatedAt', 'updatedBy', 'updatedVia']) expect(typeof item[field]).toBe('string');
    const methods = listed.body.data.paymentMethods as any[];
    expect(methods.map((m) => m.id)).toEqual(expect.arrayContaining(['tabby', 'tamara', 'mispay', 'paymennt', 'cash']));
    expect(methods[0].locales.ar.name).toMatch(/[\u0600-\u06FF]/);
    expect(methods[0].locales.en.name).toBe('Tabby');
  });

  it('treats a repeated create with the same id as the same payment', async () => {
    const params = receipt();
    const first = await call('POST', '/v1/om/payments', { params });
    const again = await call('POST', '/v1/om/payments', { params: { ...params, amount: 999 } });
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.body.warnings[0].code).toBe('already_exists');

    const state = await (await fetch(`${base}/_control/state`)).json();
    expect(state.total).toBe(1);
    expect(state.payments[0].amount).toBe(150.5);
    const ledger = await (await fetch(`${base}/_control/ledger`)).json();
    expect(ledger.entries.map((e: any) => [e.op, e.duplicate])).toEqual([
      ['create', false],
      ['create', true],
    ]);
  });

  it('generates an id when the client sends none and replays a repeated idempotency-key', async () => {
    const { id: _omit, ...params } = receipt();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await call('POST', '/v1/om/payments', { params, headers });
    const again = await call('POST', '/v1/om/payments', { params, headers });
    expect(first.body.data.id).toMatch(/^pay_/);
    expect(again.body.data.id).toBe(first.body.data.id);
  });

  it('updates, confirms and deletes (reverses) a payment', async () => {
    const params = receipt();
    await call('POST', '/v1/om/payments', { params });

    const updated = await call('PATCH', `/v1/om/payments/${params.id}`, { params: { id: params.id, orderId: params.orderId, amount: 120, note: 'price corrected' } });
    expect(updated.status).toBe(200);
    expectEnvelope(updated.body);
    expect(updated.body.data).toEqual({ success: true });

    const confirmed = await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: { id: params.id, orderId: params.orderId, transactionRef: 'tabby_cap_1' } });
    expect(confirmed.status).toBe(200);
    expectEnvelope(confirmed.body);
    expect(confirmed.body.data.items[0]).toMatchObject({ id: params.id, status: 'complete', amount: 120, note: 'price corrected', transactionRef: 'tabby_cap_1', can: ['update', 'delete'] });
    expect(confirmed.body.data.items[0].completedAt).toEqual(expect.any(String));
    expect(confirmed.body.data.paymentMethods.length).toBeGreaterThanOrEqual(5);

    const refused = await call('PATCH', `/v1/om/payments/${params.id}`, { params: { amount: 100 } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('correction_required');
    const corrected = await call('PATCH', `/v1/om/payments/${params.id}`, { params: { amount: 100, correction: true } });
    expect(corrected.status).toBe(200);

    const deleted = await call('DELETE', `/v1/om/payments/${params.id}`);
    expect(deleted.status).toBe(200);
    expectEnvelope(deleted.body);
    expect(deleted.body.data.items[0]).toMatchObject({ id: params.id, status: 'reversed', can: [] });
    expect(deleted.body.data.items[0].reversedAt).toEqual(expect.any(String));

    const deletedAgain = await call('DELETE', `/v1/om/payments/${params.id}`);
    expect(deletedAgain.status).toBe(200);
    const confirmAfterDelete = await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: {} });
    expect(confirmAfterDelete.status).toBe(422);
    expect(confirmAfterDelete.body.error.code).toBe('payment_reversed');

    const ledger = await (await fetch(`${base}/_control/ledger`)).json();
    expect(ledger.entries.map((e: any) => `${e.op}:${e.duplicate}`)).toEqual(['create:false', 'update:false', 'confirm:false', 'update:false', 'delete:false', 'delete:true']);
    expect(ledger.entries[0]).toMatchObject({ seq: 1, payment_id: params.id, order_id: params.orderId, type: 'receipt', amount: 150.5, at: expect.any(String) });
  });

  it('confirms once: a repeated confirm changes nothing', async () => {
    const params = receipt();
    await call('POST', '/v1/om/payments', { params });
    const first = await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: { id: params.id } });
    const again = await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: { id: params.id, transactionRef: 'other' } });
    expect(again.status).toBe(200);
    expect(again.body.data.items[0].completedAt).toBe(first.body.data.items[0].completedAt);
    expect(again.body.data.items[0].transactionRef).toBe('tabby_pay_1');
    const ledger = await (await fetch(`${base}/_control/ledger`)).json();
    expect(ledger.entries.filter((e: any) => e.op === 'confirm').map((e: any) => e.duplicate)).toEqual([false, true]);
  });

  it('answers 404 in the envelope for an unknown payment', async () => {
    const res = await call('PATCH', '/v1/om/payments/nope/confirm', { params: {} });
    expect(res.status).toBe(404);
    expectEnvelope(res.body);
    expect(res.body.error.code).toBe('payment_not_found');
    expect(res.body.warnings[0].message).toMatch(/nope/);
  });

  it('refuses a missing or wrong api-key (401) and organization-id (403)', async () => {
    const params = receipt();
    const noKey = await call('POST', '/v1/om/payments', { params, headers: { 'api-key': 'wrong' } });
    expect(noKey.status).toBe(401);
    expectEnvelope(noKey.body);
    expect(noKey.body.error.code).toBe('unauthorized');
    const wrongOrg = await call('POST', '/v1/om/payments', { params, headers: { 'organization-id': 'org_other' } });
    expect(wrongOrg.status).toBe(403);
    expect(wrongOrg.body.error.code).toBe('forbidden');
    const res = await fetch(`${base}/v1/om/payments?orderId=ORD-1`);
    expect(res.status).toBe(401);
    const state = await (await fetch(`${base}/_control/state`)).json();
    expect(state.total).toBe(0);
  });

  it.each([
    ['missing params', { orderId: 'x' }, 'params'],
    ['a missing orderId', { params: { ...receipt(), orderId: undefined } }, 'params.orderId'],
    ['an unknown type', { params: receipt({ type: 'payout' }) }, 'params.type'],
    ['a negative amount', { params: receipt({ amount: -5 }) }, 'params.amount'],
    ['an amount with 4 decimals', { params: receipt({ amount: 1.2345 }) }, 'params.amount'],
    ['an amount sent as a string', { params: receipt({ amount: '10' }) }, 'params.amount'],
    ['an unknown status', { params: receipt({ status: 'paid' }) }, 'params.status'],
    ['a non-boolean custom', { params: receipt({ custom: 'yes' }) }, 'params.custom'],
    ['attrs that are not an object', { params: receipt({ attrs: [1, 2] }) }, 'params.attrs'],
    ['a refund without sourcePaymentId', { params: receipt({ type: 'refund' }) }, 'params.sourcePaymentId'],
    ['a misspelt field', { params: receipt({ methodID: 'cash' }) }, 'params'],
    ['an id with spaces', { params: receipt({ id: 'a b' }) }, 'params.id'],
  ])('rejects a create with %s (400)', async (_label, body, field) => {
    const res = await call('POST', '/v1/om/payments', { body });
    expect(res.status).toBe(400);
    expectEnvelope(res.body);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
  });

  it('rejects an unknown payment method, broken JSON and bad update/confirm params with 400', async () => {
    expect((await call('POST', '/v1/om/payments', { params: receipt({ methodId: 'bitcoin' }) })).body.error.code).toBe('unknown_payment_method');
    const broken = await call('POST', '/v1/om/payments', { body: '{"params":' });
    expect(broken.status).toBe(400);
    expectEnvelope(broken.body);
    const params = receipt();
    await call('POST', '/v1/om/payments', { params });
    expect((await call('PATCH', `/v1/om/payments/${params.id}`, { params: { id: 'other' } })).status).toBe(400);
    expect((await call('PATCH', `/v1/om/payments/${params.id}`, { params: { type: 'refund' } })).status).toBe(400);
    expect((await call('PATCH', `/v1/om/payments/${params.id}`, { params: { status: 'reversed' } })).status).toBe(400);
    expect((await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: { amount: 1 } })).status).toBe(400);
    expect((await call('PATCH', `/v1/om/payments/${params.id}/confirm`, { params: { orderId: 'ORD-OTHER' } })).status).toBe(422);
    expect((await call('GET', '/v1/om/payments')).status).toBe(400);
  });

  it('injects faults only while they are on, and every answer keeps the envelope', async () => {
    await fetch(`${base}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error_rate: 1 }) });
    const failed = await call('POST', '/v1/om/payments', { params: receipt() });
    expect(failed.status).toBe(503);
    expectEnvelope(failed.body);
    const cleared = await (await fetch(`${base}/_control/faults`, { method: 'DELETE' })).json();
    expect(cleared.faults.error_rate).toBe(0);
    expect((await call('POST', '/v1/om/payments', { params: receipt() })).status).toBe(200);
  });

  it('applies a write whose answer is lost (fail_after_commit) exactly once on retry', async () => {
    await fetch(`${base}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fail_after_commit_rate: 1 }) });
    const params = receipt();
    await expect(call('POST', '/v1/om/payments', { params })).rejects.toThrow();
    await fetch(`${base}/_control/faults`, { method: 'DELETE' });
    const retried = await call('POST', '/v1/om/payments', { params });
    expect(retried.body.data.id).toBe(params.id);
    const state = await (await fetch(`${base}/_control/state`)).json();
    expect(state.total).toBe(1);
  });
});
