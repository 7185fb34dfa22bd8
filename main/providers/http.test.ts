import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, ProviderCallError } from './http';
import { createKeepAliveFetch } from './keepAliveFetch';

let server: Server;
let base: string;
const pool = createKeepAliveFetch();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  pool.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the provider HTTP helper', () => {
  it('reads an answer, headers included', async () => {
    const client = createHttpClient({ provider: 'tabby', fetchImpl: pool.fetch });
    const res = await client.request({ method: 'GET', url: `${base}/ok` });
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('gives up after the timeout with an unknown outcome', async () => {
    const client = createHttpClient({ provider: 'tabby', defaultTimeoutMs: 100, fetchImpl: pool.fetch });
    const err = await client.request({ method: 'POST', url: `${base}/hang`, json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure).toBe('unknown');
    expect((err as ProviderCallError).message).toMatch(/did not answer in time/);
  });
});
