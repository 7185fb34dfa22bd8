import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, isCurrency, minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { callPaymennt, paymenntCredential, type PaymenntCheckout, type PaymenntPayment } from './paymennt-api';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, PaylinkAdapter, ProviderRef, ProviderSnapshot, WebhookNotice } from './types';

// paymennt adapter (bnpl.md §4). sessionId = checkout id; paymentId = the card payment behind it
// (needed only to capture in authorise-then-capture mode); requestId = our paylink id.

/**
 * paymennt checkout status → unified status, the one table. Keys are normalised (see
 * normalizePaymenntStatus): the OpenAPI writes "Partially refunded", examples write PARTIALLY_REFUNDED.
 */
export const PAYMENNT_STATUS_MAP = {
  PENDING: 'created',
  // The customer submitted a payment that paymennt is still confirming: still waiting on the outcome.
  PENDING_CONFIRMATION: 'created',
  AUTHORIZED: 'authorized',
  PAID: 'captured',
  FAILED: 'rejected',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  REFUNDED: 'refunded',
  PARTIALLY_REFUNDED: 'partially_refunded',
  // The card issuer pulled the money back: for the store it is gone, like a refund it did not issue.
  CHARGEBACK: 'refunded',
} as const satisfies Record<string, PaylinkStatus>;

