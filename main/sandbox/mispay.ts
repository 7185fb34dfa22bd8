import type { FastifyInstance } from 'fastify';
import { parseAmountToMinor } from '../../shared/money';
import { MispayRefundRequest, MispayStartCheckoutRequest, mispayIssue } from '../providers/contracts/mispay';
import { findProvider } from '../../shared/providers';
import type { CustomerAction, ProviderSimulator, SandboxContext, SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import { checkMispayBearer, issueMispayToken, sendMispayError } from './mispay-auth';

// MisPay simulator, mounted at /sandbox/mispay and mirroring https://api.mispay.co/v1/api/… .
// Requests are checked against main/providers/contracts/mispay.ts and refused with MisPay's own
// {status:"error : 400", result:"ExceptionType.ME97"}; answers carry only the documented fields.
//
// Readings where MisPay's sources are silent (docs/providers/mispay.md), the stricter one each time:
// - Session ids: session.id = trackId (start-checkout answer, hosted page), session.paymentId = checkoutId.
// - track-checkout answers {status, orderId} only: no checkoutId, no amounts. The checkoutId reaches the merchant in
//   the webhook (and the browser callback `?_=`), as in MisPay's plugins.
// - A timed-out checkout shows status "expired" (webhook code MP01); MisPay documents the code, not the status.
// - A second end-checkout is refused (ME04), and refunds are not de-duplicated by merchantRefundId.
// - A declined customer shows status "error" with webhook code MP02 (no decline code is documented).
// - Only v1.2 start-checkout bodies are taken, with customerDetails and orderDetails.

const PROVIDER = 'mispay';
const APP_ID = SANDBOX_CREDENTIALS.mispay.app_id;
const BOUNDS = findProvider(PROVIDER)?.amountBoundsMinor?.SAR ?? { min: 200_00, max: 5000_00 };
/** MisPay publishes no checkout lifetime; 30 minutes keeps demo sessions realistic. */
const CHECKOUT_LIFETIME_MS = 30 * 60_000;

interface MispayRefund {
  merchantRefundId: string | null;
  amountMinor: number;
  comments: string | null;
}

interface MispayData {
  code: string | null;
  transactionId: string | null;
  refunds: MispayRefund[];
  items: unknown[];
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

/** What MisPay's plugins read from track-checkout: status and orderId (MAG MISPayRequestHelper trackCheckout). */
function trackResult(s: SandboxSession) {
  return { status: s.providerStatus, orderId: s.reference };
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

/**
 * MisPay's server webhook: plain JSON, no signature (IP allow-list in production). MisPay documents one delivery and no
 * retries once the merchant answered; the simulator also re-delivers while the merchant cannot be reached at all (a
 * till restarting), because this notification is the only source of the checkoutId — a lost one is a real risk of
 * MisPay's design, reported in docs/providers/mispay.md, not something the simulator can settle for PayDesk.
 */
function notify(ctx: SandboxContext, s: SandboxSession, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const body = JSON.stringify({ checkoutId: s.paymentId, orderId: s.reference, code, appId: APP_ID, ...extra });
  return ctx.deliverWebhook(PROVIDER, { body, attempts: 12 });
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
    const parsed = MispayStartCheckoutRequest.safeParse(request.body ?? {});
    if (!parsed.success) return sendMispayError(reply, 'ME97', mispayIssue(parsed.error, request.body ?? {}));
    const body = parsed.data;
    const orderId = body.orderId;
    const purchase = amountMinor(body.purchaseAmount);
    if (purchase === undefined || purchase < BOUNDS.min || purchase > BOUNDS.max) return sendMispayError(reply, 'ME97', 'purchaseAmount is outside the merchant limits');
    const now = ctx.now();
    const customer = body.customerDetails;
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
      data: { code: null, transactionId: null, refunds: [], items: body.orderDetails.items } satisfies MispayData as unknown as Record<string, unknown>,
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

  app.put<{ Params: { checkoutId: string } }>('/v1/api/checkout/:checkoutId/end', async (request, reply) => {
    const s = byCheckoutId(ctx, request.params.checkoutId);
    if (!s) return sendMispayError(reply, 'ME05');
    const d = data(s);
    // Already ended, or not approved: not a session that can be ended (stricter reading: no second answer).
    if (d.transactionId || s.providerStatus !== 'success') return sendMispayError(reply, 'ME04');
    d.transactionId = ctx.newId('txn_');
    s.capturedMinor = s.amountMinor;
    ctx.record({ provider: PROVIDER, op: 'capture', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: s.amountMinor, currency: 'SAR', idempotency_key: null });
    return success({ transactionId: d.transactionId });
  });

  app.post('/v1/api/refund', async (request, reply) => {
    const parsed = MispayRefundRequest.safeParse(request.body ?? {});
    if (!parsed.success) return sendMispayError(reply, 'ME97', mispayIssue(parsed.error, request.body ?? {}));
    const body = parsed.data;
    const s = byCheckoutId(ctx, body.purchaseId);
    if (!s) return sendMispayError(reply, 'ME05');
    const d = data(s);
    if (!d.transactionId) return sendMispayError(reply, 'ME05'); // nothing was finalized, so nothing to refund
    const refundMinor = amountMinor(body.amount);
    if (refundMinor === undefined || refundMinor === 0 || body.orderId !== s.reference || amountMinor(body.totalAmount) !== s.amountMinor) return sendMispayError(reply, 'ME97');
    if (refundMinor > s.capturedMinor - s.refundedMinor) return sendMispayError(reply, 'ME97', 'amount is more than is left to refund');
    // Not de-duplicated by merchantRefundId: MisPay documents the field, not that a repeat is answered without refunding.
    d.refunds.push({ merchantRefundId: body.merchantRefundId ?? null, amountMinor: refundMinor, comments: body.comments ?? null });
    s.refundedMinor += refundMinor;
    d.code = 'MP03';
    ctx.record({ provider: PROVIDER, op: 'refund', session_id: s.id, payment_id: s.paymentId, reference: s.reference, amount_minor: refundMinor, currency: 'SAR', idempotency_key: body.merchantRefundId ?? null });
    // Real providers notify after answering; don't hold the refund response on the webhook.
    void notify(ctx, s, 'MP03', { isFullyRefunded: s.refundedMinor >= s.capturedMinor });
    return reply.code(201).send(success({}));
  });
}

export const mispaySimulator: ProviderSimulator = {
  id: PROVIDER,
  register: registerMispayRoutes,
  async onCustomerAction(session, action, ctx) {
    const code = applyOutcome(session, action);
    await notify(ctx, session, code);
  },
};
