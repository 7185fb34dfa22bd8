import type { FastifyReply } from 'fastify';
import { SignJWT } from 'jose';
import { AppError } from '../../shared/errors';
import { minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import type { SandboxContext, SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';

// State, JSON views and notifications of the Tamara simulator (bnpl.md §2). The routes live in tamara.ts.

export type TamaraOrderStatus =
  | 'new'
  | 'approved'
  | 'authorised'
  | 'updated'
  | 'partially_captured'
  | 'fully_captured'
  | 'partially_refunded'
  | 'fully_refunded'
  | 'declined'
  | 'expired'
  | 'canceled';

export type TamaraEvent = 'order_approved' | 'order_declined' | 'order_authorised' | 'order_canceled' | 'order_captured' | 'order_refunded' | 'order_expired';

export const TAMARA_SANDBOX_CURRENCIES: readonly Currency[] = ['SAR', 'AED', 'BHD', 'KWD', 'OMR'];
/** In-store links expire after 15 minutes unless Tamara support enables expiry_time. */
export const TAMARA_IN_STORE_LIFETIME_MS = 15 * 60_000;

export interface TamaraTransaction {
  id: string;
  amountMinor: number;
  createdAt: string;
}

export interface TamaraRefund extends TamaraTransaction {
  captureId: string | null;
  comment: string;
  merchantRefundId: string | null;
}

export interface TamaraOrderData {
  checkoutId: string;
  orderNumber: string | null;
  locale: string;
  paymentType: string;
  storeCode: string | null;
  email: string | null;
  items: unknown[];
  /** Merchant setting at creation: in-store orders capture themselves on approval. */
  autoCapture: boolean;
  /** Every SMS Tamara "sent" with the link; resends counts the extra ones. */
  sms: { phone: string; at: string; kind: 'initial' | 'resend' }[];
  smsResends: number;
  captures: TamaraTransaction[];
  refunds: TamaraRefund[];
  cancels: TamaraTransaction[];
  canceledMinor: number;
  authorisedAt: string | null;
}

export function tamaraData(session: SandboxSession): TamaraOrderData {
  return session.data as unknown as TamaraOrderData;
}

export function tamaraStatus(session: SandboxSession): TamaraOrderStatus {
  return session.providerStatus as TamaraOrderStatus;
}

/** Per-sandbox merchant-account settings (PUT /sandbox/tamara/_merchant). */
const merchantSettings = new WeakMap<SandboxContext, { autoCapture: boolean }>();

export function tamaraMerchant(ctx: SandboxContext): { autoCapture: boolean } {
  let settings = merchantSettings.get(ctx);
  if (!settings) {
    settings = { autoCapture: true };
    merchantSettings.set(ctx, settings);
  }
  return settings;
}

export function tamaraMoney(minor: number, currency: Currency) {
  return { amount: minorToMajorNumber(minor, currency), currency };
}

/** Parses `{amount, currency}` against the order currency; returns minor units or an error message. */
export function parseTamaraMoney(value: unknown, currency: Currency, field: string): number | string {
  const money = value && typeof value === 'object' ? (value as { amount?: unknown; currency?: unknown }) : {};
  if (money.currency !== currency) return `${field}.currency must be ${currency}`;
  if (typeof money.amount !== 'number') return `${field}.amount must be a number in major units`;
  try {
    return parseAmountToMinor(money.amount, currency, `${field}.amount`);
  } catch (err) {
    return err instanceof AppError ? err.message : `${field}.amount is not a valid amount`;
  }
}

/** Amount still authorised and neither captured nor cancelled. */
export function uncapturedMinor(session: SandboxSession): number {
  return session.amountMinor - session.capturedMinor - tamaraData(session).canceledMinor;
}

/** The order as the SDK's GetOrderResponse reads it: no checkout id, no deeplink, no expiry. */
export function tamaraOrderView(session: SandboxSession) {
  const d = tamaraData(session);
  const money = (minor: number) => tamaraMoney(minor, session.currency);
  return {
    order_id: session.paymentId,
    order_reference_id: session.reference,
    order_number: d.orderNumber,
    status: session.providerStatus,
    payment_type: d.paymentType,
    total_amount: money(session.amountMinor),
    captured_amount: money(session.capturedMinor),
    refunded_amount: money(session.refundedMinor),
    canceled_amount: money(d.canceledMinor),
    settlement_status: 'pending',
    created_at: session.createdAt.toISOString(),
    consumer: { phone_number: session.phone ?? null, email: d.email },
    items: d.items,
    transactions: {
      captures: d.captures.map((c) => ({ capture_id: c.id, total_amount: money(c.amountMinor), created_at: c.createdAt })),
      refunds: d.refunds.map((r) => ({ refund_id: r.id, capture_id: r.captureId, total_amount: money(r.amountMinor), comment: r.comment, merchant_refund_id: r.merchantRefundId, created_at: r.createdAt })),
      cancels: d.cancels.map((c) => ({ cancel_id: c.id, total_amount: money(c.amountMinor), created_at: c.createdAt })),
    },
  };
}

export function recordTamaraOp(ctx: SandboxContext, session: SandboxSession, op: 'create' | 'capture' | 'refund' | 'cancel', amountMinor: number, key: string | null): void {
  ctx.record({ provider: 'tamara', op, session_id: session.id, payment_id: session.paymentId, reference: session.reference, amount_minor: amountMinor, currency: session.currency, idempotency_key: key });
}

/** Captures the rest of the order; in-store orders do this themselves on approval. */
export function applyTamaraCapture(ctx: SandboxContext, session: SandboxSession, amountMinor: number): TamaraTransaction {
  const d = tamaraData(session);
  const capture = { id: ctx.newId('tmc_'), amountMinor, createdAt: ctx.now().toISOString() };
  d.captures.push(capture);
  session.capturedMinor += amountMinor;
  session.providerStatus = uncapturedMinor(session) === 0 ? 'fully_captured' : 'partially_captured';
  // Tamara has no idempotency key on captures: every call that gets here moves money.
  recordTamaraOp(ctx, session, 'capture', amountMinor, null);
  return capture;
}

/** The notification token proves the sender; Tamara signs a JWT with it (HS256), not the body. */
async function tamaraToken(ctx: SandboxContext): Promise<string> {
  const issuedAt = Math.floor(ctx.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Tamara')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 3600)
    .sign(new TextEncoder().encode(SANDBOX_CREDENTIALS.tamara.notification_token));
}

export async function notifyTamaraMerchant(ctx: SandboxContext, session: SandboxSession, eventType: TamaraEvent, data: Record<string, unknown> = {}): Promise<void> {
  const body = JSON.stringify({
    order_id: session.paymentId,
    order_reference_id: session.reference,
    order_number: tamaraData(session).orderNumber,
    event_type: eventType,
    data,
  });
  const token = await tamaraToken(ctx);
  await ctx.deliverWebhook('tamara', { body, headers: { authorization: `Bearer ${token}` }, query: { tamaraToken: token } }).catch(() => undefined);
}

/** Time does its work lazily: a `new` order past its expiry becomes `expired` when next looked at. */
export function expireTamaraIfDue(ctx: SandboxContext, session: SandboxSession): void {
  if (session.providerStatus !== 'new' || ctx.now() < session.expiresAt) return;
  session.providerStatus = 'expired';
  session.state = 'expired';
  void notifyTamaraMerchant(ctx, session, 'order_expired');
}

export function tamaraError(reply: FastifyReply, httpStatus: number, message: string, errorCode: string, data?: Record<string, unknown>): FastifyReply {
  return reply.code(httpStatus).send({ message, errors: [{ error_code: errorCode, ...(data ? { data } : {}) }] });
}
