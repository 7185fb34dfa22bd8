import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../shared/errors';
import { parseAmountToMinor, type Currency } from '../../shared/money';
import { asObject, type CustomerAction, type ProviderSimulator, type SandboxContext, type SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import {
  TABBY_SANDBOX_CURRENCIES,
  TABBY_SESSION_LIFETIME_MS,
  expireTabbyIfDue,
  notifyTabbyMerchant,
  rejectionReasonFor,
  setTabbyStatus,
  tabbyData,
  tabbyError,
  tabbyPaymentView,
  tabbySessionView,
  tabbyStatus,
  type TabbyMoneyMovement,
  type TabbyPaymentData,
} from './tabby-payment';

import { TabbyCaptureRequest, TabbyCheckoutRequest, TabbyRefundRequest, tabbyIssue } from '../providers/contracts/tabby';

export { TABBY_WEBHOOK_HEADER } from '../providers/contracts/tabby';

// Tabby simulator (bnpl.md §1): checkout sessions, payments, captures/refunds keyed by reference_id,
// close, the POS QR and SMS link, and webhooks carrying the merchant's registered header. Requests are checked
// against main/providers/contracts/tabby.ts and refused in Tabby's {status:"error", errorType, error, errors} shape.
// The session-cancel answer is undocumented, so it is an empty object: nothing in it can be relied on.

type Body = Record<string, unknown>;
type IdParams = { Params: { id: string } };


/** Parses a Tabby amount: a string in major units with no more decimals than the currency has. */
function parseTabbyAmount(value: unknown, currency: Currency, field: string): number | string {
  if (typeof value !== 'string') return `${field} must be a string in major units, e.g. "150.00"`;
  try {
    return parseAmountToMinor(value, currency, field);
  } catch (err) {
    return err instanceof AppError ? err.message : `${field} is not a valid amount`;
  }
}

function findCheckout(ctx: SandboxContext, id: string): SandboxSession | undefined {
  const session = ctx.findSession('tabby', id);
  return session?.id === id ? session : undefined;
}

function findPayment(ctx: SandboxContext, id: string): SandboxSession | undefined {
  const session = ctx.findSession('tabby', id);
  return session?.paymentId === id ? session : undefined;
}

function recordOp(ctx: SandboxContext, session: SandboxSession, op: 'create' | 'capture' | 'refund' | 'cancel', amountMinor: number, key: string | null): void {
  ctx.record({ provider: 'tabby', op, session_id: session.id, payment_id: session.paymentId, reference: session.reference, amount_minor: amountMinor, currency: session.currency, idempotency_key: key });
}

function createCheckout(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const parsed = TabbyCheckoutRequest.safeParse(request.body ?? {});
  if (!parsed.success) {
    const issue = tabbyIssue(parsed.error, request.body ?? {});
    return tabbyError(reply, 400, 'bad_data', issue.text, issue.field || undefined);
  }
  const body = parsed.data;
  const payment = body.payment as Record<string, unknown>;
  if (body.merchant_code !== SANDBOX_CREDENTIALS.tabby.merchant_code) {
    return tabbyError(reply, 403, 'no_permission', 'merchant_code does not belong to this secret key');
  }
  if (body.lang !== 'ar' && body.lang !== 'en') return tabbyError(reply, 400, 'bad_data', 'lang must be "ar" or "en"', 'lang');
  const currency = payment.currency as Currency;
  if (!TABBY_SANDBOX_CURRENCIES.includes(currency)) {
    return tabbyError(reply, 400, 'bad_data', `currency must be one of ${TABBY_SANDBOX_CURRENCIES.join(', ')}`, 'payment.currency');
  }
  const amountMinor = parseTabbyAmount(payment.amount, currency, 'payment.amount');
  if (typeof amountMinor === 'string') return tabbyError(reply, 400, 'bad_data', amountMinor, 'payment.amount');
  const order = asObject(payment.order);
  if (typeof order.reference_id !== 'string' || !order.reference_id) {
    return tabbyError(reply, 400, 'bad_data', 'payment.order.reference_id is required', 'payment.order.reference_id');
  }
  const buyer = asObject(payment.buyer);
  const rejectionReason = rejectionReasonFor(amountMinor, currency, buyer);
  const createdAt = ctx.now();
  const data: TabbyPaymentData = {
    merchantCode: body.merchant_code,
    lang: body.lang,
    sessionStatus: rejectionReason ? 'rejected' : 'created',
    rejectionReason,
    buyer,
    orderReferenceId: order.reference_id,
    items: Array.isArray(order.items) ? order.items : [],
    meta: asObject(payment.meta),
    captures: [],
    refunds: [],
    closedAt: null,
    hppLinkSends: [],
  };
  const session: SandboxSession = {
    provider: 'tabby',
    id: ctx.newId('tbs_'),
    paymentId: ctx.newId('tbp_'),
    reference: order.reference_id,
    amountMinor,
    currency,
    state: rejectionReason ? 'declined' : 'pending',
    providerStatus: rejectionReason ? 'REJECTED' : 'CREATED',
    capturedMinor: 0,
    refundedMinor: 0,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + TABBY_SESSION_LIFETIME_MS),
    ...(typeof buyer.phone === 'string' ? { phone: buyer.phone } : {}),
    ...(typeof payment.description === 'string' ? { description: payment.description } : {}),
    data: data as unknown as Record<string, unknown>,
  };
  ctx.addSession(session);
  // A pre-scoring rejection is still HTTP 200: the answer is in status and rejection_reason.
  if (!rejectionReason) recordOp(ctx, session, 'create', amountMinor, null);
  return reply.send(tabbySessionView(session, ctx.publicBase(request)));
}

