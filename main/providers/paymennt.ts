import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, isCurrency, minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { callPaymennt, type PaymenntCheckout } from './paymennt-api';
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

/**
 * paymennt's CheckoutCustomer requires firstName, lastName and email (OpenAPI); the phone goes without "+".
 * Returns the customer when all three are known, else what is missing.
 */
function customerOf(input: CreatePaylinkInput): { customer?: Record<string, string>; missing: string[] } {
  const [first, ...rest] = (input.buyer.name ?? '').trim().split(/\s+/).filter(Boolean);
  const missing: string[] = [];
  if (!first || rest.length === 0) missing.push('buyer_name (first and last name)');
  if (!input.buyer.email) missing.push('buyer_email');
  if (missing.length > 0 || !first) return { missing };
  const customer: Record<string, string> = { firstName: first, lastName: rest.join(' '), email: input.buyer.email as string };
  if (input.buyer.phoneE164) customer.phone = input.buyer.phoneE164.replace(/^\+/, '');
  return { customer, missing };
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

/** GET /checkout?requestId= (OpenAPI search): every checkout opened for this request id, oldest first. */
async function checkoutsByRequestId(ctx: AdapterContext, requestId: string): Promise<PaymenntCheckout[]> {
  const page = await callPaymennt<{ content?: PaymenntCheckout[] }>(ctx, { method: 'GET', path: '/checkout', query: { requestId, size: '50' } });
  return (page.content ?? []).filter((c) => c.requestId === requestId).sort((a, b) => Date.parse(a.timestamp ?? '') - Date.parse(b.timestamp ?? ''));
}

/**
 * Maps a checkout onto the unified model. paymennt reports no captured amount (OpenAPI CheckoutResponse), so money is
 * taken in full once the checkout is PAID (or refunded) and not before: capture is all-or-nothing.
 */
function snapshotOf(checkout: PaymenntCheckout, ref: ProviderRef, fallbackCurrency: Currency): ProviderSnapshot {
  const currency = checkout.currency && isCurrency(checkout.currency) ? checkout.currency : fallbackCurrency;
  const status = mapPaymenntStatus(checkout.status);
  const amountMinor = minorOf(checkout.amount, currency);
  const paymentId = ref.paymentId;
  const capturedMinor = MONEY_TAKEN.includes(status) ? amountMinor : 0;
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
  moneyCalls: {
    // paymennt/docs static/openapi/paymennt.yaml: requestId is "a unique identifier … can be used later to query" — no dedupe is stated.
    create: { dedupes: false, readBack: true, source: 'paymennt/docs static/openapi/paymennt.yaml GET /checkout?requestId= (lookup; no dedupe stated)' },
    // Capture takes only the payment id; a repeat of a captured payment is not documented. The checkout turns PAID.
    capture: { dedupes: false, readBack: true, source: 'paymennt/docs static/openapi/paymennt.yaml POST /payment/{paymentId}/capture; checkout status PAID' },
    // referenceId is optional and "Refund Reference ID" only; the checkout's totalRefunded shows every refund.
    refund: { dedupes: false, readBack: true, source: 'paymennt/docs static/openapi/paymennt.yaml POST /checkout/{checkoutId}/refund (referenceId not a dedupe key); CheckoutResponse.totalRefunded' },
    cancel: { dedupes: false, readBack: true, source: 'paymennt/docs static/openapi/paymennt.yaml POST /checkout/{checkoutId}/cancel; status CANCELLED' },
  },
  // OpenAPI: POST /payment/{paymentId}/capture takes no amount.
  partialCapture: false,

  async createPaylink(ctx, input): Promise<CreatedPaylink> {
    const { type, body } = createRequest(ctx, input);
    // Not retried: paymennt documents no dedupe by requestId, so a repeat could open a second checkout.
    // A lost answer is resolved by findCreatedPaylink (GET /checkout?requestId=).
    const checkout = await callPaymennt<PaymenntCheckout>(ctx, { method: 'POST', path: `/checkout/${type}`, json: body, idempotent: false });
    return createdOf(ctx, input, checkout, body.expiresIn);
  },

  async findCreatedPaylink(ctx, input) {
    const found = (await checkoutsByRequestId(ctx, input.paylinkId)).filter((c) => minorOf(c.amount, input.currency) === input.amountMinor);
    const latest = found.at(-1);
    return latest ? createdOf(ctx, input, latest) : null;
  },

  async getStatus(ctx, ref, _amountMinor, currency) {
    return snapshotOf(await getCheckout(ctx, ref.sessionId), ref, currency);
  },

  async capture(ctx, ref, cmd) {
    const checkout = await getCheckout(ctx, ref.sessionId);
    const before = snapshotOf(checkout, ref, cmd.currency);
    // Self-capturing card links are PAID as soon as the customer pays: nothing left to capture.
    if (MONEY_TAKEN.includes(before.status)) return before;
    if (before.status !== 'authorized') {
      throw new AppError('conflict', `The paymennt checkout is ${checkout.status}; only an AUTHORIZED payment can be captured. Refresh the paylink.`, { provider: 'paymennt' });
    }
    // paymennt's checkout answers do not name the card payment (OpenAPI CheckoutResponse has no paymentId), and
    // capture is by payment id only. Without one, the capture has to be done where paymennt shows the payment.
    if (!ref.paymentId) {
      throw new AppError(
        'provider_feature_unavailable',
        'paymennt does not tell PayDesk which card payment to capture. Capture it in the paymennt dashboard, then refresh the paylink; or ask paymennt to capture card links automatically.',
        { provider: 'paymennt' },
      );
    }
    // Capture takes no amount (OpenAPI): always the whole authorisation. No idempotency key exists: not retried blindly.
    await callPaymennt<unknown>(ctx, { method: 'POST', path: `/payment/${encodeURIComponent(ref.paymentId)}/capture`, idempotent: false });
    return snapshotOf(await getCheckout(ctx, ref.sessionId), ref, cmd.currency);
  },

  async cancel(ctx, ref, cmd) {
    try {
      const checkout = await callPaymennt<PaymenntCheckout>(ctx, { method: 'POST', path: `/checkout/${encodeURIComponent(ref.sessionId)}/cancel`, idempotent: false });
      return snapshotOf(checkout, ref, cmd.currency);
    } catch (err) {
      // "Already cancelled" is done, not failed: the re-read decides.
      if (!(err instanceof ProviderCallError && err.failure === 'rejected')) throw err;
      const now = snapshotOf(await getCheckout(ctx, ref.sessionId), ref, cmd.currency);
      if (now.status === 'cancelled') return now;
      throw err;
    }
  },

  async refund(ctx, ref, cmd) {
    // `note` is required (OpenAPI; the PHP SDK checks it too). referenceId is sent for the merchant's records only:
    // paymennt documents no dedupe by it, so the call is never repeated blindly. A lost answer is settled by the
    // engine reading the checkout's totalRefunded back (moneyCalls.refund.readBack).
    const checkout = await callPaymennt<PaymenntCheckout>(ctx, {
      method: 'POST',
      path: `/checkout/${encodeURIComponent(ref.sessionId)}/refund`,
      query: { amount: formatMinor(cmd.amountMinor, cmd.currency), currency: cmd.currency, note: cmd.reason?.trim() || `Refund for order ${cmd.orderId}`, referenceId: cmd.idempotencyKey },
      idempotent: false,
    });
    return snapshotOf(checkout, ref, cmd.currency);
  },

  async verifyWebhook(ctx, req): Promise<WebhookNotice> {
    // paymennt documents no payload and no signature (bnpl.md §4; its flow is "be notified, then GET the checkout").
    // A notification only makes the engine re-read the checkout from the API, so an unsigned one is accepted as a
    // hint; one that carries the signature header must match the webhook's hmacKey (assumed: hex HMAC-SHA256 of the body).
    const headerName = ctx.settings.webhook_signature_header || DEFAULT_SIGNATURE_HEADER;
    const provided = headerValue(req.headers, headerName);
    const key = ctx.credentials.webhook_hmac_key;
    if (provided !== undefined && key) {
      const expected = createHmac('sha256', key).update(req.rawBody, 'utf8').digest();
      if (!sameHex(provided.trim(), expected)) {
        throw new AppError('unauthorized', 'This paymennt notification has a wrong signature; it was ignored. If every notification fails, check the webhook HMAC key under Settings → Apps.');
      }
    }
    let body: { id?: unknown; checkoutId?: unknown; requestId?: unknown; status?: unknown; checkout?: { id?: unknown; requestId?: unknown; status?: unknown } };
    try {
      body = JSON.parse(req.rawBody) as typeof body;
    } catch {
      throw new AppError('invalid_json', 'This paymennt notification body is not JSON; it was ignored.');
    }
    const checkout = body.checkout ?? body;
    const id = typeof checkout.id === 'string' ? checkout.id : typeof body.checkoutId === 'string' ? body.checkoutId : undefined;
    const notice: WebhookNotice = { dedupeKey: `paymennt:${createHash('sha256').update(req.rawBody).digest('hex')}` };
    if (id) notice.sessionId = id;
    if (typeof checkout.requestId === 'string') notice.reference = checkout.requestId;
    if (typeof checkout.status === 'string') notice.providerStatus = checkout.status;
    return notice;
  },
};

/**
 * The checkout type for this sale (docs/providers/paymennt.md): a QR checkout (`/checkout/qr`, paymennt's type for a
 * code shown at the counter; it needs no description and no customer) unless the cashier asked paymennt to text or
 * email the link, which only `/checkout/link` does — and then paymennt requires the customer's first and last name
 * and email (CheckoutCustomer), so PayDesk refuses before calling when one is missing.
 */
function createRequest(ctx: AdapterContext, input: CreatePaylinkInput) {
  assertPaymenntCurrency(input.currency);
  const sendSms = input.options.send_sms === true;
  const sendEmail = input.options.send_email === true;
  if (sendSms && !input.buyer.phoneE164) throw new AppError('buyer_details_required', 'paymennt can text the link only when buyer_phone is given.', { field: 'buyer_phone', provider: 'paymennt' });
  const { customer, missing } = customerOf(input);
  if ((sendSms || sendEmail) && !customer) {
    throw new AppError('buyer_details_required', `paymennt sends a link only to a named customer: add ${missing.join(' and ')}, or show the QR code instead.`, {
      provider: 'paymennt',
      fields: missing.map((m) => m.split(' ')[0]),
    });
  }
  const amount = minorToMajorNumber(input.amountMinor, input.currency);
  const link = sendSms || sendEmail;
  const body = {
    requestId: input.paylinkId,
    orderId: input.orderId,
    description: input.description?.trim() || `Order ${input.orderId}`,
    currency: input.currency,
    amount,
    // OpenAPI CheckoutRequestTotals requires subtotal and tax. PayDesk prices are VAT-inclusive and carry no separate
    // tax line, so tax is 0 and the totals are not validated against the items (discounts, rounding).
    totals: { subtotal: amount, tax: 0, skipTotalsValidation: true },
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
    ...(link ? { sendSms, sendEmail } : {}),
    expiresIn: expiresInMinutes(input, ctx),
    language: input.lang.toUpperCase(),
  };
  return { type: link ? ('link' as const) : ('qr' as const), body };
}

function createdOf(ctx: AdapterContext, input: CreatePaylinkInput, checkout: PaymenntCheckout, expiresIn?: number): CreatedPaylink {
  if (!checkout.redirectUrl) throw new AppError('provider_error', 'paymennt created a checkout without a payment link. Try again or choose another provider.');
  const snapshot = snapshotOf(checkout, { sessionId: checkout.id }, input.currency);
  const created: CreatedPaylink = { ...snapshot, ref: { sessionId: checkout.id, extra: snapshot.ref?.extra ?? {} }, checkoutUrl: checkout.redirectUrl };
  // paymennt counts from its own clock; this is close enough for the cashier's countdown.
  if (expiresIn !== undefined) created.expiresAt = new Date(ctx.now().getTime() + expiresIn * 60_000).toISOString();
  if (input.options.send_sms === true && checkout.customer?.phone) created.smsSentTo = `+${checkout.customer.phone.replace(/^\+/, '')}`;
  return created;
}
