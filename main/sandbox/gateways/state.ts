import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Currency } from '../../../shared/money';
import type { GatewayProviderId } from '../../../shared/providers';
import type { SandboxContext } from '../core';

// State of the gateway simulators: the payments each gateway "has", the 429s it still owes, and
// request counters tests read. It hangs off the SandboxContext so every sandbox server is separate.

export interface SimPayment {
  gateway: GatewayProviderId;
  id: string;
  /** Native status: Stripe/Moyasar/Tap/Dinero status, PayPal "kind:STATUS", HyperPay result code. */
  status: string;
  amountMinor: number;
  refundedMinor: number;
  currency: Currency;
  createdAt: Date;
  reference?: string;
  /** Gateway-specific extras: Tap response_code, HyperPay payment_type, wire_amount overrides… */
  extra: Record<string, string>;
  /** Insertion order; breaks ties between payments created in the same instant. */
  seq: number;
}

export interface GatewayStats {
  api_requests: number;
  token_requests: number;
  rate_limited: number;
}

export interface GatewaySimState {
  payments: Map<string, SimPayment>;
  rateLimitLeft: number;
  stats: GatewayStats;
  nextSeq: number;
  /** Simulator-owned data (PayPal tokens and signatures). */
  data: Map<string, unknown>;
}

const STATES = new WeakMap<SandboxContext, Map<GatewayProviderId, GatewaySimState>>();

export function simState(ctx: SandboxContext, gateway: GatewayProviderId): GatewaySimState {
  let byGateway = STATES.get(ctx);
  if (!byGateway) STATES.set(ctx, (byGateway = new Map()));
  let state = byGateway.get(gateway);
  if (!state) {
    state = { payments: new Map(), rateLimitLeft: 0, stats: { api_requests: 0, token_requests: 0, rate_limited: 0 }, nextSeq: 1, data: new Map() };
    byGateway.set(gateway, state);
  }
  return state;
}

export function putPayment(ctx: SandboxContext, payment: Omit<SimPayment, 'seq'> & { seq?: number }): SimPayment {
  const state = simState(ctx, payment.gateway);
  const existing = state.payments.get(payment.id);
  const stored: SimPayment = { ...payment, seq: existing?.seq ?? state.nextSeq++ };
  state.payments.set(stored.id, stored);
  return stored;
}

/** Newest first, as Stripe, Moyasar and Tap list. */
export function newestFirst(ctx: SandboxContext, gateway: GatewayProviderId): SimPayment[] {
  return [...simState(ctx, gateway).payments.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq);
}

export interface ApiGuard {
  /** True when the request carries the gateway's credentials. */
  authorize(request: FastifyRequest): boolean;
  unauthorized(reply: FastifyReply, request: FastifyRequest): FastifyReply;
  rateLimited(reply: FastifyReply): FastifyReply;
}

/** Counts every API request, answers the 429s a test asked for, then checks the gateway's auth. */
export function installApiGuard(app: FastifyInstance, ctx: SandboxContext, gateway: GatewayProviderId, guard: ApiGuard): void {
  app.addHook('preHandler', async (request, reply) => {
    const state = simState(ctx, gateway);
    state.stats.api_requests++;
    if (state.rateLimitLeft > 0) {
      state.rateLimitLeft--;
      state.stats.rate_limited++;
      return guard.rateLimited(reply);
    }
    if (!guard.authorize(request)) return guard.unauthorized(reply, request);
    return undefined;
  });
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

export function basicOf(request: FastifyRequest): { user: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A simulated webhook: what the gateway would POST, and whether to break its proof of origin. */
export interface SimWebhook {
  body: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
}

export interface GatewaySimulator {
  readonly id: GatewayProviderId;
  /** Status a seeded payment gets when none is asked for. */
  readonly defaultStatuses: readonly string[];
  newPaymentId(ctx: SandboxContext): string;
  /** Registers API routes on an app already prefixed with `/sandbox/{id}`. */
  register(app: FastifyInstance, ctx: SandboxContext): void;
  /** The gateway-style notification about a payment; `tamper` alters it after signing. */
  webhookFor(payment: SimPayment, ctx: SandboxContext, tamper: boolean): SimWebhook;
  /** Normalizes a requested status (e.g. PayPal's bare "COMPLETED" → "capture:COMPLETED"). */
  normalizeStatus?(status: string): string;
}
