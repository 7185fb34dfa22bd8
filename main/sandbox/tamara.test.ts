import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TamaraError, TamaraInstoreSessionResponse, TamaraOrder } from '../providers/contracts/tamara';
import { SANDBOX_CREDENTIALS } from './credentials';
import { startSandboxServer, type RunningSandbox } from './index';

// The Tamara simulator refuses what Tamara's SDK and docs require, in its {message, errors[{error_code}]} shape.

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandboxServer();
});
afterAll(() => sb.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/sandbox/tamara${path}`, {
    method,
    headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.tamara.api_token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const money = (amount: number) => ({ amount, currency: 'SAR' });
const item = () => ({ reference_id: '1', type: 'Physical', name: 'Dates', sku: 'DAT-1', quantity: 1, unit_price: money(200), total_amount: money(200), tax_amount: money(0), discount_amount: money(0) });
let seq = 0;
const session = (): Record<string, unknown> => ({ total_amount: money(200), phone_number: '500000001', order_reference_id: `pl-${++seq}`, items: [item()] });

async function refused(path: string, body: unknown, text: RegExp, query = '') {
  const res = await call('POST', `${path}${query}`, body);
  expect(res.status).toBe(400);
  expect(TamaraError.parse(res.body).message).toMatch(text);
}

describe('Tamara simulator: required fields', () => {
  it('opens an in-store session and reads the order in the SDK’s shape', async () => {
    const res = await call('POST', '/checkout/in-store-session', session());
    expect(res.status).toBe(200);
    const created = TamaraInstoreSessionResponse.parse(res.body);
    expect(TamaraOrder.parse((await call('GET', `/merchants/orders/${created.order_id}`)).body).status).toBe('new');
  });

  it.each(['total_amount', 'phone_number', 'order_reference_id', 'items'])('an in-store session without %s is refused', async (field) => {
    const body = session();
    delete body[field];
    await refused('/checkout/in-store-session', body, new RegExp(`${field} is required`));
  });

  it.each(['reference_id', 'type', 'name', 'sku', 'quantity', 'total_amount', 'tax_amount'])('an item without %s is refused', async (field) => {
    const line: Record<string, unknown> = item();
    delete line[field];
    await refused('/checkout/in-store-session', { ...session(), items: [line] }, new RegExp(`items\\.0\\.${field} is required`));
  });

  it('a capture needs order_id, total_amount and shipping_info; a refund needs total_amount and comment', async () => {
    const capture = { order_id: 'o', total_amount: money(10), shipping_info: { shipped_at: '2026-01-01T00:00:00Z', shipping_company: 'Pickup' } };
    for (const field of ['order_id', 'total_amount', 'shipping_info'] as const) {
      const body: Record<string, unknown> = { ...capture };
      delete body[field];
      await refused('/payments/capture', body, new RegExp(`${field} is required`));
    }
    const created = TamaraInstoreSessionResponse.parse((await call('POST', '/checkout/in-store-session', session())).body);
    await refused(`/payments/simplified-refund/${created.order_id}`, { total_amount: money(10) }, /comment is required/);
    await refused(`/payments/simplified-refund/${created.order_id}`, { comment: 'c' }, /total_amount is required/);
  });

  it('a void needs order_id in the query or the body, and both must agree', async () => {
    const created = TamaraInstoreSessionResponse.parse((await call('POST', '/checkout/in-store-session', session())).body);
    await refused(`/checkout/${created.checkout_id}/void`, {}, /order_id is required/);
    await refused(`/checkout/${created.checkout_id}/void`, { order_id: 'other' }, /differ/, `?order_id=${created.order_id}`);
    const ok = await call('POST', `/checkout/${created.checkout_id}/void?order_id=${created.order_id}`, { order_id: created.order_id });
    expect(ok).toMatchObject({ status: 200, body: { order_was_voided: true } });
  });
});
