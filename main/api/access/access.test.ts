import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk, TEST_API_TOKEN, TEST_LAUNCH_TOKEN } from '../../testing/payDesk';

// DNS rebinding and local callers: only this till's own names are answered, and the bridge needs the
// cookie that only the printed launch link hands out.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let port: number;
beforeAll(async () => {
  pd = await startTestPayDesk();
  port = Number(new URL(pd.url).port);
});
afterAll(() => pd.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** node:http, because fetch will not send a Host header of our choosing. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      // An event stream never ends by itself: the first chunk is enough to know it was opened.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.once('data', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: undefined });
        });
        return;
      }
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const EVIL = 'evil.example';

describe('Host check', () => {
  it('refuses a foreign Host on the app, the bridge, the REST API and the event stream, in the envelope', async () => {
    const evilHost = { host: `${EVIL}:${port}` };
    const cases: [string, string, Record<string, string>, string?][] = [
      ['GET', '/', evilHost],
      ['GET', '/index.html', evilHost],
      ['POST', '/bridge/app.info', { ...evilHost, cookie: pd.bridgeCookie }, '{}'],
      ['GET', '/bridge/events?session=x', { ...evilHost, cookie: pd.bridgeCookie }],
      ['GET', '/api/v1/providers', { ...evilHost, authorization: `Bearer ${TEST_API_TOKEN}` }],
      ['GET', `/launch?token=${TEST_LAUNCH_TOKEN}`, evilHost],
      ['GET', '/sandbox/_control/ledger', evilHost],
      ['POST', '/api/v1/webhooks/tabby', evilHost, '{}'],
      ['GET', '/api/v1/providers/paylinks/%zz', evilHost],
      ['GET', `/api/v1/providers/paylinks/${'x'.repeat(700)}`, evilHost],
      ['GET', '/no/such/route', evilHost],
      ['GET', '/', { host: `127.0.0.1:${port + 1}` }],
      ['GET', '/', { host: `127.0.0.1.${EVIL}:${port}` }],
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await raw(method, path, headers, body);
      expect(res.status, `${method} ${path} with Host ${headers.host}`).toBe(421);
      expect(res.body).toMatchObject({ success: false, error: { code: 'misdirected_request' } });
      expect(res.text).not.toContain(EVIL);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers 127.0.0.1 and localhost with the listening port', async () => {
    expect((await raw('GET', '/', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await raw('GET', '/', { host: `LOCALHOST:${port}` })).status).toBe(200);
    const api = await raw('GET', '/api/v1/providers', { host: `localhost:${port}`, authorization: `Bearer ${TEST_API_TOKEN}` });
    expect(api.status).toBe(200);
  });

  it('stops the rebound-page chain (read info → sign in → capture) at its first step', async () => {
    const page = { host: `${EVIL}:${port}`, origin: `http://${EVIL}:${port}` };
    const info = await raw('POST', '/bridge/app.info', page, '{}');
    expect(info.status).toBe(421);
    expect(info.text).not.toContain('1111');
    // Even a page that somehow skipped the first step gets no further.
    expect((await raw('POST', '/bridge/auth.signIn', page, '{"pin":"9999"}')).status).toBe(421);
    expect((await raw('POST', '/bridge/paylinks.capture', page, '{"id":"pl_x"}')).status).toBe(421);
  });
});

describe('launch link and bridge cookie', () => {
  const self = () => ({ host: `127.0.0.1:${port}` });

  it('refuses every bridge call and the event stream without the launch cookie; static files still load', async () => {
    for (const [method, path, body] of [
      ['POST', '/bridge/app.info', '{}'],
      ['POST', '/bridge/auth.signIn', '{"pin":"9999"}'],
      ['POST', '/bridge/paylinks.capture', '{"id":"pl_x"}'],
      ['GET', '/bridge/events?session=x', undefined],
    ] as const) {
      const res = await raw(method, path, self(), body);
      expect(res.status, path).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: 'launch_required' } });
    }
    const forged = await raw('POST', '/bridge/app.info', { ...self(), cookie: `paydesk_bridge=${TEST_LAUNCH_TOKEN}` }, '{}');
    expect(forged.status).toBe(403);
    expect((await raw('GET', '/', self())).status).toBe(200);
  });

  it('exchanges the launch token for an HttpOnly SameSite=Strict cookie and lands on the app', async () => {
    const res = await raw('GET', `/launch?token=${TEST_LAUNCH_TOKEN}`, self());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^paydesk_bridge=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toContain(TEST_LAUNCH_TOKEN);
    const pair = cookie.split(';')[0]!;
    const info = await raw('POST', '/bridge/app.info', { ...self(), cookie: pair }, '{}');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ ok: true, value: { mode: 'demo' } });
    // The link stays valid while the process runs: a second window opens it again.
    expect((await raw('GET', `/launch?token=${TEST_LAUNCH_TOKEN}`, self())).status).toBe(303);
  });

  it('refuses a wrong or missing launch token without setting a cookie', async () => {
    for (const path of ['/launch', '/launch?token=', `/launch?token=${TEST_LAUNCH_TOKEN}x`, `/launch?token=a&token=b`]) {
      const res = await raw('GET', path, self());
      expect(res.status, path).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: 'forbidden' } });
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.text).not.toContain(TEST_LAUNCH_TOKEN);
    }
  });

  it('refuses a cross-origin page even with the cookie', async () => {
    const res = await raw('POST', '/bridge/app.info', { ...self(), cookie: pd.bridgeCookie, origin: 'http://evil.example' }, '{}');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('opening the launch link', () => {
  it('opens the browser only for a person at a terminal, never in CI or when turned off', async () => {
    const { openerFor, shouldOpenBrowser } = await import('./openBrowser');
    expect(shouldOpenBrowser({}, true)).toBe(true);
    expect(shouldOpenBrowser({}, false)).toBe(false);
    expect(shouldOpenBrowser({ CI: '1' }, true)).toBe(false);
    expect(shouldOpenBrowser({ PAYDESK_OPEN_BROWSER: '0' }, true)).toBe(false);
    expect(shouldOpenBrowser({ PAYDESK_OPEN_BROWSER: '1' }, false)).toBe(true);
    expect(openerFor('linux', 'http://127.0.0.1:1/launch?token=t')).toEqual({ command: 'xdg-open', args: ['http://127.0.0.1:1/launch?token=t'] });
    expect(openerFor('darwin', 'u').command).toBe('open');
  });
});

describe('secrets in logged URLs', () => {
  it('the event stream staff session and the launch token never reach a log line', async () => {
    const { scrubText } = await import('../../log');
    const line = scrubText(`GET /bridge/events?session=Zm9vYmFyYmF6cXV4 /launch?token=${TEST_LAUNCH_TOKEN}`);
    expect(line).not.toContain('Zm9vYmFyYmF6cXV4');
    expect(line).not.toContain(TEST_LAUNCH_TOKEN);
  });
});
