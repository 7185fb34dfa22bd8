import type { FastifyReply } from 'fastify';
import { formatMinor, type Currency } from '../../shared/money';
import { TABBY_WEBHOOK_HEADER } from '../providers/contracts/tabby';
import type { SandboxContext, SandboxSession } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';

// State, JSON views and webhooks of the Tabby simulator (bnpl.md §1). The routes live in tabby.ts.

export type TabbyPaymentStatus = 'CREATED' | 'AUTHORIZED' | 'CLOSED' | 'REJECTED' | 'EXPIRED';
export type TabbySessionStatus = 'created' | 'approved' | 'rejected' | 'expired';
export type TabbyRejectionReason = 'not_available' | 'order_amount_too_high' | 'order_amount_too_low';

export const TABBY_SANDBOX_CURRENCIES: readonly Currency[] = ['AED', 'SAR', 'KWD'];

/** Pre-scoring limits of the sandbox merchant, in minor units. Real limits depend on the customer. */
export const TABBY_SANDBOX_LIMITS_MINOR: Readonly<Record<string, { min: number; max: number }>> = {
  SAR: { min: 1_00, max: 20_000_00 },
  AED: { min: 1_00, max: 20_000_00 },
  KWD: { min: 100, max: 2_000_000 },
};

/** Tabby's documented test customer for a rejected pre-scoring (KSA test data uses the ...0002 number). */
const REJECTED_TEST_EMAIL = 'otp.rejected@tabby.ai';
const REJECTED_TEST_PHONE_SUFFIX = '500000002';

/** Real sessions expire about 20 minutes after creation (docs.tabby.sa payment-processing). */
export const TABBY_SESSION_LIFETIME_MS = 20 * 60_000;

export interface TabbyMoneyMovement {
  id: string;
  amountMinor: number;
  referenceId: string;
  createdAt: string;
  reason?: string;
}

export interface TabbyPaymentData {
  merchantCode: string;
  lang: string;
  sessionStatus: TabbySessionStatus;
  rejectionReason: TabbyRejectionReason | null;
  buyer: Record<string, unknown>;
  orderReferenceId: string;
  items: unknown[];
  meta: Record<string, unknown>;
  captures: TabbyMoneyMovement[];
  refunds: TabbyMoneyMovement[];
  closedAt: string | null;
  /** Every time Tabby was asked to text or push the link (send_hpp_link). */
  hppLinkSends: { phone: string; at: string }[];
}

export function tabbyData(session: SandboxSession): TabbyPaymentData {
  return session.data as unknown as TabbyPaymentData;
}

export function tabbyStatus(session: SandboxSession): TabbyPaymentStatus {
  return session.providerStatus as TabbyPaymentStatus;
}

export function rejectionReasonFor(amountMinor: number, currency: Currency, buyer: Record<string, unknown>): TabbyRejectionReason | null {
  const limits = TABBY_SANDBOX_LIMITS_MINOR[currency];
  if (limits && amountMinor > limits.max) return 'order_amount_too_high';
  if (limits && amountMinor < limits.min) return 'order_amount_too_low';
  if (buyer.email === REJECTED_TEST_EMAIL) return 'not_available';
  if (typeof buyer.phone === 'string' && buyer.phone.endsWith(REJECTED_TEST_PHONE_SUFFIX)) return 'not_available';
  return null;
}

/** The payment object: uppercase status for the API, lowercase for webhooks (as Tabby does). */
export function tabbyPaymentView(session: SandboxSession, statusCase: 'api' | 'webhook') {
  const d = tabbyData(session);
  const money = (minor: number) => formatMinor(minor, session.currency);
  const movement = (m: TabbyMoneyMovement) => ({
    id: m.id,
    amount: money(m.amountMinor),
    created_at: m.createdAt,
    reference_id: m.referenceId,
    ...(m.reason ? { reason: m.reason } : {}),
  });
  return {
    id: session.paymentId,
    created_at: session.createdAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    closed_at: d.closedAt,
    status: statusCase === 'api' ? session.providerStatus : session.providerStatus.toLowerCase(),
    is_test: true,
    is_expired: session.providerStatus === 'EXPIRED',
    amount: money(session.amountMinor),
    currency: session.currency,
    description: session.description ?? '',
    buyer: d.buyer,
    order: { reference_id: d.orderReferenceId, items: d.items },
    captures: d.captures.map(movement),
    refunds: d.refunds.map(movement),
    meta: d.meta,
    ...(statusCase === 'webhook' ? { token: null } : {}),
  };
}

/** The checkout session object returned by create and retrieve. */
export function tabbySessionView(session: SandboxSession, publicBase: string) {
  const d = tabbyData(session);
  const webUrl = `${publicBase}/sandbox/tabby/checkout/${encodeURIComponent(session.id)}`;
  const available = d.sessionStatus !== 'rejected';
  return {
    id: session.id,
    status: d.sessionStatus,
    payment: tabbyPaymentView(session, 'api'),
    configuration: {
      available_products: available
        ? { installments: [{ web_url: webUrl, qr_code: `${publicBase}/sandbox/tabby/api/v2/checkout/${encodeURIComponent(session.id)}/hpp_link_qr` }] }
        : {},
      products: { installments: { is_available: available, rejection_reason: d.rejectionReason } },
    },
    token: null,
  };
}

export function setTabbyStatus(session: SandboxSession, status: TabbyPaymentStatus, state: SandboxSession['state'], sessionStatus?: TabbySessionStatus): void {
  session.providerStatus = status;
  session.state = state;
  if (sessionStatus) tabbyData(session).sessionStatus = sessionStatus;
}

/** Sends the payment object to the engine with the header the merchant registered, like Tabby does. */
export async function notifyTabbyMerchant(ctx: SandboxContext, session: SandboxSession): Promise<void> {
  const body = JSON.stringify(tabbyPaymentView(session, 'webhook'));
  await ctx.deliverWebhook('tabby', { body, headers: { [TABBY_WEBHOOK_HEADER]: SANDBOX_CREDENTIALS.tabby.webhook_header_value } }).catch(() => undefined);
}

/** Time does its work lazily: a CREATED payment past its expiry becomes EXPIRED when next looked at. */
export function expireTabbyIfDue(ctx: SandboxContext, session: SandboxSession): void {
  if (session.providerStatus !== 'CREATED' || ctx.now() < session.expiresAt) return;
  setTabbyStatus(session, 'EXPIRED', 'expired', 'expired');
  void notifyTabbyMerchant(ctx, session);
}

export function tabbyError(
  reply: FastifyReply,
  httpStatus: number,
  errorType: 'bad_data' | 'not_authorized' | 'no_permission' | 'not_found' | 'conflict',
  error: string,
  field?: string,
): FastifyReply {
  return reply.code(httpStatus).send({
    status: 'error',
    errorType,
    error,
    ...(field ? { errors: [{ field, code: errorType === 'bad_data' ? 'invalid' : errorType, message: error }] } : {}),
  });
}
