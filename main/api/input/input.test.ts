import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../../testing/payDesk';
import { hasDuplicateKey } from './jsonBody';
import { MAX_ID_LENGTH } from './routerErrors';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

/** Raw HTTP: fetch would normalise the path (and refuses some of what a hostile caller sends). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string; body: any }> {
  const port = Number(new URL(pd.url).port);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = { authorization: 'Bearer test_api_token_for_paydesk' };
const MARK = 'zqxmarkzqx';

describe('router errors', () => {
  it('answers every router error in the envelope without echoing the request', async () => {
    const cases: [string, number, string][] = [
      [`/api/v1/providers/paylinks/${MARK}${'x'.repeat(600)}`, 414, 'uri_too_long'],
      [`/api/v1/providers/paylinks/${MARK}%zz`, 400, 'bad_request'],
      [`/api/v1/providers/paylinks/${MARK}%E0%A4%A`, 400, 'bad_request'],
      [`/${MARK}/nothing`, 404, 'not_found'],
      [`/api/v1/${MARK}`, 404, 'not_found'],
    ];
    for (const [path, status, code] of cases) {
      const res = await raw('GET', path, bearer);
      expect(res.status, path).toBe(status);
      expect(res.body, path).toMatchObject({ success: false, error: { code, message: expect.any(String) } });
      expect(res.text, path).not.toContain(MARK);
      expect(res.text).not.toMatch(/FST_ERR|at .*\.[jt]s:\d+/);
    }
  });

  it('refuses an over-long id with a clear 400, after the auth check', async () => {
    const long = 'p'.repeat(MAX_ID_LENGTH + 1);
    const res = await raw('GET', `/api/v1/providers/paylinks/${long}`, bearer);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(String(MAX_ID_LENGTH)) });
    expect((await raw('GET', `/api/v1/providers/paylinks/${long}`)).status).toBe(401);
    expect((await raw('GET', `/api/v1/providers/paylinks/${'p'.repeat(MAX_ID_LENGTH)}`, bearer)).status).toBe(404);
  });

  it('checks access on the route that matched, so a %-escaped path gets no further than the plain one', async () => {
    expect((await raw('GET', '/%61pi/v1/providers')).status).toBe(401);
    expect((await raw('GET', '/api/v1/%70roviders')).status).toBe(401);
    const bridge = await raw('POST', '/%62ridge/app.info', {}, '{}');
    expect(bridge.status).toBe(403);
    expect(bridge.body.error.code).toBe('launch_required');
    const links = await raw('GET', '/%61pi/payment-links/');
    expect([401, 404]).toContain(links.status);
  });
});

describe('auth before parsing', () => {
  it('refuses an unauthenticated call before reading its body', async () => {
    const api = await raw('POST', '/api/v1/providers/paylinks', {}, '{not json');
    expect(api.status).toBe(401);
    const bridge = await raw('POST', '/bridge/paylinks.capture', { cookie: pd.bridgeCookie }, JSON.stringify({ id: 42 }));
    expect(bridge.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const noCookie = await raw('POST', '/bridge/paylinks.capture', {}, '{not json');
    expect(noCookie.status).toBe(403);
  });
});

describe('safe JSON', () => {
  const product = (sku: string) => ({ sku, name_en: 'Cardamom', name_ar: 'هيل', price: '12.00', currency: 'SAR' });
  const count = (sku: string) => (pd.db.prepare(`SELECT count(*) AS n FROM products WHERE sku = ?`).get(sku) as { n: number }).n;

  it('refuses __proto__ and constructor.prototype with a 400 and writes nothing', async () => {
    const bodies = [
      `{"__proto__":{"admin":true},${JSON.stringify(product('PROTO-1')).slice(1)}`,
      `{"constructor":{"prototype":{"admin":true}},${JSON.stringify(product('PROTO-2')).slice(1)}`,
      JSON.stringify({ ...product('PROTO-3'), nested: 1 }).replace('"nested":1', '"x":{"__proto__":{"polluted":1}}'),
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await raw('POST', '/api/v1/catalog/products', bearer, body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
      expect(count(`PROTO-${i + 1}`)).toBe(0);
    }
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    const bridge = await raw('POST', '/bridge/auth.signIn', { cookie: pd.bridgeCookie }, '{"pin":"9999","__proto__":{"role":"manager"}}');
    expect(bridge.status).toBe(400);
    expect(bridge.body).toMatchObject({ success: false, error: { code: 'invalid_json' } });
  });

  it('refuses a body that names a key twice', async () => {
    const res = await raw('POST', '/api/v1/catalog/products', bearer, `{"sku":"DUP-1","sku":"DUP-2",${JSON.stringify(product('x')).slice(1).replace('"sku":"x",', '')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(count('DUP-1') + count('DUP-2')).toBe(0);
    // A well-formed body of the same product goes through.
    expect((await raw('POST', '/api/v1/catalog/products', bearer, JSON.stringify(product('DUP-OK')))).status).toBe(201);
  });

  it('finds repeated keys the way JSON.parse reads them', () => {
    expect(hasDuplicateKey('{"a":1,"b":2}')).toBe(false);
    expect(hasDuplicateKey('{"a":1,"a":2}')).toBe(true);
    expect(hasDuplicateKey('{"a":1,"\\u0061":2}')).toBe(true);
    expect(hasDuplicateKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBe(false);
    expect(hasDuplicateKey('{"a":"x\\"a\\":","b":{"c":1,"c":2}}')).toBe(true);
    expect(hasDuplicateKey('["a","a"]')).toBe(false);
  });
});

describe('limits', () => {
  it('sets a request timeout and a body limit on purpose', async () => {
    expect(pd.app.server.requestTimeout).toBe(30_000);
    const big = JSON.stringify({ ...product('BIG'), name_en: 'x'.repeat(300 * 1024) });
    const res = await raw('POST', '/api/v1/catalog/products', bearer, big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

function product(sku: string) {
  return { sku, name_en: 'Cardamom', name_ar: 'هيل', price: '12.00', currency: 'SAR' };
}
