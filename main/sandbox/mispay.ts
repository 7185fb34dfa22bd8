import type { FastifyInstance } from 'fastify';
import { formatMinor, minorToMajorNumber, parseAmountToMinor } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { CustomerAction, ProviderSimulator, SandboxContext, SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import { checkMispayBearer, issueMispayToken, sendMispayError } from './mispay-auth';

// MisPay simulator, mounted at /sandbox/mispay and mirroring https://api.mispay.co/v1/api/… .
//
// Sandbox decisions where MisPay's docs are silent (bnpl.md §3, open question 3):
// - Session ids: session.id = trackId (what start-checkout returns and the hosted page uses),
//   session.paymentId = checkoutId (what end-checkout and refund take as purchaseId).
// - track-checkout answers the documented {status, orderId, checkoutId} plus: `code` (last result
//   code, MP00…), `transactionId` (null until end-checkout), `refundedAmount` and `isFullyRefunded`.
//   A timed-out checkout reports status "expired" (code MP01); the documented enum has no value for it.
// - A second end-checkout finalizes nothing and answers success with the existing transactionId.
// - Refunds are de-duplicated by merchantRefundId: the same id answers the first refund again.
// - A declined customer shows status "error" with webhook code MP02 (no decline code is documented).

const PROVIDER = 'mispay';
const APP_ID = SANDBOX_CREDENTIALS.mispay.app_id;
const BOUNDS = findProvider(PROVIDER)?.amountBoundsMinor?.SAR ?? { min: 200_00, max: 5000_00 };
/** MisPay publishes no checkout lifetime; 30 minutes keeps demo sessions realistic. */
const CHECKOUT_LIFETIME_MS = 30 * 60_000;

interface MispayRefund {
  refundId: string;
  merchantRefundId: string | null;
  amountMinor: number;
}

interface MispayData {
  code: string | null;
  transactionId: string | null;
  refunds: MispayRefund[];
}

const data = (s: SandboxSession) => s.data as unknown as MispayData;

function byTrackId(ctx: SandboxContext, trackId: string): SandboxSession | undefined {
  const s = ctx.sessions.get(`${PROVIDER}:${trackId}`);
  return s && s.id === trackId ? s : undefined;
}

function byCheckoutId(ctx: SandboxContext, checkoutId: string): SandboxSession | undefined {
  for (const s of ctx.sessions.values()) if (s.provider === PROVIDER && s.paymentId === checkoutId) return s;
  return undefined;
}

function expireIfDue(s: SandboxSession, ctx: SandboxContext): void {
  if (s.state === 'pending' && ctx.now() >= s.expiresAt) applyOutcome(s, 'expire');
}

function trackResult(s: SandboxSession) {
  return {
    trackId: s.id,
    checkoutId: s.paymentId,
    orderId: s.reference,
    status: s.providerStatus,
    code: data(s).code,
    purchaseAmount: minorToMajorNumber(s.amountMinor, 'SAR'),
    purchaseCurrency: 'SAR',
    transactionId: data(s).transactionId,
    refundedAmount: minorToMajorNumber(s.refundedMinor, 'SAR'),
    isFullyRefunded: s.refundedMinor > 0 && s.refundedMinor >= s.capturedMinor,
  };
}

const success = (result: unknown) => ({ status: 'success', result });

/** Parses a MisPay amount (number or numeric string, major units); undefined when unusable. */
function amountMinor(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseAmountToMinor(value, 'SAR');
  } catch {
    return undefined;
  }
}

function optionalMinor(value: unknown): number | undefined {
  return value === undefined || value === null || value === 0 || value === '0' ? 0 : amountMinor(value);
}

const OUTCOMES: Record<CustomerAction, { state: SandboxSession['state']; status: string; code: string }> = {
  approve: { state: 'approved', status: 'success', code: 'MP00' },
  decline: { state: 'declined', status: 'error', code: 'MP02' },
  expire: { state: 'expired', status: 'expired', code: 'MP01' },
  cancel: { state: 'cancelled', status: 'canceled', code: 'MP02' },
};

function applyOutcome(s: SandboxSession, action: CustomerAction): string {
  const outcome = OUTCOMES[action];
  s.state = outcome.state;
  s.providerStatus = outcome.status;
  data(s).code = outcome.code;
  return outcome.code;
}

/** MisPay's server webhook: plain JSON, sent once, no retries, no signature (IP allow-list in production). */
function notify(ctx: SandboxContext, s: SandboxSession, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const body = JSON.stringify({ checkoutId: s.paymentId, orderId: s.reference, code, appId: APP_ID, ...extra });
  return ctx.deliverWebhook(PROVIDER, { body, attempts: 1 });
}

function registerMispayRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // Every route but /token needs the bearer JWT.
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url?.endsWith('/v1/api/token')) return undefined;
    const refusal = await checkMispayBearer(request, ctx);
    if (refusal) return sendMispayError(reply, refusal);
    return undefined;
  });

  app.get('/v1/api/token', async (request, reply) => {
    const issued = await issueMispayToken(request, ctx);
    if ('error' in issued) return sendMispayError(reply, issued.error);
    return success({ token: issued.token });
  });

  app.post('/v1/api/start-checkout', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const orderId = body.orderId;
    const purchase = amountMinor(body.purchaseAmount);
    if (typeof orderId !== 'string' || orderId.trim() === '' || purchase === undefined) return sendMispayError(reply, 'ME97');
    if (body.purchaseCurrency !== 'SAR') return sendMispayError(reply, 'ME97');
    if (purchase < BOUNDS.min || purchase > BOUNDS.max) return sendMispayError(reply, 'ME97');
    if (body.lang !== undefined && body.lang !== 'ar' && body.lang !== 'en') return sendMispayError(reply, 'ME97');
    if (body.version === 'v1.2') {
      // v1.2: totalPrice + shippingAmount + vat must add up to purchaseAmount.
      const parts = [amountMinor(body.totalPrice), optionalMinor(body.shippingAmount), optionalMinor(body.vat)];
      if (parts.some((p) => p === undefined)) return sendMispayError(reply, 'ME97');
      if ((parts as number[]).reduce((a, b) => a + b, 0) !== purchase) return sendMispayError(reply, 'ME97');
    } else if (body.version !== 'v1.1') {
      return sendMispayError(reply, 'ME97');
    }
    const now = ctx.now();
    const customer = (body.customerDetails ?? {}) as Record<string, unknown>;
    const session: SandboxSession = {
      provider: PROVIDER,
      id: ctx.newId('trk_'),
      paymentId: ctx.newId('chk_'),
      reference: orderId,
      amountMinor: purchase,
      currency: 'SAR',
      state: 'pending',
      providerStatus: 'pending',
      capturedMinor: 0,
      refundedMinor: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHECKOUT_LIFETIME_MS),
      ...(typeof customer.mobileNumber === 'string' ? { phone: customer.mobileNumber } : {}),
      data: { code: null, transactionId: null, refunds: [] } satisfies MispayData as unknown as Record<string, unknown>,
    };
    ctx.addSession(session);
    ctx.record({ provider: PROVIDER, op: 'create', session_id: session.id, payment_id: session.paymentId, reference: orderId, amount_minor: purchase, currency: 'SAR', idempotency_key: null });
    return success({ url: `${ctx.publicBase(request)}/sandbox/${PROVIDER}/checkout/${encodeURIComponent(session.id)}`, trackId: session.id });
  });

  app.get<{ Params: { trackId: string } }>('/v1/api/track-checkout/:trackId', async (request, reply) => {
    const s = byTrackId(ctx, request.params.trackId);
    if (!s) return sendMispayError(reply, 'ME05');
    expireIfDue(s, ctx);
    return success(trackResult(s));
  });

  app.get<{ Params: { checkoutId: string } }>('/v1/api/checkout/:checkoutId', async (request, reply) => {
    const s = byCheckoutId(ctx, request.params.checkoutId);
    if (!s) return sendMispayError(reply, 'ME05');
    expireIfDue(s, ctx);
    return success(trackResult(s));
  });

  app.put<{ Params: { checkoutId: string } }>('/v1/api/checkout/:checkoutId/end', async (request, reply) => {
    const s = byCheckoutId(ctx, request.params.checkoutId);
    if (!s) return sendMispayError(reply, 'ME05');
    const d = data(s);
    // Already ended: answer the same transaction, finalize nothing a second time.
    if (d.transactionId) return success({ transactionId: d.transactionId });
    if (s.providerStatus !== 'success') return sendMispayError(reply, 'ME04');
    d.transactionId = ctx.newId('txn_');
    s.capturedMinor = s.amountMinor;
    ctx.record({ provider: PROVIDER, op: 'capture', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: s.amountMinor, currency: 'SAR', idempotency_key: null });
    return success({ transactionId: d.transactionId });
  });

  app.post('/v1/api/refund', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const s = typeof body.purchaseId === 'string' ? byCheckoutId(ctx, body.purchaseId) : undefined;
    if (!s) return sendMispayError(reply, 'ME05');
    const d = data(s);
    if (!d.transactionId) return sendMispayError(reply, 'ME05'); // nothing was finalized, so nothing to refund
    const refundMinor = amountMinor(body.amount);
    const merchantRefundId = typeof body.merchantRefundId === 'string' && body.merchantRefundId !== '' ? body.merchantRefundId : null;
    if (refundMinor === undefined || body.currency !== 'SAR' || body.orderId !== s.reference || amountMinor(body.totalAmount) !== s.amountMinor) {
      return sendMispayError(reply, 'ME97');
    }
    const previous = merchantRefundId ? d.refunds.find((r) => r.merchantRefundId === merchantRefundId) : undefined;
    if (previous) {
      if (previous.amountMinor !== refundMinor) return sendMispayError(reply, 'ME97');
      return reply.code(201).send(success(refundResult(s, previous)));
    }
    if (refundMinor > s.capturedMinor - s.refundedMinor) return sendMispayError(reply, 'ME97');
    const refund: MispayRefund = { refundId: ctx.newId('rfd_'), merchantRefundId, amountMinor: refundMinor };
    d.refunds.push(refund);
    s.refundedMinor += refundMinor;
    d.code = 'MP03';
    ctx.record({ provider: PROVIDER, op: 'refund', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: refundMinor, currency: 'SAR', idempotency_key: merchantRefundId });
    const result = refundResult(s, refund);
    // Real providers notify after answering; don't hold the refund response on the webhook.
    void notify(ctx, s, 'MP03', { isFullyRefunded: result.isFullyRefunded });
    return reply.code(201).send(success(result));
  });
}

function refundResult(s: SandboxSession, refund: MispayRefund) {
  return {
    refundId: refund.refundId,
    merchantRefundId: refund.merchantRefundId,
    checkoutId: s.paymentId,
    amount: formatMinor(refund.amountMinor, 'SAR'),
    isFullyRefunded: s.refundedMinor >= s.capturedMinor,
  };
}

export const mispaySimulator: ProviderSimulator = {
  id: PROVIDER,
  register: registerMispayRoutes,
  async onCustomerAction(session, action, ctx) {
    const code = applyOutcome(session, action);
    await notify(ctx, session, code);
  },
};
