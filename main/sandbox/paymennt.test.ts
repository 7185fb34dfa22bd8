import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymenntCheckout, PaymenntError, paymenntOk } from '../providers/contracts/paymennt';
import { SANDBOX_CREDENTIALS } from './credentials';
import { startSandboxServer, type RunningSandbox } from './index';

// The paymennt simulator refuses what paymennt's OpenAPI refuses, in paymennt's own envelope.

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandboxServer();
});
afterAll(() => sb.close());

const auth = { 'x-paymennt-api-key': SANDBOX_CREDENTIALS.paymennt.api_key, 'x-paymennt-api-secret': SANDBOX_CREDENTIALS.paymennt.api_secret };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/sandbox/paymennt/mer/v2.0${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let seq = 0;
const qr = () => ({ requestId: `req-${++seq}`, orderId: `ord-${seq}`, currency: 'SAR', amount: 100, totals: { subtotal: 100, tax: 0 } });

async function refused(method: string, path: string, body: unknown, text: RegExp) {
  const res = await call(method, path, body);
  expect(res.status).toBe(400);
  expect(PaymenntError.parse(res.body).error).toMatch(text);
}

describe('paymennt simulator: required fields', () => {
  it('answers a complete QR checkout in the documented shape', async () => {
    const res = await call('POST', '/checkout/qr', qr());
    expect(res.status).toBe(200);
    const checkout = paymenntOk(PaymenntCheckout).parse(res.body).result;
    expect(checkout.base64QR).toMatch(/^iVBOR/); // a PNG
  });

  it.each(['requestId', 'orderId', 'currency', 'amount'])('QR checkout without %s is refused', async (field) => {
    const body: Record<string, unknown> = qr();
    delete body[field];
    await refused('POST', '/checkout/qr', body, new RegExp(`${field} is required`));
  });

  it('a link checkout needs a description', async () => {
    await refused('POST', '/checkout/link', qr(), /description is required/);
  });

  it('totals need subtotal and tax', async () => {
    await refused('POST', '/checkout/qr', { ...qr(), totals: { subtotal: 100 } }, /totals\.tax is required/);
    await refused('POST', '/checkout/qr', { ...qr(), totals: { tax: 0 } }, /totals\.subtotal is required/);
  });

  it.each(['firstName', 'lastName', 'email'])('a customer without %s is refused', async (field) => {
    const customer: Record<string, string> = { firstName: 'Sara', lastName: 'Harbi', email: 's@example.com', phone: '966500000001' };
    delete customer[field];
    await refused('POST', '/checkout/qr', { ...qr(), customer }, new RegExp(`customer\\.${field} is required`));
  });

  it('a phone with "+" and an undocumented field are refused', async () => {
    await refused('POST', '/checkout/qr', { ...qr(), customer: { firstName: 'S', lastName: 'H', email: 's@example.com', phone: '+966500000001' } }, /customer\.phone/);
    await refused('POST', '/checkout/qr', { ...qr(), paymentId: 'x' }, /Unrecognized field\(s\): paymentId/i);
  });

  it.each(['amount', 'currency', 'note'])('a refund without %s is refused', async (field) => {
    const created = await call('POST', '/checkout/qr', qr());
    const id = (created.body.result as { id: string }).id;
    const query = new URLSearchParams({ amount: '10', currency: 'SAR', note: 'n' });
    query.delete(field);
    await refused('POST', `/checkout/${id}/refund?${query}`, undefined, new RegExp(`${field} is required`));
  });

  it('a capture with an amount is refused (capture takes none) and a create is not deduplicated by requestId', async () => {
    await refused('POST', '/payment/1/capture?amount=5', undefined, /Unrecognized field\(s\): amount/i);
    const body = qr();
    const a = await call('POST', '/checkout/qr', body);
    const b = await call('POST', '/checkout/qr', body);
    expect((a.body.result as { id: string }).id).not.toBe((b.body.result as { id: string }).id);
    const search = await call('GET', `/checkout?requestId=${body.requestId}`);
    expect((search.body.result as { totalElements: number }).totalElements).toBe(2);
  });
});
