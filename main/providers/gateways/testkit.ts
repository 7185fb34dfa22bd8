import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';
import type { GatewayProviderId } from '../../../shared/providers';
import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import { startSandboxServer, type RunningSandbox } from '../../sandbox/index';
import { runGatewaySync, type GatewaySyncInput, type GatewaySyncResult } from '../../sync/gatewaySync';
import { createHttpClient } from '../http';
import { contractProblems, webhookProblems, type Exchange } from './contractCheck';
import { GATEWAY_ADAPTERS } from './index';
import type { GatewayContext, GatewayWebhookNotice } from './types';

// Test support for the gateway adapters: a real sandbox server, contexts pointing at it, its
// control API, and a webhook receiver that runs the adapter's verification like the engine will.

export interface SeededPayment {
  id: string;
  status: string;
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  created_at: string;
  reference: string | null;
}

export interface ReceivedWebhook {
  gateway: string;
  status: number;
  notice?: GatewayWebhookNotice;
  error?: string;
}

export interface GatewayTestbed {
  sandbox: RunningSandbox;
  gatewayCtx(settings?: Record<string, string>, cache?: Map<string, unknown>): GatewayContext;
  seed(spec: Record<string, unknown>): Promise<SeededPayment[]>;
  patch(id: string, body: Record<string, unknown>): Promise<void>;
  clear(): Promise<void>;
  rateLimit(count: number): Promise<void>;
  stats(): Promise<{ api_requests: number; token_requests: number; rate_limited: number }>;
  /** Asks the sandbox to send its webhook; resolves with what our receiver answered. */
  webhook(paymentId: string, tamper?: boolean): Promise<ReceivedWebhook>;
  sync(input: Partial<GatewaySyncInput> & Pick<GatewaySyncInput, 'since' | 'until'>, settings?: Record<string, string>): Promise<GatewaySyncResult>;
  /** Every call the adapter made to the sandbox so far, with the answers it got. */
  traffic(): readonly Exchange[];
  /**
   * Answers and webhooks of this testbed that do not match the gateway's contract (empty when all
   * do), after checking that there was traffic to check at all.
   */
  contractProblems(): string[];
  /**
   * Runs `body` with its traffic left out of the contract check: for tests that seed what the
   * gateway does not document (a status it may add tomorrow) to see PayDesk read it as unknown.
   */
  offContract<T>(body: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function startGatewayTestbed(gateway: GatewayProviderId): Promise<GatewayTestbed> {
  const sandbox = await startSandboxServer();
  const adapter = GATEWAY_ADAPTERS[gateway];
  const control = `${sandbox.url}/sandbox/_control/gateways/${gateway}`;
  const credentials: Record<string, string> = { ...SANDBOX_CREDENTIALS[gateway] };

  const base = `${sandbox.url}/sandbox/${gateway}`;
  const exchanges: Exchange[] = [];
  let offContractDepth = 0;
  const webhookBodies: { body: string; headers: Record<string, string | undefined> }[] = [];
  /** The real fetch, with a copy of each exchange kept for the contract check. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const res = await fetch(input, init);
    const text = await res.clone().text();
    if (offContractDepth === 0) exchanges.push({ method: init?.method ?? 'GET', path: url.pathname.slice(new URL(base).pathname.length), query: url.search, requestBody: typeof init?.body === 'string' ? init.body : undefined, status: res.status, responseText: text });
    return res;
  };

  const gatewayCtx = (settings: Record<string, string> = {}, cache = new Map<string, unknown>()): GatewayContext => ({
    baseUrl: base,
    credentials,
    settings,
    http: createHttpClient({ provider: gateway, retryBaseMs: 1, defaultTimeoutMs: 5_000, fetchImpl: recordingFetch }),
    now: () => new Date(),
    cache,
  });

  const received: ReceivedWebhook[] = [];
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const target = url.pathname.split('/').at(-1) as GatewayProviderId;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const rawBody = Buffer.concat(chunks).toString('utf8');
      webhookBodies.push({ body: rawBody, headers });
      GATEWAY_ADAPTERS[target]
        .verifyWebhook(gatewayCtx(), { headers, query: Object.fromEntries(url.searchParams), rawBody })
        .then(
          (notice) => ({ status: 200, notice }),
          (err: unknown) => ({ status: err instanceof AppError && err.code === 'unauthorized' ? 401 : 400, error: err instanceof Error ? err.message : String(err) }),
        )
        .then((outcome) => {
          received.push({ gateway: target, ...outcome });
          res.writeHead(outcome.status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: outcome.status === 200 }));
        });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sandbox.ctx.setWebhookBase(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`);

  return {
    sandbox,
    gatewayCtx,
    seed: async (spec) => (await call<{ payments: SeededPayment[] }>(`${control}/payments`, 'POST', spec)).payments,
    patch: async (id, body) => void (await call(`${control}/payments/${encodeURIComponent(id)}`, 'PATCH', body)),
    clear: async () => void (await call(`${control}/payments`, 'DELETE')),
    rateLimit: async (count) => void (await call(`${control}/rate-limit`, 'POST', { count })),
    stats: () => call(`${control}/stats`, 'GET'),
    async webhook(paymentId, tamper = false) {
      const before = received.length;
      const answer = await call<{ delivered_status: number | null }>(`${control}/webhook`, 'POST', { payment_id: paymentId, tamper });
      const got = received[before];
      if (!got) throw new Error(`the receiver saw no webhook (sandbox delivery status ${answer.delivered_status})`);
      return got;
    },
    sync: (input, settings) =>
      runGatewaySync({ adapter, ctx: input.ctx ?? gatewayCtx(settings), overlapMs: 0, nonTerminalIds: [], backoffBaseMs: 2, backoffMaxMs: 20, ...input }),
    traffic: () => exchanges,
    async offContract(body) {
      offContractDepth++;
      try {
        return await body();
      } finally {
        offContractDepth--;
      }
    },
    contractProblems() {
      if (exchanges.length === 0) return ['no traffic was recorded, so nothing was checked'];
      return [...contractProblems(gateway, exchanges), ...webhookProblems(gateway, webhookBodies)];
    },
    async close() {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await sandbox.close();
    },
  };
}

/** Seeded payments by id, for comparing with what a sync returned. */
export function byId<T extends { id?: string; gatewayId?: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [(r.gatewayId ?? r.id) as string, r]));
}
