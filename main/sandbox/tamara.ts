import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Currency } from '../../shared/money';
import {
  TamaraCancelRequest,
  TamaraCaptureRequest,
  TamaraInstoreSessionRequest,
  TamaraRefundRequest,
  TamaraVoidBody,
  TamaraVoidQuery,
  tamaraIssue,
} from '../providers/contracts/tamara';
import { asObject, type CustomerAction, type ProviderSimulator, type SandboxContext, type SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import {
  TAMARA_IN_STORE_LIFETIME_MS,
  TAMARA_SANDBOX_CURRENCIES,
  applyTamaraCapture,
  expireTamaraIfDue,
  notifyTamaraMerchant,
  parseTamaraMoney,
  recordTamaraOp,
  tamaraData,
  tamaraError,
  tamaraMerchant,
  tamaraMoney,
  tamaraOrderView,
  tamaraStatus,
  uncapturedMinor,
  type TamaraOrderData,
  type TamaraOrderStatus,
} from './tamara-order';

// Tamara simulator (bnpl.md §2): in-store SMS sessions, void, order details, authorise, capture
// (no idempotency key — a repeated call captures again), cancel, simplified refund, and JWT-signed
// notifications. `PUT /sandbox/tamara/_merchant {auto_capture}` switches the merchant account between
// in-store auto-capture (default) and the authorise-then-capture flow. That control route sits inside
// this plugin, so provider fault injection applies to it too: set it before injecting faults.

type Body = Record<string, unknown>;
type OrderParams = { Params: { order_id: string } };


function findOrder(ctx: SandboxContext, orderId: string): SandboxSession | undefined {
  const session = ctx.findSession('tamara', orderId);
  return session?.paymentId === orderId ? session : undefined;
}

const PHONE = /^\+?\d{7,15}$/;

function createInStoreSession(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const parsed = TamaraInstoreSessionRequest.safeParse(request.body ?? {});
  if (!parsed.success) {
    const issue = tamaraIssue(parsed.error, request.body ?? {});
    const code = /is required$/.test(issue.text) ? `${issue.field.replace(/\W+/g, '_')}_is_required` : 'invalid_request';
    return tamaraError(reply, 400, issue.text, code, { field: issue.field });
  }
  const body = asObject(request.body);
  const total = asObject(body.total_amount);
  const currency = total.currency as Currency;
  if (!TAMARA_SANDBOX_CURRENCIES.includes(currency)) {
    return tamaraError(reply, 400, `total_amount.currency must be one of ${TAMARA_SANDBOX_CURRENCIES.join(', ')}`, 'invalid_currency', { field: 'total_amount.currency' });
  }
  const amountMinor = parseTamaraMoney(total, currency, 'total_amount');
  if (typeof amountMinor === 'string') return tamaraError(reply, 400, amountMinor, 'invalid_total_amount', { field: 'total_amount.amount' });
  if (typeof body.phone_number !== 'string' || !PHONE.test(body.phone_number)) {
    return tamaraError(reply, 400, 'phone_number is required, e.g. 534274516', 'phone_number_is_required', { field: 'phone_number' });
  }
  if (typeof body.order_reference_id !== 'string' || !body.order_reference_id) {
    return tamaraError(reply, 400, 'order_reference_id is required', 'order_reference_id_is_required', { field: 'order_reference_id' });
  }
  if (!Array.isArray(body.items) || body.items.length === 0) return tamaraError(reply, 400, 'items must list at least one item', 'items_is_required', { field: 'items' });
  const createdAt = ctx.now();
  const additional = asObject(body.additional_data);
  const data: TamaraOrderData = {
    checkoutId: ctx.newId('tmk_'),
    orderNumber: typeof body.order_number === 'string' ? body.order_number : null,
    locale: typeof body.locale === 'string' ? body.locale : 'ar_SA',
    paymentType: typeof body.payment_type === 'string' ? body.payment_type : 'PAY_BY_INSTALMENTS',
    storeCode: typeof additional.store_code === 'string' ? additional.store_code : null,
    email: typeof body.email === 'string' ? body.email : null,
    items: body.items,
    autoCapture: tamaraMerchant(ctx).autoCapture,
    sms: [{ phone: body.phone_number, at: createdAt.toISOString(), kind: 'initial' }],
    smsResends: 0,
    captures: [],
    refunds: [],
    cancels: [],
    canceledMinor: 0,
    authorisedAt: null,
  };
  const session: SandboxSession = {
    provider: 'tamara',
    id: data.checkoutId,
    paymentId: ctx.newId('tmo_'),
    reference: body.order_reference_id,
    amountMinor,
    currency,
    state: 'pending',
    providerStatus: 'new',
    capturedMinor: 0,
    refundedMinor: 0,
    createdAt,
    // expiry_time is ignored unless Tamara support enables it for the merchant; the sandbox merchant has it off.
    expiresAt: new Date(createdAt.getTime() + TAMARA_IN_STORE_LIFETIME_MS),
    phone: body.phone_number,
    data: data as unknown as Record<string, unknown>,
  };
  ctx.addSession(session);
  recordTamaraOp(ctx, session, 'create', amountMinor, null);
  return reply.send({
    order_id: session.paymentId,
    checkout_id: session.id,
    checkout_deeplink: `${ctx.publicBase(request)}/sandbox/tamara/checkout/${encodeURIComponent(session.id)}`,
  });
}

/**
 * Void: the docs put order_id/store_code in the query, the SDK in a JSON body. Either is taken; when both are sent
 * they must agree.
 */
function voidCheckout(ctx: SandboxContext, request: FastifyRequest<{ Params: { checkout_id: string }; Querystring: { order_id?: string } }>, reply: FastifyReply) {
  const query = TamaraVoidQuery.safeParse(request.query ?? {});
  const body = request.body === undefined || request.body === null ? undefined : TamaraVoidBody.safeParse(request.body);
  if (body && !body.success) return tamaraError(reply, 400, tamaraIssue(body.error, request.body).text, 'invalid_request');
  const fromQuery = query.success ? query.data.order_id : undefined;
  const fromBody = body?.success ? body.data.order_id : undefined;
  if (fromQuery && fromBody && fromQuery !== fromBody) return tamaraError(reply, 400, 'order_id in the query and in the body differ', 'invalid_request', { field: 'order_id' });
  const orderId = fromQuery ?? fromBody;
  if (!orderId) return tamaraError(reply, 400, 'order_id is required', 'order_id_is_required', { field: 'order_id' });
  const session = findOrder(ctx, orderId);
  if (!session || session.id !== request.params.checkout_id) return tamaraError(reply, 404, 'Checkout session not found', 'checkout_not_found');
  expireTamaraIfDue(ctx, session);
  const status = tamaraStatus(session);
  if (status === 'canceled') return reply.send({ order_was_voided: true, captured_amount: [] });
  if (status === 'new') {
    session.providerStatus = 'canceled';
    session.state = 'cancelled';
    recordTamaraOp(ctx, session, 'cancel', session.amountMinor, null);
    void notifyTamaraMerchant(ctx, session, 'order_canceled', { canceled_amount: tamaraMoney(session.amountMinor, session.currency) });
    return reply.send({ order_was_voided: true, captured_amount: [] });
  }
  if (session.capturedMinor > 0) {
    // Too late: the customer already paid. Tamara answers with what was captured instead.
    const captured = { ...tamaraMoney(session.capturedMinor, session.currency), message: 'Order is already captured', store_code: tamaraData(session).storeCode };
    return reply.send({ order_was_voided: false, captured_amount: [captured] });
  }
  return tamaraError(reply, 409, `Order is ${status} and cannot be voided`, 'order_cannot_be_voided');
}

function resendSms(ctx: SandboxContext, request: FastifyRequest<{ Params: { checkout_id: string } }>, reply: FastifyReply) {
  const session = ctx.findSession('tamara', request.params.checkout_id);
  if (!session || session.id !== request.params.checkout_id) return tamaraError(reply, 404, 'Checkout session not found', 'checkout_not_found');
  expireTamaraIfDue(ctx, session);
  if (tamaraStatus(session) !== 'new') return tamaraError(reply, 409, `Order is ${session.providerStatus}; the link can only be resent while it is new`, 'order_not_new');
  const phone = asObject(request.body).phone_number;
  const d = tamaraData(session);
  d.sms.push({ phone: typeof phone === 'string' && PHONE.test(phone) ? phone : (session.phone ?? ''), at: ctx.now().toISOString(), kind: 'resend' });
  d.smsResends += 1;
  return reply.send({ checkout_id: session.id, order_id: session.paymentId, sms_sent: true });
}

function authoriseOrder(ctx: SandboxContext, session: SandboxSession, reply: FastifyReply) {
  const status = tamaraStatus(session);
  if (status === 'approved') {
    session.providerStatus = 'authorised';
    tamaraData(session).authorisedAt = ctx.now().toISOString();
    void notifyTamaraMerchant(ctx, session, 'order_authorised');
  } else if (status !== 'authorised') {
    return tamaraError(reply, 409, `Order is ${status}; only approved orders can be authorised`, 'order_not_approved');
  }
  return reply.send({
    order_id: session.paymentId,
    status: session.providerStatus,
    order_expiry_time: new Date(session.createdAt.getTime() + 21 * 24 * 3_600_000).toISOString(),
    payment_type: tamaraData(session).paymentType,
    auto_captured: false,
    authorized_amount: tamaraMoney(session.amountMinor, session.currency),
    capture_id: null,
  });
}

const CAPTURABLE: readonly TamaraOrderStatus[] = ['authorised', 'updated', 'partially_captured'];

function refusedBy(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, body: Body, reply: FastifyReply): FastifyReply | undefined {
  const parsed = schema.safeParse(body) as { success: boolean; error?: Parameters<typeof tamaraIssue>[0] };
  if (parsed.success || !parsed.error) return undefined;
  const issue = tamaraIssue(parsed.error, body);
  const code = /is required$/.test(issue.text) ? `${issue.field.replace(/\W+/g, '_')}_is_required` : 'invalid_request';
  return tamaraError(reply, 400, issue.text, code, { field: issue.field });
}

function captureOrder(ctx: SandboxContext, body: Body, reply: FastifyReply) {
  const refused = refusedBy(TamaraCaptureRequest, body, reply);
  if (refused) return refused;
  if (typeof body.order_id !== 'string') return tamaraError(reply, 400, 'order_id is required', 'order_id_is_required', { field: 'order_id' });
  const session = findOrder(ctx, body.order_id);
  if (!session) return tamaraError(reply, 404, 'Order not found', 'order_not_found');
  const shipping = asObject(body.shipping_info);
  if (typeof shipping.shipped_at !== 'string' || typeof shipping.shipping_company !== 'string') {
    return tamaraError(reply, 400, 'shipping_info.shipped_at and shipping_info.shipping_company are required', 'shipping_info_is_required', { field: 'shipping_info' });
  }
  const amountMinor = parseTamaraMoney(body.total_amount, session.currency, 'total_amount');
  if (typeof amountMinor === 'string') return tamaraError(reply, 400, amountMinor, 'invalid_total_amount', { field: 'total_amount' });
  if (!CAPTURABLE.includes(tamaraStatus(session))) return tamaraError(reply, 409, `Order is ${session.providerStatus}; only authorised orders can be captured`, 'order_not_authorised');
  if (amountMinor > uncapturedMinor(session)) return tamaraError(reply, 400, 'total_amount is more than the amount left to capture', 'capture_amount_exceeded');
  const capture = applyTamaraCapture(ctx, session, amountMinor);
  void notifyTamaraMerchant(ctx, session, 'order_captured', { capture_id: capture.id, captured_amount: tamaraMoney(amountMinor, session.currency) });
  return reply.send({ capture_id: capture.id, order_id: session.paymentId, status: session.providerStatus });
}

function cancelOrder(ctx: SandboxContext, session: SandboxSession, body: Body, reply: FastifyReply) {
  const refused = refusedBy(TamaraCancelRequest, body, reply);
  if (refused) return refused;
  if (!CAPTURABLE.includes(tamaraStatus(session))) return tamaraError(reply, 409, `Order is ${session.providerStatus}; only authorised orders can be cancelled`, 'order_not_authorised');
  const amountMinor = parseTamaraMoney(body.total_amount, session.currency, 'total_amount');
  if (typeof amountMinor === 'string') return tamaraError(reply, 400, amountMinor, 'invalid_total_amount', { field: 'total_amount' });
  if (amountMinor > uncapturedMinor(session)) return tamaraError(reply, 400, 'total_amount is more than the uncaptured amount', 'cancel_amount_exceeded');
  const d = tamaraData(session);
  const cancel = { id: ctx.newId('tmx_'), amountMinor, createdAt: ctx.now().toISOString() };
  d.cancels.push(cancel);
  d.canceledMinor += amountMinor;
  if (uncapturedMinor(session) > 0) session.providerStatus = session.capturedMinor > 0 ? 'partially_captured' : 'updated';
  else if (session.capturedMinor > 0) session.providerStatus = 'fully_captured';
  else {
    session.providerStatus = 'canceled';
    session.state = 'cancelled';
  }
  recordTamaraOp(ctx, session, 'cancel', amountMinor, null);
  void notifyTamaraMerchant(ctx, session, 'order_canceled', { cancel_id: cancel.id, canceled_amount: tamaraMoney(amountMinor, session.currency) });
  return reply.send({ cancel_id: cancel.id, order_id: session.paymentId, status: session.providerStatus });
}

const REFUNDABLE: readonly TamaraOrderStatus[] = ['partially_captured', 'fully_captured', 'partially_refunded'];

function refundOrder(ctx: SandboxContext, session: SandboxSession, body: Body, reply: FastifyReply) {
  const d = tamaraData(session);
  const merchantRefundId = typeof body.merchant_refund_id === 'string' && body.merchant_refund_id ? body.merchant_refund_id : null;
  const answer = (refundId: string, captureId: string | null) =>
    reply.send({ order_id: session.paymentId, refund_id: refundId, capture_id: captureId, status: session.providerStatus, refunded_amount: tamaraMoney(session.refundedMinor, session.currency) });
  // Stricter reading (bnpl.md §2: unknown): a repeated merchant_refund_id is not de-duplicated, it refunds again.
  const refused = refusedBy(TamaraRefundRequest, body, reply);
  if (refused) return refused;
  if (typeof body.comment !== 'string' || !body.comment.trim()) return tamaraError(reply, 400, 'comment is required', 'comment_is_required', { field: 'comment' });
  const amountMinor = parseTamaraMoney(body.total_amount, session.currency, 'total_amount');
  if (typeof amountMinor === 'string') return tamaraError(reply, 400, amountMinor, 'invalid_total_amount', { field: 'total_amount' });
  if (!REFUNDABLE.includes(tamaraStatus(session))) return tamaraError(reply, 409, `Order is ${session.providerStatus}; only captured orders can be refunded`, 'order_not_captured');
  if (session.refundedMinor + amountMinor > session.capturedMinor) return tamaraError(reply, 400, 'total_amount is more than the amount left to refund', 'refund_amount_exceeded');
  const captureId = d.captures.at(-1)?.id ?? null;
  const refund = { id: ctx.newId('tmr_'), amountMinor, createdAt: ctx.now().toISOString(), captureId, comment: body.comment, merchantRefundId };
  d.refunds.push(refund);
  session.refundedMinor += amountMinor;
  session.providerStatus = session.refundedMinor === session.capturedMinor ? 'fully_refunded' : 'partially_refunded';
  recordTamaraOp(ctx, session, 'refund', amountMinor, merchantRefundId);
  void notifyTamaraMerchant(ctx, session, 'order_refunded', { refund_id: refund.id, refunded_amount: tamaraMoney(amountMinor, session.currency) });
  return answer(refund.id, captureId);
}

function registerTamaraRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url?.endsWith('/_merchant')) return undefined;
    if (request.headers.authorization !== `Bearer ${SANDBOX_CREDENTIALS.tamara.api_token}`) {
      return tamaraError(reply, 401, 'Unauthorized: send "Authorization: Bearer <API token>"', 'unauthorized');
    }
    return undefined;
  });

  app.get('/_merchant', async () => ({ auto_capture: tamaraMerchant(ctx).autoCapture }));
  app.put('/_merchant', async (request, reply) => {
    const autoCapture = asObject(request.body).auto_capture;
    if (typeof autoCapture !== 'boolean') return reply.code(400).send({ error: 'auto_capture must be true or false' });
    tamaraMerchant(ctx).autoCapture = autoCapture;
    return { auto_capture: autoCapture };
  });

  app.post('/checkout/in-store-session', async (request, reply) => createInStoreSession(ctx, request, reply));
  app.post<{ Params: { checkout_id: string }; Querystring: { order_id?: string } }>('/checkout/:checkout_id/void', async (request, reply) => voidCheckout(ctx, request, reply));
  // Not in Tamara's public docs (bnpl.md lists no resend): the sandbox's way to text the same link again.
  app.post<{ Params: { checkout_id: string } }>('/checkout/:checkout_id/resend-sms', async (request, reply) => resendSms(ctx, request, reply));

  /** Resolves the order of a route, applying lazy expiry, or answers 404. */
  function withOrder(handler: (session: SandboxSession, request: FastifyRequest<OrderParams>, reply: FastifyReply) => unknown) {
    return async (request: FastifyRequest<OrderParams>, reply: FastifyReply) => {
      const session = findOrder(ctx, request.params.order_id);
      if (!session) return tamaraError(reply, 404, 'Order not found', 'order_not_found');
      expireTamaraIfDue(ctx, session);
      return handler(session, request, reply);
    };
  }

  app.get<OrderParams>('/merchants/orders/:order_id', withOrder((s) => tamaraOrderView(s)));
  app.get<OrderParams>('/orders/:order_id', withOrder((s) => tamaraOrderView(s)));
  app.get<{ Params: { ref: string } }>('/merchants/orders/reference-id/:ref', async (request, reply) => {
    // A reference can be reused after a voided link; the latest order is the one that counts.
    const matches = [...ctx.sessions.values()].filter((s) => s.provider === 'tamara' && s.reference === request.params.ref);
    const latest = matches.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (!latest) return tamaraError(reply, 404, 'Order not found', 'order_not_found');
    expireTamaraIfDue(ctx, latest);
    return tamaraOrderView(latest);
  });
  app.post<OrderParams>('/orders/:order_id/authorise', withOrder((s, _request, reply) => authoriseOrder(ctx, s, reply)));
  app.post<OrderParams>('/orders/:order_id/cancel', withOrder((s, request, reply) => cancelOrder(ctx, s, asObject(request.body), reply)));
  app.post('/payments/capture', async (request, reply) => captureOrder(ctx, asObject(request.body), reply));
  app.post<OrderParams>('/payments/simplified-refund/:order_id', withOrder((s, request, reply) => refundOrder(ctx, s, asObject(request.body), reply)));
}