/** Captures and refunds share their shape: amount + reference_id, the latter being the idempotency key. */
function moneyMovementInput(session: SandboxSession, body: Body, reply: FastifyReply, kind: 'capture' | 'refund'): { amountMinor: number; referenceId: string } | FastifyReply {
  const parsed = (kind === 'capture' ? TabbyCaptureRequest : TabbyRefundRequest).safeParse(body);
  if (!parsed.success) {
    const issue = tabbyIssue(parsed.error, body);
    return tabbyError(reply, 400, 'bad_data', issue.text, issue.field || undefined);
  }
  if (typeof body.reference_id !== 'string' || !body.reference_id) return tabbyError(reply, 400, 'bad_data', 'reference_id is required', 'reference_id');
  const amountMinor = parseTabbyAmount(body.amount, session.currency, 'amount');
  if (typeof amountMinor === 'string') return tabbyError(reply, 400, 'bad_data', amountMinor, 'amount');
  return { amountMinor, referenceId: body.reference_id };
}

function capturePayment(ctx: SandboxContext, session: SandboxSession, body: Body, reply: FastifyReply) {
  const d = tabbyData(session);
  // Same reference_id again: the first capture stands and the payment is returned as it is.
  if (typeof body.reference_id === 'string' && d.captures.some((c) => c.referenceId === body.reference_id)) return reply.send(tabbyPaymentView(session, 'api'));
  const input = moneyMovementInput(session, body, reply, 'capture');
  if (!('amountMinor' in input)) return input;
  if (tabbyStatus(session) !== 'AUTHORIZED') return tabbyError(reply, 400, 'bad_data', `payment is ${session.providerStatus}; only AUTHORIZED payments can be captured`, 'amount');
  const remaining = session.amountMinor - session.capturedMinor;
  if (input.amountMinor > remaining) return tabbyError(reply, 400, 'bad_data', 'capture amount is greater than the amount left to capture', 'amount');
  const capture: TabbyMoneyMovement = { id: ctx.newId('tbc_'), amountMinor: input.amountMinor, referenceId: input.referenceId, createdAt: ctx.now().toISOString() };
  d.captures.push(capture);
  session.capturedMinor += input.amountMinor;
  // A full capture closes the payment; a partial one leaves the rest AUTHORIZED.
  if (session.capturedMinor === session.amountMinor) {
    session.providerStatus = 'CLOSED';
    d.closedAt = capture.createdAt;
  }
  recordOp(ctx, session, 'capture', input.amountMinor, input.referenceId);
  void notifyTabbyMerchant(ctx, session);
  return reply.send(tabbyPaymentView(session, 'api'));
}

