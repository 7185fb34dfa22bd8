import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

const install = (environment: 'live' | 'sandbox', base_url: string) =>
  pd.api('POST', '/api/v1/org-apps', { body: { provider: 'tabby', environment, base_url, credentials: { secret_key: 'sk_test', merchant_code: 'M1' } } });
const apps = () => (pd.db.prepare(`SELECT count(*) AS n FROM org_apps`).get() as { n: number }).n;

describe('org app base_url', () => {
  it('takes only https for a live app', async () => {
    const before = apps();
    for (const url of ['http://api.tabby.sa', 'javascript:alert(1)', 'file:///etc/passwd', 'http://127.0.0.1:9', 'ftp://api.tabby.sa', 'https://user:pw@api.tabby.sa', 'sandbox://local']) {
      const res = await install('live', url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe('validation_failed');
    }
    expect(apps()).toBe(before);
    const ok = await install('live', 'https://api.tabby.sa/');
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.org_app.base_url).toBe('https://api.tabby.sa');
  });

  it('lets a sandbox app use http only to this machine', async () => {
    for (const url of ['http://sandbox.example', 'http://10.0.0.5:8080', 'javascript:alert(1)', 'file:///tmp/x']) {
      const res = await install('sandbox', url);
      expect(res.status, url).toBe(400);
    }
    for (const url of ['http://127.0.0.1:4999', 'http://localhost:4999/sandbox/tabby', 'https://api-sandbox.example']) {
      const res = await install('sandbox', url);
      expect(res.status, `${url} ${res.text}`).toBe(201);
    }
  });
});
