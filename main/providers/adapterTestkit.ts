import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaylinkProviderId } from '../../shared/providers';
import type { CustomerAction, LedgerEntry } from '../sandbox/core';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startSandboxServer, type RunningSandbox } from '../sandbox/index';
import { findPaylinkRoute, type PaylinkRoute } from './contracts/paylinkRoutes';
import { createHttpClient, type HttpClient } from './http';
import type { AdapterContext, ProviderRef } from './types';

// Test harness for adapter tests over real HTTP: a sandbox server, a webhook receiver standing in for
// the engine, and adapter contexts pointed at the sandbox. Used by the MisPay and paymennt tests.

export interface ReceivedWebhook {
  provider: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: string;
}

export interface AdapterHarness {
  sandbox: RunningSandbox;
  webhooks: ReceivedWebhook[];
  /** Every request the context's HTTP client made, as "METHOD /path". */
  context(provider: 'mispay' | 'paymennt', overrides?: Partial<AdapterContext>): AdapterContext & { calls: string[] };
  control<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  ledger(provider: string, sessionId?: string): Promise<LedgerEntry[]>;
  waitForWebhook(predicate: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

function startWebhookReceiver(webhooks: ReceivedWebhook[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      webhooks.push({
        provider: url.pathname.split('/').pop() ?? '',
        headers,
        query: Object.fromEntries(url.searchParams),
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

export function countingHttp(provider: string): { http: HttpClient; calls: string[] } {
  const inner = createHttpClient({ provider, retryBaseMs: 5 });
  const calls: string[] = [];
  return {
    calls,
    http: {
      request(req) {
        calls.push(`${req.method} ${new URL(req.url).pathname}`);
        return inner.request(req);
      },
    },
  };
}

export async function startAdapterHarness(): Promise<AdapterHarness> {
  const webhooks: ReceivedWebhook[] = [];
  const receiver = await startWebhookReceiver(webhooks);
  const sandbox = await startSandboxServer();
  sandbox.ctx.setWebhookBase(receiver.url);

  async function control<T>(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  return {
    sandbox,
    webhooks,
    context(provider, overrides = {}) {
      const { http, calls } = countingHttp(provider);
      return {
        baseUrl: `${sandbox.url}/sandbox/${provider}`,
        credentials: SANDBOX_CREDENTIALS[provider],
        settings: {},
        http,
        now: () => new Date(),
        calls,
        ...overrides,
      };
    },
    control,
    async ledger(provider, sessionId) {
      const { body } = await control<{ entries: LedgerEntry[] }>('GET', `/sandbox/_control/ledger?provider=${provider}`);
      return body.entries.filter((e) => !sessionId || e.session_id === sessionId);
    },
    async waitForWebhook(predicate, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = webhooks.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('expected webhook did not arrive');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    },
  };
}

// Shared by the adapter tests: how every provider is driven and observed.

export function adapterContext(h: AdapterHarness, provider: PaylinkProviderId, overrides: Partial<AdapterContext> = {}): AdapterContext & { calls: string[] } {
  const { http, calls } = countingHttp(provider);
  return { baseUrl: `${h.sandbox.url}/sandbox/${provider}`, credentials: SANDBOX_CREDENTIALS[provider], settings: {}, http, now: () => new Date(), calls, ...overrides };
}

/** What the customer (or time) does, through the sandbox control API over HTTP. */
export async function customerDoes(h: AdapterHarness, provider: PaylinkProviderId, sessionId: string, action: CustomerAction): Promise<void> {
  const res = await h.control('POST', `/sandbox/_control/${provider}/sessions/${encodeURIComponent(sessionId)}/${action}`);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Runs fn and returns what it threw (or fails the test when it did not throw). */
export async function thrownBy(fn: () => Promise<unknown>): Promise<Error & { code?: string; failure?: string; details?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to throw');
}

/** A money command in SAR with its idempotency key. */
export const moneyCmd = (key: string, amountMinor: number) => ({ amountMinor, currency: 'SAR' as const, idempotencyKey: key });

/** A refund command for a paylink that captured `capturedMinor`. */
export const refundCmd = (key: string, amountMinor: number, orderId = 'ord', capturedMinor = 300_00) => ({ ...moneyCmd(key, amountMinor), orderId, capturedMinor });

export const cancelCmd = (amountMinor = 300_00, orderId = 'ord') => ({ idempotencyKey: 'cancel-1', orderId, amountMinor, currency: 'SAR' as const });

/** The sandbox ledger of one session as `op:amount:key` lines, for exactly-once checks. */
export async function ledgerOps(h: AdapterHarness, provider: PaylinkProviderId, ref: ProviderRef): Promise<string[]> {
  return (await h.ledger(provider, ref.sessionId)).map((e) => `${e.op}:${e.amount_minor}:${e.idempotency_key ?? '-'}`);
}

/**
 * Wraps a context's HTTP client so every request the adapter sends and every answer it gets is checked against the
 * provider's contract (main/providers/contracts/<provider>.ts). Breaches are collected in `violations`; a test
 * asserts the list is empty after driving the adapter.
 */
export function withContract<C extends AdapterContext>(ctx: C, provider: PaylinkProviderId, routes: readonly PaylinkRoute[]): C & { violations: string[] } {
  const violations: string[] = [];
  const prefix = `/sandbox/${provider}`;
  const inner = ctx.http;
  const http: HttpClient = {
    async request(req) {
      const url = new URL(req.url);
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const route = findPaylinkRoute(routes, req.method, path);
      const label = `${req.method} ${path}`;
      if (!route) violations.push(`${label}: no such call in the ${provider} contract`);
      if (route?.body) {
        const parsed = route.body.safeParse(req.json ?? {});
        if (!parsed.success) violations.push(`${label} body: ${JSON.stringify(parsed.error.issues)}`);
      } else if (route && req.json !== undefined) violations.push(`${label}: sends a body the contract does not describe`);
      if (route?.query) {
        const parsed = route.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) violations.push(`${label} query: ${JSON.stringify(parsed.error.issues)}`);
      }
      const res = await inner.request(req);
      if (route && res.status < 300) {
        const parsed = route.ok.safeParse(res.text === '' ? {} : JSON.parse(res.text));
        if (!parsed.success) violations.push(`${label} answer: ${JSON.stringify(parsed.error.issues)}`);
      }
      return res;
    },
  };
  return Object.assign(ctx, { http, violations });
}