function refundPayment(ctx: SandboxContext, session: SandboxSession, body: Body, reply: FastifyReply) {
  const d = tabbyData(session);
  if (typeof body.reference_id === 'string' && d.refunds.some((r) => r.referenceId === body.reference_id)) return reply.send(tabbyPaymentView(session, 'api'));
  const input = moneyMovementInput(session, body, reply, 'refund');
  if (!('amountMinor' in input)) return input;
  if (tabbyStatus(session) !== 'CLOSED' || session.capturedMinor === 0) {
    return tabbyError(reply, 400, 'bad_data', `payment is ${session.providerStatus} with nothing captured; only CLOSED payments with captures can be refunded`, 'amount');
  }
  if (session.refundedMinor + input.amountMinor > session.capturedMinor) return tabbyError(reply, 400, 'bad_data', 'refund total would exceed the captured amount', 'amount');
  const reason = typeof body.reason === 'string' ? body.reason : undefined;
  d.refunds.push({ id: ctx.newId('tbr_'), amountMinor: input.amountMinor, referenceId: input.referenceId, createdAt: ctx.now().toISOString(), ...(reason ? { reason } : {}) });
  session.refundedMinor += input.amountMinor;
  recordOp(ctx, session, 'refund', input.amountMinor, input.referenceId);
  void notifyTabbyMerchant(ctx, session);
  return reply.send(tabbyPaymentView(session, 'api'));
}

function closePayment(ctx: SandboxContext, session: SandboxSession, reply: FastifyReply) {
  if (tabbyStatus(session) !== 'AUTHORIZED') return tabbyError(reply, 400, 'bad_data', `payment is ${session.providerStatus}; only AUTHORIZED payments can be closed`);
  const uncapturedMinor = session.amountMinor - session.capturedMinor;
  session.providerStatus = 'CLOSED';
  tabbyData(session).closedAt = ctx.now().toISOString();
  // Closing releases whatever was not captured: with no capture at all it is a full cancel.
  if (uncapturedMinor > 0) recordOp(ctx, session, 'cancel', uncapturedMinor, null);
  void notifyTabbyMerchant(ctx, session);
  return reply.send(tabbyPaymentView(session, 'api'));
}

function cancelCheckout(ctx: SandboxContext, session: SandboxSession, reply: FastifyReply) {
  if (session.state === 'cancelled') return reply.send({});
  if (tabbyStatus(session) !== 'CREATED') {
    return tabbyError(reply, 400, 'bad_data', `payment is ${session.providerStatus}; only a session whose payment is CREATED can be cancelled`);
  }
  // Tabby reports a cancelled session as EXPIRED (bnpl.md: "EXPIRED also = customer cancelled").
  setTabbyStatus(session, 'EXPIRED', 'cancelled', 'expired');
  recordOp(ctx, session, 'cancel', session.amountMinor, null);
  void notifyTabbyMerchant(ctx, session);
  return reply.send({});
}

function registerTabbyRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${SANDBOX_CREDENTIALS.tabby.secret_key}`) {
      return tabbyError(reply, 401, 'not_authorized', 'Authorization must be "Bearer <secret_key>" with a valid secret key');
    }
    return undefined;
  });

  app.post('/api/v2/checkout', async (request, reply) => createCheckout(ctx, request, reply));

  /** Resolves the session or payment of a route, applying lazy expiry, or answers 404. */
  function withSession(kind: 'checkout' | 'payment', handler: (session: SandboxSession, request: FastifyRequest<IdParams>, reply: FastifyReply) => unknown) {
    return async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
      const session = kind === 'checkout' ? findCheckout(ctx, request.params.id) : findPayment(ctx, request.params.id);
      if (!session) return tabbyError(reply, 404, 'not_found', `${kind} ${request.params.id} not found`);
      expireTabbyIfDue(ctx, session);
      return handler(session, request, reply);
    };
  }

  app.get<IdParams>('/api/v2/checkout/:id', withSession('checkout', (s, request) => tabbySessionView(s, ctx.publicBase(request))));
  app.get<IdParams>(
    '/api/v2/checkout/:id/hpp_link_qr',
    withSession('checkout', async (s, request, reply) => {
      const webUrl = `${ctx.publicBase(request)}/sandbox/tabby/checkout/${encodeURIComponent(s.id)}`;
      return reply.type('image/png').send(await QRCode.toBuffer(webUrl, { type: 'png', margin: 1, width: 320 }));
    }),
  );
  app.post<IdParams>(
    '/api/v2/checkout/:id/send_hpp_link',
    withSession('checkout', (s, request, reply) => {
      const body = asObject(request.body);
      if (body.product !== undefined && body.product !== 'installments') return tabbyError(reply, 400, 'bad_data', 'product must be "installments"', 'product');
      const phone = typeof body.phone === 'string' && body.phone ? body.phone : s.phone;
      if (!phone) return tabbyError(reply, 400, 'bad_data', 'phone is required when the session has no buyer phone', 'phone');
      if (tabbyStatus(s) !== 'CREATED') return tabbyError(reply, 400, 'bad_data', `payment is ${s.providerStatus}; the link can only be sent while it is CREATED`);
      tabbyData(s).hppLinkSends.push({ phone, at: ctx.now().toISOString() });
      return reply.send({ id: s.id, status: 'sent' });
    }),
  );
  app.post<IdParams>('/api/v2/checkout/:id/cancel', withSession('checkout', (s, _request, reply) => cancelCheckout(ctx, s, reply)));

  app.get<IdParams>('/api/v2/payments/:id', withSession('payment', (s) => tabbyPaymentView(s, 'api')));
  app.put<IdParams>(
    '/api/v2/payments/:id',
    withSession('payment', (s, request, reply) => {
      const referenceId = asObject(asObject(request.body).order).reference_id;
      if (typeof referenceId !== 'string' || !referenceId) return tabbyError(reply, 400, 'bad_data', 'order.reference_id is the only field that can be updated', 'order.reference_id');
      tabbyData(s).orderReferenceId = referenceId;
      return tabbyPaymentView(s, 'api');
    }),
  );
  app.post<IdParams>('/api/v2/payments/:id/captures', withSession('payment', (s, request, reply) => capturePayment(ctx, s, asObject(request.body), reply)));
  app.post<IdParams>('/api/v2/payments/:id/refunds', withSession('payment', (s, request, reply) => refundPayment(ctx, s, asObject(request.body), reply)));
  app.post<IdParams>('/api/v2/payments/:id/close', withSession('payment', (s, _request, reply) => closePayment(ctx, s, reply)));
}

const CUSTOMER_OUTCOME = {
  approve: ['AUTHORIZED', 'approved', 'approved'],
  decline: ['REJECTED', 'declined', 'rejected'],
  expire: ['EXPIRED', 'expired', 'expired'],
  // A customer who backs out shows as EXPIRED at Tabby.
  cancel: ['EXPIRED', 'cancelled', 'expired'],
} as const;

export const tabbySimulator: ProviderSimulator = {
  id: 'tabby',
  register: registerTabbyRoutes,
  async onCustomerAction(session: SandboxSession, action: CustomerAction, ctx: SandboxContext) {
    expireTabbyIfDue(ctx, session);
    if (session.state !== 'pending') return;
    const [status, state, sessionStatus] = CUSTOMER_OUTCOME[action];
    setTabbyStatus(session, status, state, sessionStatus);
    await notifyTabbyMerchant(ctx, session);
  },
};
