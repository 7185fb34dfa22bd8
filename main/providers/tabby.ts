import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, isCurrency, parseAmountToMinor, type Currency } from '../../shared/money';
import type { PaylinkStatus } from '../../shared/status';
import { TABBY_HOSTS, TABBY_WEBHOOK_HEADER } from './contracts/tabby';
import { ProviderCallError } from './http';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, PaylinkAdapter, ProviderRef, ProviderSnapshot, WebhookNotice, WebhookRequest } from './types';

// Tabby adapter (bnpl.md §1). ref.sessionId = checkout session id (cancel, QR, SMS link);
// ref.paymentId = payment id (status, capture, refund, close). Our paylink id is order.reference_id.

export { TABBY_WEBHOOK_HEADER };
export const TABBY_CURRENCIES: readonly Currency[] = ['AED', 'SAR', 'KWD'];

/**
 * Tabby payment status → unified status, the one table. CLOSED is refined by tabbySnapshot: closed with
 * captures is captured (or refunded), closed without any capture is a cancellation.
 */
export const TABBY_STATUS_MAP = {
  CREATED: 'created',
  AUTHORIZED: 'authorized',
  CLOSED: 'captured',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
} as const satisfies Record<string, PaylinkStatus>;

export interface TabbyPayment {
  id: string;
  status: string;
  amount?: string;
  currency?: string;
  expires_at?: string;
  captures?: { amount: string }[];
  refunds?: { amount: string }[];
  order?: { reference_id?: string };
}

interface TabbySession {
  id: string;
  status: string;
  payment: TabbyPayment;
  configuration?: {
    available_products?: { installments?: { web_url?: string }[] };
    products?: { installments?: { rejection_reason?: string | null } };
  };
}

const REJECTION_MESSAGES: Record<string, string> = {
  order_amount_too_high: 'the amount is above what Tabby can offer for this purchase',
  order_amount_too_low: 'the amount is below the Tabby minimum',
  not_available: 'Tabby is not available for this customer right now',
};

function minorOf(amount: string | undefined, currency: Currency): number {
  if (amount === undefined || Number(amount) === 0) return 0;
  return parseAmountToMinor(amount, currency);
}

function sumMinor(list: { amount: string }[] | undefined, currency: Currency): number {
  return (list ?? []).reduce((total, m) => total + minorOf(m.amount, currency), 0);
}

/** Maps a payment (API uppercase or webhook lowercase) onto the unified model with captured/refunded amounts. */
export function tabbySnapshot(payment: TabbyPayment, fallbackCurrency: Currency): ProviderSnapshot {
  const currency = isCurrency(payment.currency) ? payment.currency : fallbackCurrency;
  const key = payment.status.toUpperCase();
  const capturedMinor = sumMinor(payment.captures, currency);
  const refundedMinor = sumMinor(payment.refunds, currency);
  let status: PaylinkStatus = Object.hasOwn(TABBY_STATUS_MAP, key) ? TABBY_STATUS_MAP[key as keyof typeof TABBY_STATUS_MAP] : 'unknown';
  if (key === 'CLOSED') {
    if (capturedMinor === 0) status = 'cancelled';
    else if (refundedMinor >= capturedMinor) status = 'refunded';
    else if (refundedMinor > 0) status = 'partially_refunded';
  }
  return { status, providerStatus: payment.status, capturedMinor, refundedMinor, ref: { paymentId: payment.id } };
}

function credential(ctx: AdapterContext, name: 'secret_key' | 'merchant_code'): string {
  const value = name === 'merchant_code' ? (ctx.settings.merchant_code ?? ctx.credentials.merchant_code) : ctx.credentials[name];
  if (!value) throw new AppError('validation_failed', `The Tabby app has no ${name}. Add it in the Tabby org app settings.`, { field: name, provider: 'tabby' });
  return value;
}

const PRODUCTION_HOSTS = new Set<string>(Object.values(TABBY_HOSTS));