async function approve(ctx: SandboxContext, session: SandboxSession): Promise<void> {
  session.state = 'approved';
  session.providerStatus = 'approved';
  // In-store orders go straight to fully_captured (Tamara authorises and captures by itself), before
  // anyone can read them as merely approved.
  const capture = tamaraData(session).autoCapture ? applyTamaraCapture(ctx, session, session.amountMinor) : undefined;
  await notifyTamaraMerchant(ctx, session, 'order_approved');
  if (capture) {
    await notifyTamaraMerchant(ctx, session, 'order_captured', { capture_id: capture.id, captured_amount: tamaraMoney(capture.amountMinor, session.currency) });
  }
}

export const tamaraSimulator: ProviderSimulator = {
  id: 'tamara',
  register: registerTamaraRoutes,
  async onCustomerAction(session: SandboxSession, action: CustomerAction, ctx: SandboxContext) {
    expireTamaraIfDue(ctx, session);
    if (session.state !== 'pending') return;
    if (action === 'approve') return approve(ctx, session);
    // A customer who backs out is marked expired at once (in-store go-live checklist).
    const [status, state, event] =
      action === 'decline' ? (['declined', 'declined', 'order_declined'] as const) : (['expired', action === 'cancel' ? 'cancelled' : 'expired', 'order_expired'] as const);
    session.providerStatus = status;
    session.state = state;
    await notifyTamaraMerchant(ctx, session, event);
  },
};
