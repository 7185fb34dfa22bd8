import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { z } from 'zod';
import {
  PaymenntCaptureQuery,
  PaymenntLinkCheckoutRequest,
  PaymenntQrCheckoutRequest,
  PaymenntRefundQuery,
  PaymenntSearchQuery,
  paymenntIssue,
} from '../providers/contracts/paymennt';
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
// Requests are checked against main/providers/contracts/paymennt.ts (paymennt's OpenAPI) and refused in
// paymennt's own {success:false, elapsed, error} envelope; answers carry only documented fields.
//
// Stricter readings where paymennt's sources are silent (docs/providers/paymennt.md):
// - A repeated requestId is NOT deduplicated: every create opens a new checkout (GET /checkout?requestId= finds them).
// - A repeated refund referenceId is NOT deduplicated: every refund call refunds.
// - Capture takes no amount (none is documented): it captures the whole authorisation.
// - Cancel works on PENDING and on AUTHORIZED (the authorisation is voided).
// - "Not found" answers HTTP 400, as paymennt's OpenAPI documents.
// - `PUT /sandbox/paymennt/_merchant {auto_capture}` switches the merchant between self-capturing card
//   links (default) and authorise-then-capture.

const SUPPORTED_CURRENCIES: readonly Currency[] = findProvider(PAYMENNT)?.currencies ?? [];
const DEFAULT_EXPIRES_IN_MINUTES = 1440;

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

function registerCheckoutRoutes(mer: FastifyInstance, ctx: SandboxContext): void {
  async function create(request: FastifyRequest, reply: FastifyReply, type: 'LINK' | 'QR') {
    const parsed = (type === 'LINK' ? PaymenntLinkCheckoutRequest : PaymenntQrCheckoutRequest).safeParse(request.body ?? {});
    if (!parsed.success) return fail(reply, 400, paymenntIssue(parsed.error, request.body ?? {}));
    const body = parsed.data as z.infer<typeof PaymenntLinkCheckoutRequest>;
    const currency = body.currency;
    if (!isCurrency(currency) || !SUPPORTED_CURRENCIES.includes(currency)) return fail(reply, 400, `Currency ${currency} is not supported for this merchant`);
    const amountMinor = parseMinor(body.amount, currency);
    if (amountMinor === undefined) return fail(reply, 400, `amount must be a positive number in ${currency} with no more decimals than the currency allows`);
    const customer = body.customer ?? null;
    if (body.sendSms === true && !customer?.phone) return fail(reply, 400, 'customer.phone is required when sendSms is true');
    if (body.sendEmail === true && !customer?.email) return fail(reply, 400, 'customer.email is required when sendEmail is true');
    const expiresIn = body.expiresIn ?? DEFAULT_EXPIRES_IN_MINUTES;
    const now = ctx.now();
    const id = paymenntId();
    const data: PaymenntData = {
      checkoutKey: newCheckoutKey(),
      displayId: newDisplayId(),
      requestId: body.requestId,
      orderId: body.orderId,
      redirectUrl: `${ctx.publicBase(request)}/sandbox/${PAYMENNT}/checkout/${id}`,
      customer,
      type,
      paymentStatus: null,
      refunds: [],
    };
    const session: SandboxSession = {
      provider: PAYMENNT,
      id,
      paymentId: paymenntId(),
      reference: body.requestId,
      amountMinor,
      currency,
      state: 'pending',
      providerStatus: 'PENDING',
      capturedMinor: 0,
      refundedMinor: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresIn * 60_000),
      ...(body.description ? { description: body.description } : {}),
      ...(customer?.phone ? { phone: customer.phone } : {}),
      data: data as unknown as Record<string, unknown>,
    };
    ctx.addSession(session);
    ctx.record({ provider: PAYMENNT, op: 'create', session_id: id, payment_id: session.paymentId, reference: body.requestId, amount_minor: amountMinor, currency, idempotency_key: body.requestId });
    if (type === 'LINK') return ok(reply, checkoutJson(session));
    const size = (body as { qrSize?: number }).qrSize ?? 300;
    const png = await QRCode.toBuffer(data.redirectUrl, { type: 'png', width: Math.min(size, 1000), margin: 1 });
    return ok(reply, { ...checkoutJson(session), base64QR: png.toString('base64') });
  }

  mer.post('/checkout/link', async (request, reply) => create(request, reply, 'LINK'));
  mer.post('/checkout/qr', async (request, reply) => create(request, reply, 'QR'));

  mer.get('/checkout', async (request, reply) => {
    const parsed = PaymenntSearchQuery.safeParse(request.query ?? {});
    if (!parsed.success) return fail(reply, 400, paymenntIssue(parsed.error));
    const q = parsed.data;
    const statuses = q.status ? q.status.split(',').map((x) => x.trim().toUpperCase()) : undefined;
    const matches: SandboxSession[] = [];
    for (const s of ctx.sessions.values()) {
      if (s.provider !== PAYMENNT) continue;
      expireIfDue(s, ctx);
      const d = paymenntData(s);
      if (q.requestId && d.requestId !== q.requestId) continue;
      if (q.orderId && d.orderId !== q.orderId) continue;
      if (q.type && d.type !== q.type) continue;
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
    if (s.providerStatus !== 'PENDING' && s.providerStatus !== 'AUTHORIZED') return fail(reply, 400, `Checkout is ${s.providerStatus}; only PENDING or AUTHORIZED checkouts can be cancelled`);
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
    const parsed = PaymenntRefundQuery.safeParse(request.query ?? {});
    if (!parsed.success) return fail(reply, 400, paymenntIssue(parsed.error, request.query ?? {}));
    const q = parsed.data;
    if (q.currency !== s.currency) return fail(reply, 400, `currency must be ${s.currency}, the checkout currency`);
    const amountMinor = parseMinor(q.amount, s.currency);
    if (amountMinor === undefined) return fail(reply, 400, 'amount must be a positive number');
    const referenceId = q.referenceId && q.referenceId !== '' ? q.referenceId : null;
    const d = paymenntData(s);
    if (s.providerStatus !== 'PAID' && s.providerStatus !== 'PARTIALLY_REFUNDED') return fail(reply, 400, `Checkout is ${s.providerStatus}; only PAID checkouts can be refunded`);
    if (amountMinor > s.capturedMinor - s.refundedMinor) return fail(reply, 400, 'Refund amount exceeds the amount available for refund');
    d.refunds.push({ referenceId, amountMinor, note: q.note });
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
    const parsed = PaymenntCaptureQuery.safeParse(request.query ?? {});
    if (!parsed.success) return fail(reply, 400, paymenntIssue(parsed.error));
    const s = findByPaymentId(ctx, request.params.paymentId);
    if (!s) return fail(reply, 400, 'Payment not found for API merchant');
    const d = paymenntData(s);
    if (d.paymentStatus !== 'AUTHORIZED') return fail(reply, 400, `Payment is ${d.paymentStatus}; only AUTHORIZED payments can be captured`);
    const amountMinor = s.amountMinor - s.capturedMinor;
    s.capturedMinor += amountMinor;
    ctx.record({ provider: PAYMENNT, op: 'capture', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: amountMinor, currency: s.currency, idempotency_key: null });
    settleStatus(s);
    void sendPaymenntWebhook(ctx, s);
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