export function normalizePaymenntStatus(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** Unmapped statuses become `unknown`: the verbatim string is kept and the paylink keeps being checked. */
export function mapPaymenntStatus(raw: string): PaylinkStatus {
  const key = normalizePaymenntStatus(raw);
  return Object.hasOwn(PAYMENNT_STATUS_MAP, key) ? PAYMENNT_STATUS_MAP[key as keyof typeof PAYMENNT_STATUS_MAP] : 'unknown';
}

const SUPPORTED_CURRENCIES: readonly Currency[] = findProvider('paymennt')?.currencies ?? [];
const MONEY_TAKEN: readonly PaylinkStatus[] = ['captured', 'partially_refunded', 'refunded'];
/** Link lifetime when the cashier sets none; paymennt accepts 15–10080 minutes and documents no default. */
const DEFAULT_EXPIRES_IN_MINUTES = 60;
/** Header carrying the webhook HMAC. Unconfirmed (bnpl.md §4), so org-app setting `webhook_signature_header` overrides it. */
const DEFAULT_SIGNATURE_HEADER = 'X-Paymennt-Signature';

export function assertPaymenntCurrency(currency: Currency): void {
  if (!SUPPORTED_CURRENCIES.includes(currency)) {
    throw new AppError('unsupported_currency', `paymennt links support ${SUPPORTED_CURRENCIES.join(', ')}, not ${currency}. Choose another provider for this sale.`, {
      field: 'currency',
      provider: 'paymennt',
    });
  }
}

function minorOf(value: unknown, currency: Currency): number {
  if (value === undefined || value === null || value === 0) return 0;
  if (typeof value !== 'number' && typeof value !== 'string') return 0;
  return parseAmountToMinor(value, currency);
}

function expiresInMinutes(input: CreatePaylinkInput, ctx: AdapterContext): number {
  const requested = Number(input.options.expires_in_minutes ?? ctx.settings.expires_in_minutes ?? DEFAULT_EXPIRES_IN_MINUTES);
  if (!Number.isInteger(requested) || requested < 15 || requested > 10_080) {
    throw new AppError('validation_failed', 'paymennt links must live between 15 and 10080 minutes (7 days). Adjust expires_in_minutes.', { field: 'expires_in_minutes' });
  }
  return requested;
}

function customerOf(input: CreatePaylinkInput): Record<string, string> | undefined {
  const customer: Record<string, string> = {};
  const [first, ...rest] = (input.buyer.name ?? '').trim().split(/\s+/).filter(Boolean);
  if (first) {
    customer.firstName = first;
    customer.lastName = rest.join(' ') || first;
  }
  if (input.buyer.email) customer.email = input.buyer.email;
  // paymennt wants the international number without "+", e.g. 9665XXXXXXXX.
  if (input.buyer.phoneE164) customer.phone = input.buyer.phoneE164.replace(/^\+/, '');
  return Object.keys(customer).length > 0 ? customer : undefined;
}

function sameHex(providedHex: string, expected: Buffer): boolean {
  if (!/^[0-9a-f]+$/i.test(providedHex)) return false;
  const provided = Buffer.from(providedHex, 'hex');
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

async function getCheckout(ctx: AdapterContext, checkoutId: string): Promise<PaymenntCheckout> {
  return callPaymennt<PaymenntCheckout>(ctx, { method: 'GET', path: `/checkout/${encodeURIComponent(checkoutId)}` });
}

async function findCheckoutByRequestId(ctx: AdapterContext, requestId: string): Promise<PaymenntCheckout | undefined> {
  const page = await callPaymennt<{ content?: PaymenntCheckout[] }>(ctx, { method: 'GET', path: '/checkout', query: { requestId } });
  return page.content?.find((c) => c.requestId === requestId);
}

/** Maps a checkout onto the unified model; reads the payment only while an authorisation may be partly captured. */
async function snapshotOf(ctx: AdapterContext, checkout: PaymenntCheckout, ref: ProviderRef, fallbackCurrency: Currency): Promise<ProviderSnapshot> {
  const currency = checkout.currency && isCurrency(checkout.currency) ? checkout.currency : fallbackCurrency;
  const status = mapPaymenntStatus(checkout.status);
  const amountMinor = minorOf(checkout.amount, currency);
  const paymentId = checkout.paymentId ?? ref.paymentId;
  let capturedMinor = MONEY_TAKEN.includes(status) ? amountMinor : 0;
  if (status === 'authorized' && paymentId) {
    const payment = await callPaymennt<PaymenntPayment>(ctx, { method: 'GET', path: `/payment/${encodeURIComponent(paymentId)}` });
    capturedMinor = minorOf(payment.capturedAmount, currency);
  }
  const reportedRefund = minorOf(checkout.totalRefunded, currency);
  const refundedMinor = status === 'refunded' ? Math.max(reportedRefund, capturedMinor) : reportedRefund;
  const extra: Record<string, string> = { ...ref.extra };
  if (checkout.checkoutKey) extra.checkoutKey = checkout.checkoutKey;
  if (checkout.requestId) extra.requestId = checkout.requestId;
  return {
    status,
    providerStatus: checkout.status,
    capturedMinor,
    refundedMinor,
    ref: { sessionId: checkout.id, ...(paymentId ? { paymentId } : {}), extra },
  };
}

export const paymenntAdapter: PaylinkAdapter = {
  id: 'paymennt',
  idempotentMoneyCalls: false,
  // paymennt's OpenAPI shows capture without an amount; partial capture (?amount=) is what the sandbox
  // supports and must be confirmed with paymennt before relying on it in production.
  partialCapture: true,

  async createPaylink(ctx, input): Promise<CreatedPaylink> {
    assertPaymenntCurrency(input.currency);
    const sendSms = input.options.send_sms === true;
    const sendEmail = input.options.send_email === true;
    if (sendSms && !input.buyer.phoneE164) throw new AppError('validation_failed', 'paymennt can text the link only when buyer_phone is given.', { field: 'buyer_phone' });
    if (sendEmail && !input.buyer.email) throw new AppError('validation_failed', 'paymennt can email the link only when buyer_email is given.', { field: 'buyer_email' });
    const minutes = expiresInMinutes(input, ctx);
    const amount = minorToMajorNumber(input.amountMinor, input.currency);
    const customer = customerOf(input);
    const body = {
      requestId: input.paylinkId,
      orderId: input.orderId,
      description: input.description?.trim() || `Order ${input.orderId}`,
      currency: input.currency,
      amount,
      // Item lines need not add up to the total (discounts, rounding); the amount is what the customer pays.
      totals: { subtotal: amount, skipTotalsValidation: true },
      ...(input.items.length > 0
        ? {
            items: input.items.map((i) => ({
              name: i.name,
              quantity: i.quantity,
              unitprice: minorToMajorNumber(i.unitPriceMinor, input.currency),
              linetotal: minorToMajorNumber(i.unitPriceMinor * i.quantity, input.currency),
              ...(i.sku ? { sku: i.sku } : {}),
            })),
          }
        : {}),
      ...(customer ? { customer } : {}),
      sendSms,
      sendEmail,
      expiresIn: minutes,
      language: input.lang.toUpperCase(),
    };
    let checkout: PaymenntCheckout;
    try {
      // requestId makes a repeat return the same checkout (sandbox-confirmed), so retries are safe.
      checkout = await callPaymennt<PaymenntCheckout>(ctx, { method: 'POST', path: '/checkout/link', json: body, idempotent: true });
    } catch (err) {
      // If paymennt refuses a repeated requestId instead, the first attempt's checkout is the answer.
      if (!(err instanceof ProviderCallError && err.failure === 'rejected')) throw err;
      const existing = await findCheckoutByRequestId(ctx, input.paylinkId);
      if (!existing || minorOf(existing.amount, input.currency) !== input.amountMinor) throw err;
      checkout = existing;
    }
    if (!checkout.redirectUrl) throw new AppError('provider_error', 'paymennt created a checkout without a payment link. Try again or choose another provider.');
    const snapshot = await snapshotOf(ctx, checkout, { sessionId: checkout.id }, input.currency);
    const created: CreatedPaylink = {
      ...snapshot,
      ref: { sessionId: checkout.id, ...(snapshot.ref?.paymentId ? { paymentId: snapshot.ref.paymentId } : {}), extra: snapshot.ref?.extra ?? {} },
      checkoutUrl: checkout.redirectUrl,
      // paymennt counts from its own clock; this is close enough for the cashier's countdown.
      expiresAt: new Date(ctx.now().getTime() + minutes * 60_000).toISOString(),
    };
    if (sendSms && customer?.phone) created.smsSentTo = `+${customer.phone}`;
    return created;
  },

  async getStatus(ctx, ref, _amountMinor, currency) {
    return snapshotOf(ctx, await getCheckout(ctx, ref.sessionId), ref, currency);
  },

  async capture(ctx, ref, cmd) {
    const checkout = await getCheckout(ctx, ref.sessionId);
    const before = await snapshotOf(ctx, checkout, ref, cmd.currency);
    // Self-capturing card links are PAID as soon as the customer pays: nothing left to capture.
    if (MONEY_TAKEN.includes(before.status)) return before;
    if (before.status !== 'authorized') {
      throw new AppError('conflict', `The paymennt checkout is ${checkout.status}; only an AUTHORIZED payment can be captured. Refresh the paylink.`, { provider: 'paymennt' });
    }
    const paymentId = before.ref?.paymentId;
    if (!paymentId) throw new AppError('provider_error', 'paymennt did not report which payment to capture. Refresh the paylink and try again.');
    const remainingMinor = minorOf(checkout.amount, cmd.currency) - before.capturedMinor;
    if (cmd.amountMinor > remainingMinor) {
      throw new AppError('amount_exceeds_remaining', `Only ${formatMinor(remainingMinor, cmd.currency)} ${cmd.currency} of this paymennt payment is left to capture.`, { field: 'amount' });
    }
    // No idempotency key exists for capture: never retried blindly; an unknown outcome is resolved by reading.
    await callPaymennt<PaymenntPayment>(ctx, {
      method: 'POST',
      path: `/payment/${encodeURIComponent(paymentId)}/capture`,
      query: { amount: formatMinor(cmd.amountMinor, cmd.currency) },
      idempotent: false,
    });
    return snapshotOf(ctx, await getCheckout(ctx, ref.sessionId), ref, cmd.currency);
  },

  async cancel(ctx, ref, cmd) {
    try {
      const checkout = await callPaymennt<PaymenntCheckout>(ctx, { method: 'POST', path: `/checkout/${encodeURIComponent(ref.sessionId)}/cancel`, idempotent: false });
      return await snapshotOf(ctx, checkout, ref, cmd.currency);
    } catch (err) {
      // "Already cancelled" is done, not failed: the re-read decides.
      if (!(err instanceof ProviderCallError && err.failure === 'rejected')) throw err;
      const now = await snapshotOf(ctx, await getCheckout(ctx, ref.sessionId), ref, cmd.currency);
      if (now.status === 'cancelled') return now;
      throw err;
    }
  },

  async refund(ctx, ref, cmd) {
    // A repeat with the same referenceId is answered as the first refund, so a retry cannot refund twice.
    // A refusal is never read as "already done": a fully refunded checkout cannot tell this refund apart
    // from an earlier one, and reporting success for money that did not move is the worse mistake.
    const checkout = await callPaymennt<PaymenntCheckout>(ctx, {
      method: 'POST',
      path: `/checkout/${encodeURIComponent(ref.sessionId)}/refund`,
      query: { amount: formatMinor(cmd.amountMinor, cmd.currency), currency: cmd.currency, note: cmd.reason, referenceId: cmd.idempotencyKey },
      idempotent: true,
    });
    return snapshotOf(ctx, checkout, ref, cmd.currency);
  },

  async verifyWebhook(ctx, req): Promise<WebhookNotice> {
    const headerName = ctx.settings.webhook_signature_header || DEFAULT_SIGNATURE_HEADER;
    const provided = headerValue(req.headers, headerName);
    if (!provided) throw new AppError('unauthorized', `This paymennt notification has no ${headerName} signature; it was ignored.`);
    const expected = createHmac('sha256', paymenntCredential(ctx, 'webhook_hmac_key')).update(req.rawBody, 'utf8').digest();
    if (!sameHex(provided.trim(), expected)) {
      throw new AppError('unauthorized', 'This paymennt notification has a wrong signature; it was ignored. If every notification fails, check the webhook HMAC key under Settings → Apps.');
    }
    let body: { id?: unknown; checkout?: { id?: unknown; status?: unknown; requestId?: unknown; paymentId?: unknown } };
    try {
      body = JSON.parse(req.rawBody) as typeof body;
    } catch {
      throw new AppError('invalid_json', 'This paymennt notification is signed but its body is not JSON; it was ignored.');
    }
    const checkout = body.checkout ?? {};
    const notice: WebhookNotice = {
      dedupeKey: typeof body.id === 'string' && body.id !== '' ? body.id : createHash('sha256').update(req.rawBody).digest('hex'),
    };
    if (typeof checkout.id === 'string') notice.sessionId = checkout.id;
    if (typeof checkout.paymentId === 'string') notice.paymentId = checkout.paymentId;
    if (typeof checkout.requestId === 'string') notice.reference = checkout.requestId;
    if (typeof checkout.status === 'string') notice.providerStatus = checkout.status;
    return notice;
  },
};
