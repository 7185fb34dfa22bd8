import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MispayError, MispayStartCheckoutResponse, MispayTrackResponse } from '../providers/contracts/mispay';
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { MISPAY_ENVELOPE } from '../providers/contracts/mispay';
import { SANDBOX_CREDENTIALS } from './credentials';
import { startSandboxServer, type RunningSandbox } from './index';

// The MisPay simulator refuses what MisPay's v1.2 contract refuses, with MisPay's own ExceptionType body.

/** Opens MisPay's envelope as the contract describes it (a merchant's view; neither the adapter's nor the simulator's code). */
function open(blob: string, secret: string): string {
  const e = MISPAY_ENVELOPE;
  const raw = Buffer.from(blob, 'base64');
  const salt = raw.subarray(0, e.saltBytes);
  const nonce = raw.subarray(e.saltBytes, e.saltBytes + e.nonceBytes);
  const tag = raw.subarray(raw.length - e.tagBytes);
  const key = pbkdf2Sync(secret, salt, e.pbkdf2Iterations, e.keyBytes, e.digest);
  const decipher = createDecipheriv(e.cipher, key, nonce, { authTagLength: e.tagBytes });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(e.saltBytes + e.nonceBytes, raw.length - e.tagBytes)), decipher.final()]).toString('utf8');
}

let sb: RunningSandbox;
let jwt = '';
const app = SANDBOX_CREDENTIALS.mispay;

beforeAll(async () => {
  sb = await startSandboxServer();
  const res = await fetch(`${sb.url}/sandbox/mispay/v1/api/token`, { headers: { 'x-app-id': app.app_id, 'x-app-secret': app.app_secret } });
  const token = ((await res.json()) as { result: { token: string } }).result.token;
  jwt = (JSON.parse(open(token, app.app_secret)) as { token: string }).token;
});
afterAll(() => sb.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/sandbox/mispay/v1/api${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'x-app-id': app.app_id, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let seq = 0;
const start = (): Record<string, unknown> => ({
  version: 'v1.2',
  orderId: `pl-${++seq}`,
  purchaseAmount: 300,
  purchaseCurrency: 'SAR',
  totalPrice: 300,
  shippingAmount: 0,
  vat: 0,
  lang: 'en',
  customerDetails: {},
  orderDetails: { items: [{ quantity: 1, unitPrice: 300, nameEnglish: 'Dates' }] },
});

async function refusedMe97(path: string, body: unknown) {
  const res = await call('POST', path, body);
  expect(res.status).toBe(400);
  expect(MispayError.parse(res.body)).toEqual({ status: 'error : 400', result: 'ExceptionType.ME97' });
}

describe('MisPay simulator: required fields', () => {
  it('starts a complete v1.2 checkout; track-checkout answers status and orderId only', async () => {
    const body = start();
    const res = await call('POST', '/start-checkout', body);
    expect(res.status).toBe(200);
    const { trackId } = MispayStartCheckoutResponse.parse(res.body).result;
    expect(MispayTrackResponse.parse((await call('GET', `/track-checkout/${trackId}`)).body).result).toEqual({ status: 'pending', orderId: body.orderId });
  });

  it.each(['version', 'orderId', 'purchaseAmount', 'purchaseCurrency', 'totalPrice', 'shippingAmount', 'vat', 'lang', 'customerDetails', 'orderDetails'])(
    'start-checkout without %s is refused',
    async (field) => {
      const body = start();
      delete body[field];
      await refusedMe97('/start-checkout', body);
    },
  );

  it('refuses parts that do not add up, an empty item list and an item without its name', async () => {
    await refusedMe97('/start-checkout', { ...start(), vat: 10 });
    await refusedMe97('/start-checkout', { ...start(), orderDetails: { items: [] } });
    await refusedMe97('/start-checkout', { ...start(), orderDetails: { items: [{ quantity: 1, unitPrice: 300 }] } });
  });

  it.each(['purchaseId', 'totalAmount', 'currency', 'orderId', 'amount'])('refund without %s is refused', async (field) => {
    const body: Record<string, unknown> = { purchaseId: 'chk_x', totalAmount: '300.00', currency: 'SAR', orderId: 'pl-x', amount: '10.00' };
    delete body[field];
    await refusedMe97('/refund', body);
  });
});
