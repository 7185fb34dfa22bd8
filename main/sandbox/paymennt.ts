import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCurrency, parseAmountToMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { ProviderSimulator, SandboxContext, SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import {
  PAYMENNT,
  applyCustomerAction,
  autoCapture,
  checkoutJson,
  expireIfDue,
  findByPaymentId,
  findByRequestId,
  findCheckout,
  newCheckoutKey,
  newDisplayId,
  paymenntData,
  paymenntId,
  paymentJson,
  sendPaymenntWebhook,
  setAutoCapture,
  settleStatus,
  type PaymenntData,
} from './paymennt-state';

// paymennt simulator, mounted at /sandbox/paymennt and mirroring https://api.paymennt.com/mer/v2.0/… .
//
// Sandbox decisions where paymennt's docs are silent (bnpl.md §4):
// - A repeated requestId answers the existing checkout (no second create); reusing it for a
//   different amount/currency/order is refused.
// - Checkouts carry `paymentId` (null until paid) and payments carry `capturedAmount`, so a merchant in
//   authorise-then-capture mode can find the payment to capture and see partial captures.
// - Capture takes an optional `?amount=` (default: the rest); a partial capture keeps the checkout
//   AUTHORIZED until the whole amount is captured, then it is PAID.
// - Refunds are de-duplicated by `referenceId`.
// - Cancel works on PENDING and on AUTHORIZED with nothing captured yet (the authorisation is voided).
// - "Not found" answers HTTP 400, as paymennt's OpenAPI documents.
// - `PUT /sandbox/paymennt/_merchant {auto_capture}` switches the merchant between self-capturing card
//   links (default) and authorise-then-capture.

const SUPPORTED_CURRENCIES: readonly Currency[] = findProvider(PAYMENNT)?.currencies ?? [];
const DEFAULT_EXPIRES_IN_MINUTES = 1440;
const EXPIRES_IN_RANGE = { min: 15, max: 10_080 } as const;

function ok(reply: FastifyReply, result: unknown) {
  return reply.send({ success: true, elapsed: Math.round(reply.elapsedTime), result });
}

function fail(reply: FastifyReply, httpStatus: number, error: string) {
  return reply.code(httpStatus).send({ success: false, elapsed: Math.round(reply.elapsedTime), error });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Current header names first; the PointCheckout-era names are still accepted, as by paymennt. */
const AUTH_HEADER_FAMILIES = [
  ['x-paymennt-api-key', 'x-paymennt-api-secret'],
  ['x-pointcheckout-api-key', 'x-pointcheckout-api-secret'],
] as const;

function authFailure(request: FastifyRequest): string | undefined {
  const family = AUTH_HEADER_FAMILIES.find(([keyHeader]) => typeof request.headers[keyHeader] === 'string');
  if (!family) return 'API key and secret are required (X-Paymennt-Api-Key, X-Paymennt-Api-Secret)';
  const key = request.headers[family[0]];
  const secret = request.headers[family[1]];
  if (typeof key !== 'string' || typeof secret !== 'string') return 'API key and secret are required (X-Paymennt-Api-Key, X-Paymennt-Api-Secret)';
  const expected = SANDBOX_CREDENTIALS.paymennt;
  return sameText(key, expected.api_key) && sameText(secret, expected.api_secret) ? undefined : 'Invalid API key or secret';
}

function parseMinor(value: unknown, currency: Currency): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseAmountToMinor(value, currency);
  } catch {
    return undefined;
  }
}

function readCheckout(ctx: SandboxContext, id: string): SandboxSession | undefined {
  const s = findCheckout(ctx, id);
  if (s) expireIfDue(s, ctx);
  return s;
}

type Query = Record<string, string | undefined>;

