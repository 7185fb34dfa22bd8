import { AppError } from '../../../shared/errors';
import type { PaylinkStatus } from '../../../shared/status';
import { PAYPAL_MAX_PAGE_SIZE, PAYPAL_MAX_SEARCH_RANGE_MS, PAYPAL_TRANSMISSION_HEADERS, type PAYPAL_AUTHORIZATION_STATUSES, type PAYPAL_CAPTURE_STATUSES, type PAYPAL_ORDER_STATUSES } from '../contracts/paypal';
import { ProviderCallError, type HttpRequest, type HttpResponse } from '../http';
import { applyRefunds, decimalToMinor, headerOf, intSetting, joinUrl, lookupStatus, mapItems, parseCurrency, parseWebhookJson, requireCredential, toIsoTime, unreadableAnswer, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// PayPal: an OAuth2 client-credentials token (cached for its lifetime), Transaction Search for
// lists (at most 31 days per call, page numbers, data up to 3 h late), Orders v2 for one payment.
// Search lists captures (transaction ids), orders v2 is keyed by order id: getPayment accepts both
// and always answers with the capture id when there is one, so both paths deduplicate together.

/**
 * Windows the sync splits a long range into. Transaction Search takes at most 31 days and wants
 * whole seconds, and the dates are rounded outwards to seconds, so a window leaves 2 s of room:
 * a 31-day window starting mid-second would otherwise be refused as "greater than 31 days".
 */
export const PAYPAL_MAX_WINDOW_MS = PAYPAL_MAX_SEARCH_RANGE_MS - 2_000;
export const PAYPAL_REPORTING_DELAY_MS = 3 * 3600_000;
/** Renew this long before PayPal's expiry so a token never dies mid-sync. */
const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

/** Transaction Search `transaction_status` → unified. */
export const PAYPAL_SEARCH_STATUS_MAP = { S: 'captured', P: 'created', D: 'rejected', V: 'refunded' } as const satisfies Record<'S' | 'P' | 'D' | 'V', PaylinkStatus>;

/** Orders v2 order status, used when the order has no capture or authorization yet. */
export const PAYPAL_ORDER_STATUS_MAP = {
  CREATED: 'created',
  SAVED: 'created',
  APPROVED: 'created',
  PAYER_ACTION_REQUIRED: 'created',
  VOIDED: 'cancelled',
  COMPLETED: 'captured',
} as const satisfies Record<(typeof PAYPAL_ORDER_STATUSES)[number], PaylinkStatus>;

/** Capture status: what PayPal says to check before fulfilling. */
export const PAYPAL_CAPTURE_STATUS_MAP = {
  COMPLETED: 'captured',
  PENDING: 'created',
  DECLINED: 'rejected',
  FAILED: 'rejected',
  REFUNDED: 'refunded',
  PARTIALLY_REFUNDED: 'partially_refunded',
} as const satisfies Record<(typeof PAYPAL_CAPTURE_STATUSES)[number], PaylinkStatus>;

/** Authorization status (intent AUTHORIZE). */
export const PAYPAL_AUTHORIZATION_STATUS_MAP = {
  CREATED: 'authorized',
  PENDING: 'created',
  CAPTURED: 'captured',
  PARTIALLY_CAPTURED: 'captured',
  DENIED: 'rejected',
  VOIDED: 'cancelled',
  EXPIRED: 'expired',
} as const satisfies Record<(typeof PAYPAL_AUTHORIZATION_STATUSES)[number], PaylinkStatus>;

interface Money {
  currency_code: string;
  value: string;
}
interface PayPalTransaction {
  transaction_info: {
    transaction_id: string;
    paypal_reference_id?: string;
    transaction_initiation_date: string;
    transaction_amount: Money;
    transaction_status: string;
    invoice_id?: string;
    custom_field?: string;
  };
}
interface SearchResponse {
  transaction_details?: PayPalTransaction[];
  page?: number;
  total_pages?: number;
}
interface PayPalCapture {
  id: string;
  status: string;
  amount: Money;
  invoice_id?: string;
  custom_id?: string;
  create_time?: string;
}
interface PayPalOrder {
  id: string;
  status: string;
  create_time?: string;
  purchase_units?: {
    invoice_id?: string;
    custom_id?: string;
    amount?: Money;
    payments?: { captures?: PayPalCapture[]; authorizations?: PayPalCapture[]; refunds?: { status?: string; amount: Money }[] };
  }[];
}

export function mapSearchTransaction(t: PayPalTransaction): GatewayPayment {
  const info = t.transaction_info;
  const currency = parseCurrency(info.transaction_amount?.currency_code);
  const signedMinor = decimalToMinor(info.transaction_amount?.value, currency, 'transaction_amount');
  // Refunds are their own transactions with a negative amount, pointing at the payment they undo.
  const isRefund = signedMinor < 0;
  const status = isRefund && info.transaction_status === 'S' ? 'refunded' : lookupStatus(PAYPAL_SEARCH_STATUS_MAP, info.transaction_status);
  const amountMinor = Math.abs(signedMinor);
  const reference = info.invoice_id || info.custom_field || (isRefund ? info.paypal_reference_id : undefined);
  return withFlags(
    {
      gateway: 'paypal',
      gatewayId: info.transaction_id,
      status,
      gatewayStatus: info.transaction_status,
      amountMinor,
      refundedMinor: status === 'refunded' ? amountMinor : 0,
      currency,
      createdAt: toIsoTime(info.transaction_initiation_date),
      ...(reference ? { reference } : {}),
    },
    isRefund ? ['refund_transaction'] : [],
  );
}

function captureToPayment(c: PayPalCapture, refundedMinor: number | undefined, fallbackRef?: string, createdAt?: string): GatewayPayment {
  const currency = parseCurrency(c.amount?.currency_code);
  const amountMinor = decimalToMinor(c.amount?.value, currency, 'amount');
  const refunded = refundedMinor ?? (c.status === 'REFUNDED' ? amountMinor : 0);
  const reference = c.invoice_id || c.custom_id || fallbackRef;
  return withFlags(
    {
      gateway: 'paypal',
      gatewayId: c.id,
      status: applyRefunds(lookupStatus(PAYPAL_CAPTURE_STATUS_MAP, c.status), amountMinor, refunded),
      gatewayStatus: `capture:${c.status}`,
      amountMinor,
      refundedMinor: refunded,
      currency,
      createdAt: toIsoTime(c.create_time ?? createdAt),
      ...(reference ? { reference } : {}),
    },
    c.status === 'PARTIALLY_REFUNDED' && !refunded ? ['refund_amount_unknown'] : [],
  );
}

export function mapOrder(order: PayPalOrder): GatewayPayment {
  const unit = order.purchase_units?.[0];
  const reference = unit?.invoice_id || unit?.custom_id || undefined;
  const capture = unit?.payments?.captures?.at(-1);
  if (capture) {
    const refunds = unit?.payments?.refunds ?? [];
    const currency = parseCurrency(capture.amount?.currency_code);
    const refundedMinor = refunds.length === 0 ? undefined : refunds.filter((r) => r.status !== 'FAILED' && r.status !== 'CANCELLED').reduce((sum, r) => sum + decimalToMinor(r.amount.value, currency, 'refund amount'), 0);
    return captureToPayment(capture, refundedMinor, reference, order.create_time);
  }
  const authorization = unit?.payments?.authorizations?.at(-1);
  const money = authorization?.amount ?? unit?.amount;
  const currency = parseCurrency(money?.currency_code);
  const status = authorization ? lookupStatus(PAYPAL_AUTHORIZATION_STATUS_MAP, authorization.status) : lookupStatus(PAYPAL_ORDER_STATUS_MAP, order.status);
  return {
    gateway: 'paypal',
    gatewayId: authorization?.id ?? order.id,
    status,
    gatewayStatus: authorization ? `authorization:${authorization.status}` : `order:${order.status}`,
    amountMinor: decimalToMinor(money?.value, currency, 'amount'),
    refundedMinor: 0,
    currency,
    createdAt: toIsoTime(authorization?.create_time ?? order.create_time),
    ...(reference ? { reference } : {}),
  };
}

interface CachedToken {
  accessToken: string;
  expiresAtMs: number;
}

async function accessToken(ctx: GatewayContext, forceNew = false): Promise<string> {
  const clientId = requireCredential(ctx, 'paypal', 'client_id');
  const key = `paypal:token:${ctx.baseUrl}:${clientId}`;
  const cached = ctx.cache?.get(key) as CachedToken | undefined;
  if (!forceNew && cached && cached.expiresAtMs - TOKEN_RENEW_MARGIN_MS > ctx.now().getTime()) return cached.accessToken;
  const basic = Buffer.from(`${clientId}:${requireCredential(ctx, 'paypal', 'client_secret')}`).toString('base64');
  const res = await ctx.http.request({
    method: 'POST',
    url: joinUrl(ctx.baseUrl, '/v1/oauth2/token'),
    headers: { authorization: `Basic ${basic}` },
    form: { grant_type: 'client_credentials' },
    idempotent: true,
  });
  const body = res.json<{ access_token?: string; expires_in?: number }>();
  if (!body.access_token) throw unreadableAnswer('paypal', 'a token answer');
  const token = { accessToken: body.access_token, expiresAtMs: ctx.now().getTime() + (body.expires_in ?? 0) * 1000 };
  ctx.cache?.set(key, token);
  return token.accessToken;
}

/** Calls with the cached token; a 401 means it was revoked or expired early, so renew once. */
async function authorized(ctx: GatewayContext, req: HttpRequest): Promise<HttpResponse> {
  const send = async (token: string) => ctx.http.request({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
  try {
    return await send(await accessToken(ctx));
  } catch (err) {
    if (!(err instanceof ProviderCallError) || err.httpStatus_ !== 401) throw err;
    return send(await accessToken(ctx, true));
  }
}

/** RFC 3339 with seconds, as Transaction Search wants; widened outward to whole seconds. */
function rfc3339(date: Date, round: 'down' | 'up'): string {
  const ms = date.getTime();
  const whole = round === 'down' ? Math.floor(ms / 1000) * 1000 : Math.ceil(ms / 1000) * 1000;
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The verify body with the raw event spliced in as `webhook_event`, untouched. */
export function verifyRequestText(fields: Record<string, string>, rawEvent: string): string {
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)},"webhook_event":${rawEvent.trim()}}`;
}

export const paypalAdapter: GatewayAdapter = {
  id: 'paypal',
  supportsList: true,
  maxWindowMs: PAYPAL_MAX_WINDOW_MS,
  reportingDelayMs: PAYPAL_REPORTING_DELAY_MS,

  async listPage(ctx, window, cursor) {
    if (window.to.getTime() - window.from.getTime() > PAYPAL_MAX_WINDOW_MS) {
      throw new AppError('bad_request', 'PayPal Transaction Search covers at most 31 days per call; split the window.');
    }
    const page = cursor ? Number(cursor) : 1;
    const query = new URLSearchParams({
      start_date: rfc3339(window.from, 'down'),
      end_date: rfc3339(window.to, 'up'),
      fields: 'transaction_info',
      page_size: String(intSetting(ctx, 'page_size', PAYPAL_MAX_PAGE_SIZE, PAYPAL_MAX_PAGE_SIZE)),
      page: String(page),
    });
    const res = await authorized(ctx, { method: 'GET', url: joinUrl(ctx.baseUrl, `/v1/reporting/transactions?${query}`) });
    const body = res.json<SearchResponse>();
    const { payments, skipped } = mapItems(body.transaction_details ?? [], (t) => t.transaction_info?.transaction_id ?? '?', mapSearchTransaction);
    return { payments, skipped, nextCursor: (body.total_pages ?? 0) > page ? String(page + 1) : null };
  },

  async getPayment(ctx, id) {
    const path = encodeURIComponent(id);
    try {
      const res = await authorized(ctx, { method: 'GET', url: joinUrl(ctx.baseUrl, `/v2/checkout/orders/${path}`) });
      return mapOrder(res.json<PayPalOrder>());
    } catch (err) {
      // Ids from Transaction Search are capture ids, which orders v2 does not know.
      if (!(err instanceof ProviderCallError) || err.httpStatus_ !== 404) throw err;
    }
    const res = await authorized(ctx, { method: 'GET', url: joinUrl(ctx.baseUrl, `/v2/payments/captures/${path}`) });
    return captureToPayment(res.json<PayPalCapture>(), undefined);
  },

  async verifyWebhook(ctx, req) {
    const webhookId = requireCredential(ctx, 'paypal', 'webhook_id');
    const fields = Object.fromEntries(Object.entries(PAYPAL_TRANSMISSION_HEADERS).map(([field, header]) => [field, headerOf(req, header)]));
    if (Object.values(fields).some((v) => !v)) throw webhookRefused('paypal', 'PAYPAL-* signature headers are missing');
    const event = parseWebhookJson<{ id?: string; event_type?: string; resource?: { id?: string; status?: string; invoice_id?: string; custom_id?: string } }>('paypal', req.rawBody);
    if (event === null || typeof event !== 'object' || Array.isArray(event)) throw webhookRefused('paypal', 'the body is not a webhook event');
    // PayPal signs with its certificate; asking PayPal to check is its documented way for servers.
    // The event goes back exactly as it arrived: PayPal checks the signature over those bytes, and a
    // parse-and-serialize round trip (spacing, 1.0 → 1, escapes) makes it answer FAILURE
    // (paypal/PayPal-node-SDK#412, paypal/PayPal-NET-SDK#353).
    const res = await authorized(ctx, {
      method: 'POST',
      url: joinUrl(ctx.baseUrl, '/v1/notifications/verify-webhook-signature'),
      jsonText: verifyRequestText({ ...fields, webhook_id: webhookId } as Record<string, string>, req.rawBody),
      idempotent: true,
    });
    if (res.json<{ verification_status?: string }>().verification_status !== 'SUCCESS') throw webhookRefused('paypal', 'PayPal did not confirm the signature');
    const paymentId = event.resource?.id;
    if (!event.id || !paymentId) throw webhookRefused('paypal', 'the event names no resource');
    const reference = event.resource?.invoice_id || event.resource?.custom_id;
    return { dedupeKey: event.id, paymentId, ...(reference ? { reference } : {}), ...(event.resource?.status ? { gatewayStatus: event.resource.status } : {}) };
  },
};
