import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Currency } from '../../shared/money';
import { formatMinor } from '../../shared/money';

// Shared machinery of the provider simulators: sessions the customer acts on, fault injection,
// the ledger of applied money operations, webhook delivery and the hosted checkout page.

export type CustomerAction = 'approve' | 'decline' | 'expire' | 'cancel';
export type SessionState = 'pending' | 'approved' | 'declined' | 'expired' | 'cancelled';

export interface SandboxSession {
  provider: string;
  id: string;
  paymentId: string;
  /** The merchant's reference (PayDesk paylink or order id). */
  reference: string;
  amountMinor: number;
  currency: Currency;
  state: SessionState;
  /** Provider-native status string, maintained by the simulator. */
  providerStatus: string;
  capturedMinor: number;
  refundedMinor: number;
  createdAt: Date;
  expiresAt: Date;
  phone?: string;
  description?: string;
  /** Simulator-specific fields. */
  data: Record<string, unknown>;
}

export type LedgerOp = 'create' | 'capture' | 'refund' | 'cancel';

export interface LedgerEntry {
  seq: number;
  provider: string;
  op: LedgerOp;
  session_id: string;
  payment_id: string;
  reference: string;
  amount_minor: number;
  currency: string;
  idempotency_key: string | null;
  at: string;
}

export interface FaultConfig {
  latency_ms: number;
  error_rate: number;
  timeout_rate: number;
  reset_rate: number;
  fail_after_commit_rate: number;
  /** How long a "timeout" holds the request before dropping it. */
  timeout_hold_ms: number;
}

const NO_FAULTS: FaultConfig = { latency_ms: 0, error_rate: 0, timeout_rate: 0, reset_rate: 0, fail_after_commit_rate: 0, timeout_hold_ms: 15_000 };

export interface WebhookDelivery {
  provider: string;
  url: string;
  status: number | null;
  at: string;
}

export interface SandboxContext {
  readonly sessions: Map<string, SandboxSession>;
  now(): Date;
  newId(prefix: string): string;
  record(entry: Omit<LedgerEntry, 'seq' | 'at'>): void;
  ledger(): readonly LedgerEntry[];
  faultsFor(provider: string): FaultConfig;
  setFaults(provider: string | undefined, faults: Partial<FaultConfig>): void;
  /** Clears every fault, or only the overrides of one provider (global faults then apply to it again). */
  clearFaults(provider?: string): void;
  /** Engine base URL that receives webhooks (`{base}/api/v1/webhooks/{provider}`), or undefined. */
  webhookBase(): string | undefined;
  setWebhookBase(url: string | undefined): void;
  /** POSTs a webhook to the engine; `attempts` > 1 retries failed deliveries like real providers do. */
  deliverWebhook(provider: string, delivery: { body: string; headers?: Record<string, string>; query?: Record<string, string>; attempts?: number }): Promise<void>;
  deliveries(): readonly WebhookDelivery[];
  /** Public URL of the sandbox as the caller reached it. */
  publicBase(request: FastifyRequest): string;
  findSession(provider: string, id: string): SandboxSession | undefined;
  addSession(session: SandboxSession): void;
}

export interface ProviderSimulator {
  readonly id: string;
  /** Registers the provider's API routes on an app already prefixed with `/sandbox/{id}`. */
  register(app: FastifyInstance, ctx: SandboxContext): void;
  /** Applies what the customer (or time) did, then notifies the engine the provider's way. */
  onCustomerAction(session: SandboxSession, action: CustomerAction, ctx: SandboxContext): Promise<void>;
}

export function createSandboxContext(opts: { now?: () => Date; webhookBase?: string } = {}): SandboxContext {
  const sessions = new Map<string, SandboxSession>();
  const entries: LedgerEntry[] = [];
  const deliveries: WebhookDelivery[] = [];
  let globalFaults: FaultConfig = { ...NO_FAULTS };
  const providerFaults = new Map<string, Partial<FaultConfig>>();
  let webhookBase = opts.webhookBase;
  const now = opts.now ?? (() => new Date());

  const ctx: SandboxContext = {
    sessions,
    now,
    newId: (prefix) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    record(entry) {
      entries.push({ ...entry, seq: entries.length + 1, at: now().toISOString() });
    },
    ledger: () => entries,
    faultsFor: (provider) => ({ ...globalFaults, ...providerFaults.get(provider) }),
    setFaults(provider, faults) {
      const clean = sanitizeFaults(faults);
      if (provider) providerFaults.set(provider, { ...providerFaults.get(provider), ...clean });
      else globalFaults = { ...globalFaults, ...clean };
    },
    clearFaults(provider) {
      if (provider) {
        providerFaults.delete(provider);
        return;
      }
      globalFaults = { ...NO_FAULTS };
      providerFaults.clear();
    },
    webhookBase: () => webhookBase,
    setWebhookBase(url) {
      webhookBase = url;
    },
    async deliverWebhook(provider, delivery) {
      const attempts = delivery.attempts ?? 3;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        // Read the target on every attempt: a restarted engine may listen somewhere new.
        const base = webhookBase;
        if (!base) return;
        const url = new URL(`/api/v1/webhooks/${provider}`, base);
        for (const [k, v] of Object.entries(delivery.query ?? {})) url.searchParams.set(k, v);
        let status: number | null = null;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...delivery.headers },
            body: delivery.body,
            signal: AbortSignal.timeout(5_000),
          });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = null;
        }
        deliveries.push({ provider, url: url.toString(), status, at: now().toISOString() });
        if (status !== null && status < 500) return;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    },
    deliveries: () => deliveries,
    publicBase(request) {
      const host = request.headers.host ?? '127.0.0.1';
      return `http://${host}`;
    },
    findSession: (provider, id) => {
      const s = sessions.get(`${provider}:${id}`);
      if (s) return s;
      for (const candidate of sessions.values()) if (candidate.provider === provider && (candidate.paymentId === id || candidate.reference === id)) return candidate;
      return undefined;
    },
    addSession(session) {
      sessions.set(`${session.provider}:${session.id}`, session);
    },
  };
  return ctx;
}

