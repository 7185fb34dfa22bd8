import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

const SEED_PROVIDER_IDS = ['dinero', 'hyperpay', 'mispay', 'moyasar', 'paymennt', 'paypal', 'stripe', 'tabby', 'tamara', 'tap'];

describe('GET /api/v1/providers', () => {
  it('lists the nine seed providers plus paymennt with the seed fields', async () => {
    const res = await pd.api('GET', '/api/v1/providers');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(10);
    expect(res.body.providers.map((p: { id: string }) => p.id).sort()).toEqual(SEED_PROVIDER_IDS);
    for (const p of res.body.providers) expect(Object.keys(p).sort()).toEqual(['app_slug', 'description', 'id', 'name', 'regions', 'type']);
    expect(res.body.providers.find((p: { id: string }) => p.id === 'mispay')).toEqual({
      id: 'mispay',
      name: 'MisPay',
      description: 'Split-in-4 BNPL with QR code checkout for POS',
      type: 'bnpl',
      regions: 'KSA',
      app_slug: 'mispay-pos-paylinks',
    });
    expect(res.body.providers.find((p: { id: string }) => p.id === 'paymennt')).toMatchObject({ type: 'paylink', app_slug: 'paymennt-paylinks' });
    expect(res.body.providers.find((p: { id: string }) => p.id === 'dinero')).toMatchObject({ name: 'Dinero Pay', type: 'gateway_sync', app_slug: 'dinero-payments' });
  });

  it('answers 401 with a code without the bearer token or with a wrong one', async () => {
    for (const token of [null, 'wrong-token', '']) {
      const res = await pd.api('GET', '/api/v1/providers', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ success: false, error: { code: 'unauthorized', message: expect.stringContaining('Bearer') }, request_id: expect.any(String) });
    }
    const basic = await pd.api('GET', '/api/v1/providers', { token: null, headers: { authorization: 'Basic dGVzdA==' } });
    expect(basic.status).toBe(401);
  });

  it('refuses cross-origin browser requests', async () => {
    const res = await pd.api('GET', '/api/v1/providers', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('GET /api/v1/providers/config/{provider}', () => {
  it('documents required and provider-specific fields and endpoints', async () => {
    const tamara = await pd.api('GET', '/api/v1/providers/config/tamara');
    expect(tamara.status).toBe(200);
    const required = tamara.body.required_fields.map((f: { name: string }) => f.name);
    expect(required).toEqual(expect.arrayContaining(['provider', 'org_app_id', 'order_id', 'amount', 'currency', 'phone_number']));
    expect(tamara.body.provider_fields.map((f: { name: string }) => f.name)).toEqual(['phone_number', 'payment_type', 'store_code', 'locale']);
    expect(tamara.body.endpoints.paylinks.create).toBe('POST /api/v1/providers/paylinks');
    const stripe = await pd.api('GET', '/api/v1/providers/config/stripe');
    expect(stripe.body.type).toBe('gateway_sync');
    expect(stripe.body.endpoints.paylinks).toBeNull();
  });

  it('answers 404 with a code for an unknown provider', async () => {
    const res = await pd.api('GET', '/api/v1/providers/config/klarna');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('unknown_provider');
  });

  it('answers the removed /providers/{provider}/config with 410 and the new path', async () => {
    const res = await pd.api('GET', '/api/v1/providers/tabby/config');
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('gone');
    expect(res.body.error.details.replacement).toBe('GET /api/v1/providers/config/tabby');
  });
});

describe('org apps', () => {
  const secretValues = Object.values(SANDBOX_CREDENTIALS).flatMap((c) => Object.values(c));

  it('lists one sandbox app per provider in demo mode without any credential value', async () => {
    const res = await pd.api('GET', '/api/v1/org-apps');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(10);
    for (const app of res.body.org_apps) {
      expect(app.environment).toBe('sandbox');
      expect(app).not.toHaveProperty('credentials');
      expect(app.credential_fields.length).toBeGreaterThan(0);
    }
    for (const secret of secretValues) expect(res.text).not.toContain(secret);
  });

  it('installs an app; credentials are write-only, encrypted at rest and never returned', async () => {
    const secret = 'tabby_secret_value_that_must_not_leak_123';
    const res = await pd.api('POST', '/api/v1/org-apps', {
      body: { provider: 'tabby', environment: 'live', name: 'Tabby Riyadh', credentials: { secret_key: secret, merchant_code: 'RUH01' } },
    });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain(secret);
    expect(res.body.org_app).toMatchObject({ provider: 'tabby', environment: 'live', base_url: 'https://api.tabby.sa', credential_fields: ['merchant_code', 'secret_key'] });
    const list = await pd.api('GET', '/api/v1/org-apps');
    expect(list.text).not.toContain(secret);
    for (const file of readdirSync(pd.dataDir)) {
      const path = join(pd.dataDir, file);
      if (statSync(path).isFile()) expect(readFileSync(path).includes(Buffer.from(secret)), `${file} holds the secret in clear`).toBe(false);
    }
    expect(statSync(join(pd.dataDir, 'credentials.key')).mode & 0o077).toBe(0);
  });

  it('refuses an install with missing credentials or an unknown provider', async () => {
    const missing = await pd.api('POST', '/api/v1/org-apps', { body: { provider: 'tabby', credentials: { secret_key: 'x' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.message).toMatch(/merchant_code/);
    const unknown = await pd.api('POST', '/api/v1/org-apps', { body: { provider: 'nope', credentials: { a: 'b' } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_provider');
  });
});

describe('staff sign-in', () => {
  it('signs in the demo cashier by PIN and refuses a wrong PIN with 401', async () => {
    const ok = await pd.api('POST', '/api/v1/auth/sessions', { body: { pin: '1111' }, token: null });
    expect(ok.status).toBe(201);
    expect(ok.body.access_token).toEqual(expect.any(String));
    expect(ok.body.staff).toMatchObject({ role: 'cashier' });
    const bad = await pd.api('POST', '/api/v1/auth/sessions', { body: { pin: '0001' }, token: null });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_pin');
  });
});

describe('bad requests', () => {
  it('maps malformed JSON, wrong content type and unknown routes to 4xx with codes', async () => {
    const badJson = await pd.api('POST', '/api/v1/org-apps', { raw: '{"provider": ', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    const text = await pd.api('POST', '/api/v1/org-apps', { raw: 'provider=tabby', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const missing = await pd.api('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(missing.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('browser bridge', () => {
  it('serves the contract: public app.info, then staff-only methods after sign-in', async () => {
    const call = async (method: string, body: unknown, session?: string) => {
      const res = await fetch(`${pd.url}/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: pd.bridgeCookie, ...(session ? { 'x-paydesk-session': session } : {}) },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; value?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const info = await call('app.info', {});
    expect(info.ok).toBe(true);
    expect(info.value.mode).toBe('demo');
    expect(info.value.demo_staff.map((s: { pin: string }) => s.pin).sort()).toEqual(['1111', '9999']);
    expect((await call('providers.list', {})).error?.code).toBe('unauthorized');
    const session = await call('auth.signIn', { pin: '9999' });
    expect(session.ok).toBe(true);
    const apps = await call('orgApps.list', {}, session.value.token);
    expect(apps.ok).toBe(true);
    expect(apps.value).toHaveLength(11);
    expect((await call('no.such.method', {})).error?.code).toBe('not_found');
  });
});

describe('content security policy', () => {
  it('puts the strict policy on the app but not on the sandbox hosted checkout page', async () => {
    const app = await fetch(`${pd.url}/`);
    expect(app.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const created = await pd.api('POST', '/api/v1/providers/paylinks', {
      body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-CSP', amount: '10.00', currency: 'SAR' },
    });
    const page = await fetch(created.body.checkout_url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBeNull();
  });
});

describe('shutdown', () => {
  it('closes while a browser holds the live event stream open', async () => {
    const { startTestPayDesk: start } = await import('../testing/payDesk');
    const other = await start();
    const signIn = await fetch(`${other.url}/bridge/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: other.bridgeCookie }, body: '{"pin":"1111"}' });
    const token = ((await signIn.json()) as { value: { token: string } }).value.token;
    const stream = await fetch(`${other.url}/bridge/events?session=${token}`, { headers: { cookie: other.bridgeCookie } });
    expect(stream.headers.get('content-type')).toMatch(/event-stream/);
    const reader = stream.body!.getReader();
    await reader.read(); // ": connected"
    const closed = other.close().then(() => 'closed');
    const timeout = new Promise((r) => setTimeout(() => r('timed out'), 5_000));
    expect(await Promise.race([closed, timeout])).toBe('closed');
    expect((await reader.read()).done).toBe(true);
  });
});
