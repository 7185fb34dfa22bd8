import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCookie } from '../testing/launch';
import { startTestPayDesk } from '../testing/payDesk';

// The engine's log: every line of a request carries the id its answer carries, and nothing a customer
// or a credential owner would mind reaches the file.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(async () => {
  await pd.close();
});

type Line = Record<string, unknown> & { request_id?: string; level: number; msg?: string };

function logText(): string {
  const file = join(pd.dataDir, 'logs', 'paydesk.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
function linesFor(requestId: string): Line[] {
  return logText()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => l.request_id === requestId);
}

const sale = (over: Record<string, unknown>) => ({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'LOG-1', amount: '150.00', currency: 'SAR', ...over });

describe('request log', () => {
  it('an error answer carries the request id of its log lines, in the body and the x-request-id header', async () => {
    const res = await fetch(`${pd.url}/api/v1/providers/paylinks`, {
      method: 'POST',
      headers: { authorization: 'Bearer test_api_token_for_paydesk', 'content-type': 'application/json' },
      body: JSON.stringify(sale({ amount: '150.001', buyer_phone: '0555123456' })),
    });
    const body = (await res.json()) as { success: boolean; error: { code: string }; request_id: string };
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ success: false, error: { code: 'invalid_amount' } });
    expect(body.request_id).toMatch(/^[\w-]{8,}$/);
    expect(res.headers.get('x-request-id')).toBe(body.request_id);
    await expect.poll(() => linesFor(body.request_id).length).toBeGreaterThanOrEqual(2);
    const lines = linesFor(body.request_id);
    expect(lines.find((l) => l.msg === 'incoming request')).toMatchObject({ req: { method: 'POST', url: '/api/v1/providers/paylinks' } });
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ res: { statusCode: 400 } });
  });

  it('keeps a well-formed x-request-id the caller sent', async () => {
    const res = await pd.api('GET', '/api/v1/providers/paylinks/pl_missing', { headers: { 'x-request-id': 'till-7-req-000123' } });
    expect(res.status).toBe(404);
    expect(res.body.request_id).toBe('till-7-req-000123');
    await expect.poll(() => linesFor('till-7-req-000123').length).toBeGreaterThanOrEqual(2);
  });

  it('never writes a phone number, a token or an Authorization header to the file', async () => {
    const phone = '0555987654';
    await pd.api('POST', '/api/v1/providers/paylinks', { body: sale({ order_id: 'LOG-2', buyer_phone: phone, phone_number: `+966${phone.slice(1)}` }) });
    await pd.api('GET', `/api/v1/providers/paylinks?buyer_phone=${phone}&token=tok_secret_query_123`);
    const refused = await pd.api('GET', '/api/v1/providers', { token: 'pdk_wrong_token_should_not_be_logged' });
    expect(refused.status).toBe(401);
    await fetch(`${pd.url}/launch?token=launch_token_in_the_url_123`);
    await expect.poll(() => linesFor(refused.body.request_id).length).toBeGreaterThanOrEqual(2);
    const text = logText();
    expect(text).toContain('/api/v1/providers/paylinks?buyer_phone=[redacted]&token=[redacted]');
    for (const secret of [phone, phone.slice(1), 'tok_secret_query_123', 'pdk_wrong_token_should_not_be_logged', 'test_api_token_for_paydesk', 'launch_token_in_the_url_123']) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs a 5xx with its cause under the request id the answer names', async () => {
    await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'tabby', error_rate: 1 }) });
    try {
      const res = await pd.api('POST', '/api/v1/providers/paylinks', { body: sale({ order_id: 'LOG-3' }) });
      expect(res.status).toBeGreaterThanOrEqual(500);
      const id = res.body.request_id as string;
      await expect.poll(() => linesFor(id).some((l) => l.level >= 40 && typeof l.err === 'object')).toBe(true);
      const line = linesFor(id).find((l) => l.level >= 40) as Line & { err: { message: string }; code: string };
      expect(line.code).toBe(res.body.error.code);
      expect(line.err.message).toMatch(/tabby/i);
    } finally {
      await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
    }
  });

  it('logs a bridge call that fails at the provider under the bridge request\'s id', async () => {
    const cookie = await launchCookie(pd.launchUrl);
    const bridge = async (method: string, body: unknown, session?: string) => {
      const res = await fetch(`${pd.url}/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...(session ? { 'x-paydesk-session': session } : {}) },
        body: JSON.stringify(body),
      });
      return { id: res.headers.get('x-request-id') as string, body: (await res.json()) as { ok: boolean; value?: { token: string }; error?: { code: string } } };
    };
    const signIn = await bridge('auth.signIn', { pin: '1111' });
    await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'tabby', error_rate: 1 }) });
    try {
      const created = await bridge('paylinks.create', sale({ order_id: 'LOG-4' }), signIn.body.value?.token);
      expect(created.body.ok).toBe(false);
      await expect.poll(() => linesFor(created.id).some((l) => l.level >= 40 && l.method === 'paylinks.create')).toBe(true);
      expect(linesFor(created.id).find((l) => l.level >= 40)).toMatchObject({ code: created.body.error?.code, err: { message: expect.stringMatching(/tabby/i) } });
    } finally {
      await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
    }
  });
});
