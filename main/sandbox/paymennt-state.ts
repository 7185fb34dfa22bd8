import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { minorToMajorNumber, type Currency } from '../../shared/money';
import type { CustomerAction, SandboxContext, SandboxSession } from './core';
import { PAYMENNT_SIGNATURE_HEADER } from '../providers/contracts/paymennt';
import { SANDBOX_CREDENTIALS } from './credentials';

// The paymennt simulator's model: checkouts (sessions), their single card payment, the merchant's
// capture setting, and the JSON shapes the API and webhooks answer with.

export const PAYMENNT = 'paymennt';

/** Payment-level statuses from paymennt's OpenAPI (PaymentResponse.status). */
export type PaymenntPaymentStatus = 'AUTHORIZED' | 'CAPTURED' | 'VOIDED' | 'FAILED' | 'PARTIALLY_REVERSED' | 'REVERSED';

export interface PaymenntRefund {
  referenceId: string | null;
  amountMinor: number;
  note: string;
}

export interface PaymenntData {
  checkoutKey: string;
  displayId: string;
  requestId: string;
  orderId: string;
  redirectUrl: string;
  customer: Record<string, unknown> | null;
  /** LINK or QR: which create call opened it (the search filter `type`). */
  type: 'LINK' | 'QR';
  /** Set once the customer pays. paymennt's checkout answers do not name the payment (OpenAPI CheckoutResponse). */
  paymentStatus: PaymenntPaymentStatus | null;
  refunds: PaymenntRefund[];
}

export const paymenntData = (s: SandboxSession) => s.data as unknown as PaymenntData;

/** Merchant account setting: card links capture by themselves unless the merchant asked for authorise-then-capture. */
const autoCaptureByContext = new WeakMap<SandboxContext, boolean>();
export const autoCapture = (ctx: SandboxContext) => autoCaptureByContext.get(ctx) ?? true;
export const setAutoCapture = (ctx: SandboxContext, on: boolean) => void autoCaptureByContext.set(ctx, on);

/** paymennt ids are long decimal strings, e.g. "1653241101733169556". */
export function paymenntId(): string {
  return `17${String(Date.now()).slice(-10)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}
export const newCheckoutKey = () => randomBytes(24).toString('hex');
export const newDisplayId = () => randomBytes(4).toString('base64url').slice(0, 6).toUpperCase();

export function findCheckout(ctx: SandboxContext, id: string): SandboxSession | undefined {
  const s = ctx.sessions.get(`${PAYMENNT}:${id}`);
  return s && s.id === id ? s : undefined;
}

export function findByPaymentId(ctx: SandboxContext, paymentId: string): SandboxSession | undefined {
  for (const s of ctx.sessions.values()) if (s.provider === PAYMENNT && s.paymentId === paymentId && paymenntData(s).paymentStatus) return s;
  return undefined;
}

/** Time-driven expiry, applied when a checkout is read (no webhook: nothing happened that a person did). */
export function expireIfDue(s: SandboxSession, ctx: SandboxContext): void {
  if (s.state === 'pending' && ctx.now() >= s.expiresAt) {
    s.state = 'expired';
    s.providerStatus = 'EXPIRED';
  }
}

/** Checkout status after money moved: PAID when fully captured, then REFUNDED / PARTIALLY_REFUNDED. */
export function settleStatus(s: SandboxSession): void {
  if (s.refundedMinor > 0) {
    s.providerStatus = s.refundedMinor >= s.capturedMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    paymenntData(s).paymentStatus = s.refundedMinor >= s.capturedMinor ? 'REVERSED' : 'PARTIALLY_REVERSED';
  } else if (s.capturedMinor >= s.amountMinor) {
    s.providerStatus = 'PAID';
    paymenntData(s).paymentStatus = 'CAPTURED';
  }
}

const major = (minor: number, currency: Currency) => minorToMajorNumber(minor, currency);

/** A checkout as paymennt's OpenAPI documents it (CheckoutResponse): no paymentId, no captured amount, no description. */
export function checkoutJson(s: SandboxSession) {
  const d = paymenntData(s);
  return {
    id: s.id,
    displayId: d.displayId,
    checkoutKey: d.checkoutKey,
    requestId: d.requestId,
    orderId: d.orderId,
    currency: s.currency,
    amount: major(s.amountMinor, s.currency),
    cashAmount: 0,
    status: s.providerStatus,
    totalRefunded: major(s.refundedMinor, s.currency),
    redirectUrl: d.redirectUrl,
    usedPaymentMethod: d.paymentStatus ? 'CARD' : null,
    customer: d.customer,
    branchId: null,
    timestamp: s.createdAt.toISOString(),
  };
}

/** A payment as paymennt's OpenAPI documents it (PaymentResponseSample). */
export function paymentJson(s: SandboxSession) {
  const status = paymenntData(s).paymentStatus;
  return {
    id: s.paymentId,
    currency: s.currency,
    amount: major(s.amountMinor, s.currency),
    ...(status ? { status } : {}),
    timestamp: s.createdAt.toISOString(),
    checkoutDetails: checkoutJson(s),
  };
}

/** What the customer (or time) did, applied to a pending checkout. Returns whether money was captured. */
export function applyCustomerAction(s: SandboxSession, action: CustomerAction, ctx: SandboxContext): boolean {
  const d = paymenntData(s);
  switch (action) {
    case 'approve':
      s.state = 'approved';
      if (autoCapture(ctx)) {
        s.capturedMinor = s.amountMinor;
        d.paymentStatus = 'CAPTURED';
        s.providerStatus = 'PAID';
        return true;
      }
      d.paymentStatus = 'AUTHORIZED';
      s.providerStatus = 'AUTHORIZED';
      return false;
    case 'decline':
      s.state = 'declined';
      s.providerStatus = 'FAILED';
      return false;
    case 'expire':
      s.state = 'expired';
      s.providerStatus = 'EXPIRED';
      return false;
    case 'cancel':
      s.state = 'cancelled';
      s.providerStatus = 'CANCELLED';
      return false;
  }
}

/**
 * Webhook. paymennt issues an hmacKey per webhook but documents neither payload nor signature (bnpl.md §4); the
 * documented flow is "be notified, then GET the checkout". Assumed here: the body is the checkout object and
 * `X-Paymennt-Signature` carries hex HMAC-SHA256 of the raw body with the hmacKey. Kept in one place to correct.
 */
export function sendPaymenntWebhook(ctx: SandboxContext, s: SandboxSession): Promise<void> {
  const body = JSON.stringify(checkoutJson(s));
  const signature = createHmac('sha256', SANDBOX_CREDENTIALS.paymennt.webhook_hmac_key).update(body, 'utf8').digest('hex');
  return ctx.deliverWebhook(PAYMENNT, { body, headers: { [PAYMENNT_SIGNATURE_HEADER]: signature } });
}