/**
 * Tabby serves KSA merchants on api.tabby.sa and UAE/Kuwait merchants on api.tabby.ai; the wrong host answers 403
 * (bnpl.md §1). When the org app points at either production host, the host follows the app's `country` setting
 * (SA, AE, KW), else the sale's currency (SAR → KSA; AED, KWD → UAE/Kuwait). Any other base URL (the sandbox, a
 * proxy) is used as configured.
 */
export function tabbyBaseUrl(ctx: AdapterContext, currency?: Currency): string {
  const configured = ctx.baseUrl.replace(/\/+$/, '');
  if (!PRODUCTION_HOSTS.has(configured)) return configured;
  const country = (ctx.settings.country ?? '').trim().toUpperCase();
  if (country === 'SA' || country === 'AE' || country === 'KW') return TABBY_HOSTS[country];
  if (currency === 'SAR') return TABBY_HOSTS.SA;
  if (currency === 'AED' || currency === 'KWD') return TABBY_HOSTS.AE;
  return configured;
}

async function callTabby<T>(ctx: AdapterContext, method: 'GET' | 'POST' | 'PUT', path: string, opts: { json?: unknown; idempotent?: boolean; currency?: Currency } = {}): Promise<T> {
  const res = await ctx.http.request({
    method,
    url: `${tabbyBaseUrl(ctx, opts.currency)}${path}`,
    headers: { authorization: `Bearer ${credential(ctx, 'secret_key')}` },
    ...(opts.json === undefined ? {} : { json: opts.json }),
    ...(opts.idempotent === undefined ? {} : { idempotent: opts.idempotent }),
  });
  return res.json<T>();
}

function paymentIdOf(ref: ProviderRef): string {
  if (!ref.paymentId) throw new AppError('conflict', 'This Tabby paylink has no payment id yet, so it cannot be captured, refunded or closed.');
  return encodeURIComponent(ref.paymentId);
}

async function readPayment(ctx: AdapterContext, ref: ProviderRef, currency: Currency): Promise<TabbyPayment> {
  if (ref.paymentId) return callTabby<TabbyPayment>(ctx, 'GET', `/api/v2/payments/${encodeURIComponent(ref.paymentId)}`, { currency });
  return (await callTabby<TabbySession>(ctx, 'GET', `/api/v2/checkout/${encodeURIComponent(ref.sessionId)}`, { currency })).payment;
}

export function assertTabbyCurrency(currency: Currency): void {
  if (!TABBY_CURRENCIES.includes(currency)) {
    throw new AppError('unsupported_currency', `Tabby takes ${TABBY_CURRENCIES.join(', ')} only, not ${currency}. Choose another provider for this sale.`, {
      field: 'currency',
      provider: 'tabby',
    });
  }
}

async function createPaylink(ctx: AdapterContext, input: CreatePaylinkInput): Promise<CreatedPaylink> {
  assertTabbyCurrency(input.currency);
  const money = (minor: number) => formatMinor(minor, input.currency);
  const buyer = {
    ...(input.buyer.name ? { name: input.buyer.name } : {}),
    ...(input.buyer.email ? { email: input.buyer.email } : {}),
    // Tabby accepts the international form (+9665…) as one of its phone masks.
    ...(input.buyer.phoneE164 ? { phone: input.buyer.phoneE164 } : {}),
  };
  // POS guide: payment.description carries the terminal id when the org app names one (settings.terminal_id).
  const terminalId = ctx.settings.terminal_id?.trim();
  const session = await callTabby<TabbySession>(ctx, 'POST', '/api/v2/checkout', {
    currency: input.currency,
    json: {
      merchant_code: credential(ctx, 'merchant_code'),
      lang: input.lang,
      payment: {
        amount: money(input.amountMinor),
        currency: input.currency,
        description: terminalId || input.description || `Order ${input.orderId}`,
        ...(Object.keys(buyer).length > 0 ? { buyer } : {}),
        order: {
          reference_id: input.paylinkId,
          items: input.items.map((item) => ({ title: item.name, quantity: item.quantity, unit_price: money(item.unitPriceMinor), reference_id: item.sku ?? item.name, category: 'general' })),
        },
        // Tabby's Meta has `order_id` and `customer`; the paylink id travels as order.reference_id.
        meta: { order_id: input.orderId },
      },
    },
  });
  const ref: ProviderRef = { sessionId: session.id, paymentId: session.payment.id };
  const rejection = session.configuration?.products?.installments?.rejection_reason;
  if (session.status === 'rejected') {
    const why = (rejection && REJECTION_MESSAGES[rejection]) ?? 'Tabby declined to offer this purchase';
    throw new AppError('provider_rejected', `Tabby cannot be used for this sale: ${why}. Choose another payment method.`, {
      provider: 'tabby',
      rejection_reason: rejection ?? null,
      session_id: ref.sessionId,
      payment_id: ref.paymentId,
    });
  }
  const checkoutUrl = session.configuration?.available_products?.installments?.[0]?.web_url;
  if (!checkoutUrl) throw new AppError('provider_error', 'Tabby created the session but returned no checkout link. Try again or choose another provider.', { provider: 'tabby' });
  return {
    ...tabbySnapshot(session.payment, input.currency),
    ref,
    checkoutUrl,
    // Tabby's hpp_link_qr needs the secret key, so a customer-facing screen cannot load it: the engine renders the QR itself.
    ...(session.payment.expires_at ? { expiresAt: session.payment.expires_at } : {}),
  };
}

