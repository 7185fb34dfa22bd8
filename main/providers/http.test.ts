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
    if (req.url === '/trickle') {
      // Headers at once, then a byte every 30 ms: the socket is never idle, but the answer never completes.
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(drip));
      return;
    }
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

  it('keeps the deadline for the whole answer, not only until the first byte', async () => {
    expect(pool.fetch.keepsDeadlines).toBe(true);
    const client = createHttpClient({ provider: 'tabby', defaultTimeoutMs: 150, fetchImpl: pool.fetch });
    const started = Date.now();
    const err = await client.request({ method: 'POST', url: `${base}/trickle`, json: {} }).catch((e: unknown) => e);
    expect((err as ProviderCallError).failure).toBe('unknown');
    expect((err as ProviderCallError).message).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The pool is still usable after a destroyed exchange.
    expect((await client.request({ method: 'GET', url: `${base}/ok` })).json()).toEqual({ ok: true });
  });

  it('gives any other fetch an AbortSignal for the timeout', async () => {
    const seen: (RequestInit & { timeoutMs?: number })[] = [];
    const plain = (async (_url: string, init: RequestInit & { timeoutMs?: number }) => {
      seen.push(init);
      return pool.fetch(_url, { ...init });
    }) as unknown as typeof fetch;
    const client = createHttpClient({ provider: 'tabby', defaultTimeoutMs: 100, fetchImpl: plain });
    const err = await client.request({ method: 'POST', url: `${base}/hang`, json: {} }).catch((e: unknown) => e);
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.timeoutMs).toBeUndefined();
    expect((err as ProviderCallError).message).toMatch(/did not answer in time/);
  });
});
