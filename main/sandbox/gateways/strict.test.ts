import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DineroError } from '../../providers/contracts/dinero';
import { HyperPayResultOnly } from '../../providers/contracts/hyperpay';
import { MoyasarError } from '../../providers/contracts/moyasar';
import { PayPalError, PayPalOAuthError } from '../../providers/contracts/paypal';
import { StripeError } from '../../providers/contracts/stripe';
import { TapError } from '../../providers/contracts/tap';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { startSandboxServer, type RunningSandbox } from '../index';

// Each gateway simulator refuses a request that misses (or breaks) one required group of its
// contract, in that gateway's own error format — one test per group. Real HTTP to a real sandbox.

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandboxServer();
});
afterAll(() => sandbox.close());

interface Call {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
}

async function call(gateway: string, method: string, path: string, c: Call = {}): Promise<{ status: number; body: unknown }> {
  const qs = c.query ? `?${new URLSearchParams(c.query)}` : '';
  const headers: Record<string, string> = { ...c.headers };
  let body: string | undefined;
  if (c.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.json);
  } else if (c.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(c.form).toString();
  }
  const res = await fetch(`${sandbox.url}/sandbox/${gateway}${path}${qs}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: JSON.parse(await res.text()) as unknown };
}

/** The answer is the given 4xx, in the gateway's error format, and its text says what was wrong. */
function expectRefusal(res: { status: number; body: unknown }, status: number, schema: z.ZodType, mentions: RegExp): void {
  expect(res.status).toBe(status);
  expect(schema.safeParse(res.body).error?.issues ?? []).toEqual([]);
  expect(JSON.stringify(res.body)).toMatch(mentions);
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const bearer = (token: string) => `Bearer ${token}`;

describe('Stripe simulator', () => {
  const auth = { authorization: bearer(SANDBOX_CREDENTIALS.stripe.secret_key) };
  it('refuses a call without an API key', async () => {
    expectRefusal(await call('stripe', 'GET', '/v1/payment_intents'), 401, StripeError, /did not provide an API key/);
  });
  it('refuses a limit outside 1-100', async () => {
    expectRefusal(await call('stripe', 'GET', '/v1/payment_intents', { headers: auth, query: { limit: '101' } }), 400, StripeError, /"param":"limit"/);
  });
  it('refuses a created bound that is not a Unix timestamp', async () => {
    expectRefusal(await call('stripe', 'GET', '/v1/payment_intents', { headers: auth, query: { 'created[gte]': '2025-01-01' } }), 400, StripeError, /created\[gte\]/);
  });
  it('refuses an unknown parameter, as Stripe does', async () => {
    expectRefusal(await call('stripe', 'GET', '/v1/payment_intents', { headers: auth, query: { page: '2' } }), 400, StripeError, /Received unknown parameter: page/);
  });
});

describe('Moyasar simulator', () => {
  const auth = { authorization: basic(SANDBOX_CREDENTIALS.moyasar.secret_key, '') };
  it('refuses a call without Basic auth, and the key with a password', async () => {
    expectRefusal(await call('moyasar', 'GET', '/v1/payments'), 401, MoyasarError, /authentication_error/);
    expectRefusal(await call('moyasar', 'GET', '/v1/payments', { headers: { authorization: basic(SANDBOX_CREDENTIALS.moyasar.secret_key, 'x') } }), 401, MoyasarError, /authentication_error/);
  });
  it('refuses a page that is not a positive integer', async () => {
    expectRefusal(await call('moyasar', 'GET', '/v1/payments', { headers: auth, query: { page: '0' } }), 400, MoyasarError, /"page"/);
  });
  it('refuses a created bound that is not an ISO 8601 time with a zone', async () => {
    expectRefusal(await call('moyasar', 'GET', '/v1/payments', { headers: auth, query: { 'created[gt]': '1740000000' } }), 400, MoyasarError, /created\[gt\].*ISO 8601/);
  });
  it('refuses a filter the SDK does not know', async () => {
    expectRefusal(await call('moyasar', 'GET', '/v1/payments', { headers: auth, query: { per_page: '100' } }), 400, MoyasarError, /per_page/);
  });
});

describe('Tap simulator', () => {
  const auth = { authorization: bearer(SANDBOX_CREDENTIALS.tap.secret_key) };
  const period = { date: { from: 1_740_000_000_000, to: 1_740_003_600_000 }, type: 1 };
  it('refuses a call without the secret key (2107) and with a wrong one (2104)', async () => {
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { json: { period } }), 401, TapError, /2107/);
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { headers: { authorization: bearer('sk_test_other') }, json: { period } }), 401, TapError, /2104/);
  });
  it('refuses a list without period.date', async () => {
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { headers: auth, json: { limit: 25 } }), 400, TapError, /1103.*period/);
  });
  it('refuses a limit above 50', async () => {
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { headers: auth, json: { period, limit: 51 } }), 400, TapError, /limit/);
  });
  it('refuses a body field the list does not document', async () => {
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { headers: auth, json: { period, page: 2 } }), 400, TapError, /page/);
  });
  it('answers an empty window 400 "Charges not found"', async () => {
    expectRefusal(await call('tap', 'POST', '/v2/charges/list', { headers: auth, json: { period } }), 400, TapError, /Charges not found/);
  });
});

describe('PayPal simulator', () => {
  const clientAuth = { authorization: basic(SANDBOX_CREDENTIALS.paypal.client_id, SANDBOX_CREDENTIALS.paypal.client_secret) };
  let token = '';
  beforeAll(async () => {
    const res = await call('paypal', 'POST', '/v1/oauth2/token', { headers: clientAuth, form: { grant_type: 'client_credentials' } });
    token = (res.body as { access_token: string }).access_token;
  });
  const search = { start_date: '2025-03-01T00:00:00Z', end_date: '2025-03-02T00:00:00Z' };
  it('refuses a token request without grant_type, and wrong client credentials', async () => {
    expectRefusal(await call('paypal', 'POST', '/v1/oauth2/token', { headers: clientAuth, form: {} }), 400, PayPalOAuthError, /Grant Type is NULL/);
    expectRefusal(await call('paypal', 'POST', '/v1/oauth2/token', { headers: { authorization: basic('someone', 'else') }, form: { grant_type: 'client_credentials' } }), 401, PayPalOAuthError, /invalid_token/);
  });
  it('refuses a search without start_date or end_date', async () => {
    expectRefusal(await call('paypal', 'GET', '/v1/reporting/transactions', { headers: { authorization: bearer(token) }, query: { end_date: search.end_date } }), 400, PayPalError, /start_date/);
    expectRefusal(await call('paypal', 'GET', '/v1/reporting/transactions', { headers: { authorization: bearer(token) }, query: { start_date: search.start_date } }), 400, PayPalError, /end_date/);
  });
  it('refuses a search range over 31 days and a page_size over 500', async () => {
    expectRefusal(await call('paypal', 'GET', '/v1/reporting/transactions', { headers: { authorization: bearer(token) }, query: { ...search, end_date: '2025-04-02T00:00:01Z' } }), 400, PayPalError, /greater than 31 days/);
    expectRefusal(await call('paypal', 'GET', '/v1/reporting/transactions', { headers: { authorization: bearer(token) }, query: { ...search, page_size: '501' } }), 400, PayPalError, /page_size/);
  });
  it("refuses a verify body that is not JSON, in PayPal's error format", async () => {
    const res = await fetch(`${sandbox.url}/sandbox/paypal/v1/notifications/verify-webhook-signature`, { method: 'POST', headers: { authorization: bearer(token), 'content-type': 'application/json' }, body: '{"auth_algo":' });
    expectRefusal({ status: res.status, body: JSON.parse(await res.text()) as unknown }, 400, PayPalError, /MALFORMED_REQUEST_JSON/);
  });
  it('refuses API calls without a valid access token', async () => {
    expect((await call('paypal', 'GET', '/v1/reporting/transactions', { query: search })).status).toBe(401);
  });
  it('refuses a verify-webhook-signature call missing any transmission field', async () => {
    const full = { auth_algo: 'SHA256withRSA', cert_url: 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1', transmission_id: 't1', transmission_sig: 'sig', transmission_time: '2025-03-01T00:00:00Z', webhook_id: SANDBOX_CREDENTIALS.paypal.webhook_id, webhook_event: { id: 'WH-1' } };
    for (const field of Object.keys(full)) {
      const { [field as keyof typeof full]: _dropped, ...rest } = full;
      expectRefusal(await call('paypal', 'POST', '/v1/notifications/verify-webhook-signature', { headers: { authorization: bearer(token) }, json: rest }), 400, PayPalError, new RegExp(`VALIDATION_ERROR.*${field}`));
    }
  });
});

describe('HyperPay simulator', () => {
  const auth = { authorization: bearer(SANDBOX_CREDENTIALS.hyperpay.access_token) };
  const entityId = SANDBOX_CREDENTIALS.hyperpay.entity_id;
  it('refuses a query without the access token or without the entityId', async () => {
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { query: { entityId, merchantTransactionId: 'POS-00000001' } }), 401, HyperPayResultOnly, /800\.900\.300/);
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { headers: auth, query: { merchantTransactionId: 'POS-00000001' } }), 401, HyperPayResultOnly, /800\.900\.300/);
  });
  it('refuses a query without merchantTransactionId', async () => {
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { headers: auth, query: { entityId } }), 400, HyperPayResultOnly, /200\.300\.404.*merchantTransactionId/);
  });
  it('refuses a merchantTransactionId shorter than 8 characters', async () => {
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { headers: auth, query: { entityId, merchantTransactionId: 'POS-1' } }), 400, HyperPayResultOnly, /200\.300\.404.*8-255/);
  });
  it('refuses a parameter the query does not take', async () => {
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { headers: auth, query: { entityId, merchantTransactionId: 'POS-00000001', limit: '10' } }), 400, HyperPayResultOnly, /limit/);
  });
  it('answers an unknown reference 404 700.400.580', async () => {
    expectRefusal(await call('hyperpay', 'GET', '/v3/query', { headers: auth, query: { entityId, merchantTransactionId: 'POS-00000001' } }), 404, HyperPayResultOnly, /700\.400\.580/);
  });
});

describe('Dinero simulator', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  const body = { merchant_key: SANDBOX_CREDENTIALS.dinero.merchant_key, payment_id: id, hash: 'a'.repeat(40) };
  for (const field of ['merchant_key', 'payment_id', 'hash'] as const) {
    it(`refuses a status call without ${field}`, async () => {
      const { [field]: _dropped, ...rest } = body;
      expectRefusal(await call('dinero', 'POST', '/api/v1/payment/status', { json: rest }), 400, DineroError, new RegExp(field));
    });
  }
  it('refuses a hash that is not 40 hex characters, and a hash that does not match', async () => {
    expectRefusal(await call('dinero', 'POST', '/api/v1/payment/status', { json: { ...body, hash: 'not-a-hash' } }), 400, DineroError, /hash/);
    expectRefusal(await call('dinero', 'POST', '/api/v1/payment/status', { json: body }), 401, DineroError, /merchant_key or hash is invalid/);
  });
});