async function getStatus(ctx: AdapterContext, ref: ProviderRef, _amountMinor: number, currency: Currency): Promise<ProviderSnapshot> {
  return tabbySnapshot(await readPayment(ctx, ref, currency), currency);
}

async function capture(ctx: AdapterContext, ref: ProviderRef, cmd: { amountMinor: number; currency: Currency; idempotencyKey: string }): Promise<ProviderSnapshot> {
  const payment = await callTabby<TabbyPayment>(ctx, 'POST', `/api/v2/payments/${paymentIdOf(ref)}/captures`, {
    json: { amount: formatMinor(cmd.amountMinor, cmd.currency), reference_id: cmd.idempotencyKey },
    // reference_id makes a repeat a no-op at Tabby, so a lost answer may be retried.
    idempotent: true,
    currency: cmd.currency,
  });
  return tabbySnapshot(payment, cmd.currency);
}

async function refund(ctx: AdapterContext, ref: ProviderRef, cmd: { amountMinor: number; currency: Currency; idempotencyKey: string; reason?: string }): Promise<ProviderSnapshot> {
  const payment = await callTabby<TabbyPayment>(ctx, 'POST', `/api/v2/payments/${paymentIdOf(ref)}/refunds`, {
    json: { amount: formatMinor(cmd.amountMinor, cmd.currency), reference_id: cmd.idempotencyKey, ...(cmd.reason ? { reason: cmd.reason } : {}) },
    idempotent: true,
    currency: cmd.currency,
  });
  return tabbySnapshot(payment, cmd.currency);
}

const GONE: readonly PaylinkStatus[] = ['cancelled', 'expired'];

/** A payment PayDesk asked to cancel that Tabby now shows as ended: to the store it is a cancellation. */
function asCancelled(snap: ProviderSnapshot): ProviderSnapshot {
  return GONE.includes(snap.status) || (snap.status === 'captured' && snap.capturedMinor === 0) ? { ...snap, status: 'cancelled' } : snap;
}

/**
 * CREATED → cancel the checkout session; AUTHORIZED → close (releases what was not captured). The session-cancel
 * answer is undocumented (fidelity 7), so the outcome is settled by re-reading the payment: Tabby shows a cancelled
 * session as EXPIRED, which PayDesk reports as `cancelled` because it asked for it.
 */
