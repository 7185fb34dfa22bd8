import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TabbyError, TabbySession } from '../providers/contracts/tabby';
import { SANDBOX_CREDENTIALS } from './credentials';
import { startSandboxServer, type RunningSandbox } from './index';

// The Tabby simulator refuses what Tabby's contract refuses, in Tabby's own error shape.

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandboxServer();
});
afterAll(() => sb.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/sandbox/tabby${path}`, {
    method,
    headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.tabby.secret_key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let seq = 0;
const checkout = () => ({
  merchant_code: SANDBOX_CREDENTIALS.tabby.merchant_code,
  lang: 'en',
  payment: { amount: '150.00', currency: 'SAR', order: { reference_id: `pl-${++seq}` } },
});

async function refused(path: string, body: unknown, field: RegExp) {
  const res = await call('POST', path, body);
  expect(res.status).toBe(400);
  const error = TabbyError.parse(res.body);
  expect(error.errorType).toBe('bad_data');
  expect(error.error).toMatch(field);
}

describe('Tabby simulator: required fields', () => {
  it('opens a POS session from the POS minimum', async () => {
    const res = await call('POST', '/api/v2/checkout', checkout());
    expect(res.status).toBe(200);
    expect(TabbySession.parse(res.body).status).toBe('created');
  });

  it.each(['merchant_code', 'lang', 'payment'])('a checkout without %s is refused', async (field) => {
    const body: Record<string, unknown> = checkout();
    delete body[field];
    await refused('/api/v2/checkout', body, new RegExp(`${field} is required`));
  });

  it.each(['amount', 'currency', 'order'])('a checkout without payment.%s is refused', async (field) => {
    const body = checkout();
    delete (body.payment as Record<string, unknown>)[field];
    await refused('/api/v2/checkout', body, new RegExp(`payment\\.${field} is required`));
  });

  it('refuses a number amount, a missing order reference and an undocumented meta key', async () => {
    await refused('/api/v2/checkout', { ...checkout(), payment: { ...checkout().payment, amount: 150 } }, /payment\.amount/);
    await refused('/api/v2/checkout', { ...checkout(), payment: { ...checkout().payment, order: {} } }, /payment\.order\.reference_id is required/);
    await refused('/api/v2/checkout', { ...checkout(), payment: { ...checkout().payment, meta: { paylink_id: 'x' } } }, /paylink_id/);
  });

  it.each(['captures', 'refunds'])('%s without amount or reference_id are refused', async (kind) => {
    const created = TabbySession.parse((await call('POST', '/api/v2/checkout', checkout())).body);
    await refused(`/api/v2/payments/${created.payment.id}/${kind}`, { reference_id: 'r1' }, /amount is required/);
    await refused(`/api/v2/payments/${created.payment.id}/${kind}`, { amount: '10.00' }, /reference_id is required/);
  });
});