function registerCheckoutRoutes(mer: FastifyInstance, ctx: SandboxContext): void {
  mer.post('/checkout/link', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (field: string) => (typeof body[field] === 'string' && (body[field] as string).trim() !== '' ? (body[field] as string) : undefined);
    const requestId = text('requestId');
    const orderId = text('orderId');
    const description = text('description');
    if (!requestId || !orderId || !description || !text('currency')) {
      return fail(reply, 400, `${['requestId', 'orderId', 'description', 'currency'].find((f) => !text(f))} is required`);
    }
    const currency = String(body.currency).toUpperCase();
    if (!isCurrency(currency) || !SUPPORTED_CURRENCIES.includes(currency)) return fail(reply, 400, `Currency ${currency} is not supported for this merchant`);
    const amountMinor = typeof body.amount === 'number' ? parseMinor(body.amount, currency) : undefined;
    if (amountMinor === undefined) return fail(reply, 400, `amount must be a positive number in ${currency} with no more decimals than the currency allows`);
    const expiresIn = body.expiresIn ?? DEFAULT_EXPIRES_IN_MINUTES;
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < EXPIRES_IN_RANGE.min || expiresIn > EXPIRES_IN_RANGE.max) {
      return fail(reply, 400, `expiresIn must be a whole number of minutes between ${EXPIRES_IN_RANGE.min} and ${EXPIRES_IN_RANGE.max}`);
    }
    const customer = typeof body.customer === 'object' && body.customer !== null ? (body.customer as Record<string, unknown>) : null;
    if (body.sendSms === true && typeof customer?.phone !== 'string') return fail(reply, 400, 'customer.phone is required when sendSms is true');
    if (body.sendEmail === true && typeof customer?.email !== 'string') return fail(reply, 400, 'customer.email is required when sendEmail is true');

    const existing = findByRequestId(ctx, requestId);
    if (existing) {
      const same = existing.amountMinor === amountMinor && existing.currency === currency && paymenntData(existing).orderId === orderId;
      if (!same) return fail(reply, 400, `requestId ${requestId} was already used for a different checkout`);
      expireIfDue(existing, ctx);
      return ok(reply, checkoutJson(existing));
    }
    const now = ctx.now();
    const id = paymenntId();
    const data: PaymenntData = {
      checkoutKey: newCheckoutKey(),
      displayId: newDisplayId(),
      requestId,
      orderId,
      redirectUrl: `${ctx.publicBase(request)}/sandbox/${PAYMENNT}/checkout/${id}`,
      customer,
      paymentStatus: null,
      refunds: [],
    };
    const session: SandboxSession = {
      provider: PAYMENNT,
      id,
      paymentId: paymenntId(),
      reference: requestId,
      amountMinor,
      currency,
      state: 'pending',
      providerStatus: 'PENDING',
      capturedMinor: 0,
      refundedMinor: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresIn * 60_000),
      description,
      ...(typeof customer?.phone === 'string' ? { phone: customer.phone } : {}),
      data: data as unknown as Record<string, unknown>,
    };
    ctx.addSession(session);
    ctx.record({ provider: PAYMENNT, op: 'create', session_id: id, payment_id: session.paymentId, reference: requestId, amount_minor: amountMinor, currency, idempotency_key: requestId });
    return ok(reply, checkoutJson(session));
  });

  mer.get('/checkout', async (request, reply) => {
    const q = request.query as Query;
    const statuses = q.status ? q.status.split(',').map((x) => x.trim().toUpperCase()) : undefined;
    const matches: SandboxSession[] = [];
    for (const s of ctx.sessions.values()) {
      if (s.provider !== PAYMENNT) continue;
      expireIfDue(s, ctx);
      const d = paymenntData(s);
      if (q.requestId && d.requestId !== q.requestId) continue;
      if (q.orderId && d.orderId !== q.orderId) continue;
      if (statuses && !statuses.includes(s.providerStatus)) continue;
      matches.push(s);
    }
    const page = Math.max(0, Number(q.page ?? 0) || 0);
    const size = Math.max(1, Number(q.size ?? 20) || 20);
    const content = matches.slice(page * size, (page + 1) * size).map(checkoutJson);
    return ok(reply, { page, size, totalPages: Math.ceil(matches.length / size), totalElements: matches.length, content });
  });

  mer.get<{ Params: { checkoutId: string } }>('/checkout/:checkoutId', async (request, reply) => {
    const s = readCheckout(ctx, request.params.checkoutId);
    return s ? ok(reply, checkoutJson(s)) : fail(reply, 400, 'Checkout not found for API merchant');
  });

  mer.post<{ Params: { checkoutId: string } }>('/checkout/:checkoutId/cancel', async (request, reply) => {
    const s = readCheckout(ctx, request.params.checkoutId);
    if (!s) return fail(reply, 400, 'Checkout not found for API merchant');
    const d = paymenntData(s);
    const cancellable = s.providerStatus === 'PENDING' || (s.providerStatus === 'AUTHORIZED' && s.capturedMinor === 0);
    if (!cancellable) {
      return fail(reply, 400, s.providerStatus === 'AUTHORIZED' ? 'Checkout has captured payments; refund instead of cancelling' : `Checkout is ${s.providerStatus}; only PENDING or AUTHORIZED checkouts can be cancelled`);
    }
    if (d.paymentStatus === 'AUTHORIZED') d.paymentStatus = 'VOIDED';
    s.state = 'cancelled';
    s.providerStatus = 'CANCELLED';
    ctx.record({ provider: PAYMENNT, op: 'cancel', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: s.amountMinor, currency: s.currency, idempotency_key: null });
    void sendPaymenntWebhook(ctx, s);
    return ok(reply, checkoutJson(s));
  });

  mer.post<{ Params: { checkoutId: string } }>('/checkout/:checkoutId/refund', async (request, reply) => {
    const s = readCheckout(ctx, request.params.checkoutId);
    if (!s) return fail(reply, 400, 'Checkout not found for API merchant');
    const q = request.query as Query;
    if (q.currency !== undefined && q.currency.toUpperCase() !== s.currency) return fail(reply, 400, `currency must be ${s.currency}, the checkout currency`);
    const amountMinor = parseMinor(q.amount, s.currency);
    if (amountMinor === undefined) return fail(reply, 400, 'amount must be a positive number');
    const referenceId = q.referenceId && q.referenceId !== '' ? q.referenceId : null;
    const d = paymenntData(s);
    const previous = referenceId ? d.refunds.find((r) => r.referenceId === referenceId) : undefined;
    if (previous) {
      if (previous.amountMinor !== amountMinor) return fail(reply, 400, `referenceId ${referenceId} was already used for a refund of a different amount`);
      return ok(reply, checkoutJson(s)); // same refund again: answered, not applied twice
    }
    if (s.providerStatus !== 'PAID' && s.providerStatus !== 'PARTIALLY_REFUNDED') return fail(reply, 400, `Checkout is ${s.providerStatus}; only PAID checkouts can be refunded`);
    if (amountMinor > s.capturedMinor - s.refundedMinor) return fail(reply, 400, 'Refund amount exceeds the amount available for refund');
    d.refunds.push({ referenceId, amountMinor });
    s.refundedMinor += amountMinor;
    settleStatus(s);
    ctx.record({ provider: PAYMENNT, op: 'refund', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: amountMinor, currency: s.currency, idempotency_key: referenceId });
    void sendPaymenntWebhook(ctx, s);
    return ok(reply, checkoutJson(s));
  });
}