function sanitizeFaults(input: Partial<FaultConfig>): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  for (const key of ['latency_ms', 'timeout_hold_ms'] as const) {
    const v = input[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = Math.min(v, 120_000);
  }
  for (const key of ['error_rate', 'timeout_rate', 'reset_rate', 'fail_after_commit_rate'] as const) {
    const v = input[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = Math.min(Math.max(v, 0), 1);
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    sandboxFailAfterCommit?: boolean;
  }
}

/**
 * Fault injection for a provider's API routes (not the control API nor the hosted page).
 * `fail_after_commit` lets the handler apply the operation, then drops the connection instead of answering.
 */
export function installFaults(app: FastifyInstance, ctx: SandboxContext, provider: string): void {
  app.addHook('onRequest', async (request, reply) => {
    const f = ctx.faultsFor(provider);
    if (f.latency_ms > 0) await new Promise((r) => setTimeout(r, f.latency_ms));
    const roll = Math.random();
    if (roll < f.reset_rate) {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (roll < f.reset_rate + f.timeout_rate) {
      await new Promise((r) => setTimeout(r, f.timeout_hold_ms));
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (roll < f.reset_rate + f.timeout_rate + f.error_rate) {
      return reply.code(503).send({ status: 'error', errorType: 'internal', error: 'sandbox injected fault' });
    }
    if (request.method !== 'GET' && Math.random() < f.fail_after_commit_rate) request.sandboxFailAfterCommit = true;
    return undefined;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.sandboxFailAfterCommit) request.raw.socket.destroy();
    return payload;
  });
}

/** The hosted checkout page the customer sees on their phone: Approve or Decline. */
export function renderCheckoutPage(session: SandboxSession, providerName: string): string {
  const amount = `${formatMinor(session.amountMinor, session.currency)} ${session.currency}`;
  const action = (a: CustomerAction) => `/sandbox/_control/${session.provider}/sessions/${encodeURIComponent(session.id)}/${a}`;
  const closed = session.state !== 'pending';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(providerName)} sandbox checkout</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:40px auto;padding:0 16px;color:#111}
.amount{font-size:40px;font-weight:700;margin:16px 0}button{font-size:20px;padding:14px;width:100%;margin:8px 0;border-radius:10px;border:0;cursor:pointer}
#approve{background:#0a7d32;color:#fff}#decline{background:#b3261e;color:#fff}.state{font-size:22px;margin-top:20px}</style></head>
<body><h1>${escapeHtml(providerName)} <small>(sandbox)</small></h1>
<div>Order ${escapeHtml(session.reference)}</div><div class="amount" data-testid="amount">${escapeHtml(amount)}</div>
${closed ? '' : `<button id="approve" data-testid="approve">Approve payment</button><button id="decline" data-testid="decline">Decline</button>`}
<div class="state" id="state" data-testid="state">${escapeHtml(session.state)}</div>
<script>
for (const [id, url] of [['approve', ${JSON.stringify(action('approve'))}], ['decline', ${JSON.stringify(action('decline'))}]]) {
  const b = document.getElementById(id);
  if (b) b.addEventListener('click', async () => {
    document.querySelectorAll('button').forEach((x) => (x.disabled = true));
    const r = await fetch(url, { method: 'POST' });
    const j = await r.json();
    document.getElementById('state').textContent = j.state || j.error || 'done';
  });
}
</script></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function sendNotFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ status: 'error', errorType: 'not_found', error: `${what} not found` });
}

/** A request body as a plain object (anything else reads as empty, so field checks answer with the provider's error). */
export function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