async function cancel(ctx: AdapterContext, ref: ProviderRef, cmd: { currency: Currency }): Promise<ProviderSnapshot> {
  const before = tabbySnapshot(await readPayment(ctx, ref, cmd.currency), cmd.currency);
  if (GONE.includes(before.status)) return before;
  try {
    if (before.status === 'created') {
      await callTabby<unknown>(ctx, 'POST', `/api/v2/checkout/${encodeURIComponent(ref.sessionId)}/cancel`, { currency: cmd.currency });
      const after = tabbySnapshot(await readPayment(ctx, ref, cmd.currency), cmd.currency);
      if (GONE.includes(after.status)) return asCancelled(after);
      throw new AppError('conflict', `Tabby accepted the cancel but the payment is still ${after.providerStatus}. Refresh the paylink.`, { provider: 'tabby', provider_status: after.providerStatus });
    }
    if (before.status === 'authorized') {
      return asCancelled(tabbySnapshot(await callTabby<TabbyPayment>(ctx, 'POST', `/api/v2/payments/${paymentIdOf(ref)}/close`, { currency: cmd.currency }), cmd.currency));
    }
  } catch (err) {
    if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') throw err;
    // Refused: maybe the customer or time got there first. Whatever Tabby says now is the answer.
    const after = tabbySnapshot(await readPayment(ctx, ref, cmd.currency), cmd.currency);
    if (GONE.includes(after.status)) return after;
    throw new AppError('conflict', `Tabby could not cancel this payment because it is now ${after.providerStatus}. Refresh the paylink.`, { provider: 'tabby', provider_status: after.providerStatus });
  }
  throw new AppError('conflict', `This Tabby payment is ${before.providerStatus} and can no longer be cancelled${before.capturedMinor > 0 ? '; refund it instead' : ''}.`, {
    provider: 'tabby',
    provider_status: before.providerStatus,
  });
}

async function resend(ctx: AdapterContext, ref: ProviderRef, phoneE164: string): Promise<void> {
  await callTabby(ctx, 'POST', `/api/v2/checkout/${encodeURIComponent(ref.sessionId)}/send_hpp_link`, { json: { phone: phoneE164, product: 'installments' } });
}

function headerOf(req: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function sameSecret(received: string, expected: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Tabby signs nothing: it echoes the header registered with the webhook, compared here in constant time. */
async function verifyWebhook(ctx: AdapterContext, req: WebhookRequest): Promise<WebhookNotice> {
  const expected = ctx.credentials.webhook_header_value;
  if (!expected) throw new AppError('unauthorized', 'The Tabby app has no webhook_header_value, so Tabby notifications cannot be verified. Add it in the Tabby org app.');
  const headerName = ctx.settings.webhook_header_name || TABBY_WEBHOOK_HEADER;
  const received = headerOf(req, headerName);
  if (received === undefined || !sameSecret(received, expected)) {
    throw new AppError('unauthorized', `The Tabby notification did not carry the registered ${headerName} header value; it was ignored.`);
  }
  let payment: TabbyPayment;
  try {
    payment = JSON.parse(req.rawBody) as TabbyPayment;
  } catch {
    throw new AppError('invalid_json', 'The Tabby notification body is not JSON.');
  }
  // Tabby sends no delivery id; identical bodies are the same notification.
  return {
    dedupeKey: `tabby:${createHash('sha256').update(req.rawBody).digest('hex')}`,
    ...(typeof payment.id === 'string' ? { paymentId: payment.id } : {}),
    ...(typeof payment.order?.reference_id === 'string' ? { reference: payment.order.reference_id } : {}),
    ...(typeof payment.status === 'string' ? { providerStatus: payment.status } : {}),
  };
}

export const tabbyAdapter: PaylinkAdapter = {
  id: 'tabby',
  moneyCalls: {
    create: { dedupes: false, readBack: false, source: 'docs.tabby.ai /api-reference/response-codes: idempotency only for captures and refunds (reference_id); no lookup by order reference' },
    capture: { dedupes: true, readBack: true, source: 'api-evangelist/tabby openapi/tabby-payments-api-openapi.yml captures.reference_id; docs.tabby.ai /api-reference/response-codes' },
    refund: { dedupes: true, readBack: true, source: 'api-evangelist/tabby openapi/tabby-payments-api-openapi.yml refunds.reference_id; docs.tabby.ai /api-reference/response-codes' },
    cancel: { dedupes: false, readBack: true, source: 'docs.tabby.ai /offline-payment-methods/pos-integration (checkout cancel); payment status EXPIRED/CLOSED' },
  },
  partialCapture: true,
  createPaylink,
  getStatus,
  capture,
  cancel,
  refund,
  resend,
  verifyWebhook,
};