function registerPaymentRoutes(mer: FastifyInstance, ctx: SandboxContext): void {
  mer.get<{ Params: { paymentId: string } }>('/payment/:paymentId', async (request, reply) => {
    const s = findByPaymentId(ctx, request.params.paymentId);
    return s ? ok(reply, paymentJson(s)) : fail(reply, 400, 'Payment not found for API merchant');
  });

  mer.post<{ Params: { paymentId: string } }>('/payment/:paymentId/capture', async (request, reply) => {
    const s = findByPaymentId(ctx, request.params.paymentId);
    if (!s) return fail(reply, 400, 'Payment not found for API merchant');
    const d = paymenntData(s);
    if (d.paymentStatus !== 'AUTHORIZED') return fail(reply, 400, `Payment is ${d.paymentStatus}; only AUTHORIZED payments can be captured`);
    const remaining = s.amountMinor - s.capturedMinor;
    const q = request.query as Query;
    const amountMinor = q.amount === undefined ? remaining : parseMinor(q.amount, s.currency);
    if (amountMinor === undefined) return fail(reply, 400, 'amount must be a positive number');
    if (amountMinor > remaining) return fail(reply, 400, 'Capture amount exceeds the authorized amount remaining');
    s.capturedMinor += amountMinor;
    ctx.record({ provider: PAYMENNT, op: 'capture', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: amountMinor, currency: s.currency, idempotency_key: null });
    if (s.capturedMinor >= s.amountMinor) {
      settleStatus(s);
      void sendPaymenntWebhook(ctx, s);
    }
    return ok(reply, paymentJson(s));
  });
}

function registerPaymenntRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // Sandbox-only merchant setting (no auth, like the rest of the control surface).
  app.get('/_merchant', async () => ({ auto_capture: autoCapture(ctx) }));
  app.put('/_merchant', async (request, reply) => {
    const value = (request.body as { auto_capture?: unknown } | undefined)?.auto_capture;
    if (typeof value !== 'boolean') return reply.code(400).send({ error: 'auto_capture must be true or false' });
    setAutoCapture(ctx, value);
    return { auto_capture: value };
  });

  void app.register(
    async (mer) => {
      mer.addHook('onRequest', async (request, reply) => {
        const failure = authFailure(request);
        if (failure) return fail(reply, 401, failure);
        return undefined;
      });
      registerCheckoutRoutes(mer, ctx);
      registerPaymentRoutes(mer, ctx);
    },
    { prefix: '/mer/v2.0' },
  );
}

export const paymenntSimulator: ProviderSimulator = {
  id: PAYMENNT,
  register: registerPaymenntRoutes,
  async onCustomerAction(session, action, ctx) {
    const captured = applyCustomerAction(session, action, ctx);
    if (captured) {
      // A self-capturing card link took the money: the ledger shows it like any capture.
      ctx.record({ provider: PAYMENNT, op: 'capture', session_id: session.id, payment_id: session.paymentId, reference: session.reference, amount_minor: session.amountMinor, currency: session.currency, idempotency_key: null });
    }
    await sendPaymenntWebhook(ctx, session);
  },
};
