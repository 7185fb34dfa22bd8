import { createHmac } from 'node:crypto';
import { formatMinor } from '../../../shared/money';
import type { PaylinkStatus } from '../../../shared/status';
import { isTapEmptyList, TAP_LIST_MAX_LIMIT, type TAP_STATUSES } from '../contracts/tap';
import { ProviderCallError } from '../http';
import { decimalToMinor, headerOf, intSetting, joinUrl, lookupStatus, mapItems, parseCurrency, parseWebhookJson, requireCredential, safeEqual, toIsoTime, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// Tap charges: POST /v2/charges/list with the period and the starting_after cursor in a JSON body,
// newest first; amounts are decimals in major units (3 decimals for KWD, BHD, OMR).
// Tap reports refunds as separate refund objects, not on the charge, so refundedMinor stays 0 here.
// Paging follows main/providers/contracts/tap.ts: a full page means "ask again after its last
// charge", a short page is the last, and 400 "Charges not found" is an empty page, not a failure.
// `has_more` is not read: Tap documents the field but not what it says at the end of a list.

/** Charge status → unified. */
export const TAP_STATUS_MAP = {
  INITIATED: 'created',
  IN_PROGRESS: 'created',
  AUTHORIZED: 'authorized',
  CAPTURED: 'captured',
  ABANDONED: 'cancelled',
  CANCELLED: 'cancelled',
  VOID: 'cancelled',
  FAILED: 'rejected',
  DECLINED: 'rejected',
  RESTRICTED: 'rejected',
  TIMEDOUT: 'unknown',
  UNKNOWN: 'unknown',
} as const satisfies Record<(typeof TAP_STATUSES)[number], PaylinkStatus>;

/** Response codes that say more than the status: an expiry is not a cancellation, a timeout is not a no. */
export const TAP_RESPONSE_CODE_OVERRIDES = {
  '303': 'created', // Deferred
  '304': 'expired',
  '801': 'unknown', // Timed out: ask again before acting
  '901': 'unknown',
} as const satisfies Record<string, PaylinkStatus>;

export interface TapCharge {
  id: string;
  status: string;
  amount: number | string;
  currency: string;
  reference?: { transaction?: string; order?: string; gateway?: string; payment?: string };
  transaction?: { created?: string | number; url?: string };
  response?: { code?: string; message?: string };
  metadata?: Record<string, string>;
}

interface TapList {
  charges?: TapCharge[];
}

export function mapTapStatus(status: string, responseCode?: string): PaylinkStatus {
  if (responseCode && Object.hasOwn(TAP_RESPONSE_CODE_OVERRIDES, responseCode)) return lookupStatus(TAP_RESPONSE_CODE_OVERRIDES, responseCode);
  return lookupStatus(TAP_STATUS_MAP, status);
}

function toPayment(c: TapCharge): GatewayPayment {
  const currency = parseCurrency(c.currency);
  const reference = c.reference?.order ?? c.reference?.transaction ?? c.metadata?.order_id ?? undefined;
  const code = c.response?.code;
  return withFlags(
    {
      gateway: 'tap',
      gatewayId: c.id,
      status: mapTapStatus(c.status, code),
      gatewayStatus: code ? `${c.status} (${code})` : c.status,
      amountMinor: decimalToMinor(c.amount, currency, 'amount'),
      refundedMinor: 0,
      currency,
      createdAt: toIsoTime(c.transaction?.created),
      ...(reference ? { reference } : {}),
    },
    c.status === 'INITIATED' && c.transaction?.url ? ['requires_action'] : [],
  );
}

function authHeaders(ctx: GatewayContext): Record<string, string> {
  return { authorization: `Bearer ${requireCredential(ctx, 'tap', 'secret_key')}` };
}

/** The string Tap signs into the `hashstring` header; the amount carries the currency's decimals. */
export function tapHashInput(c: TapCharge): string {
  const currency = parseCurrency(c.currency);
  const amount = formatMinor(decimalToMinor(c.amount, currency, 'amount'), currency);
  return (
    `x_id${c.id}x_amount${amount}x_currency${c.currency}x_gateway_reference${c.reference?.gateway ?? ''}` +
    `x_payment_reference${c.reference?.payment ?? ''}x_status${c.status}x_created${c.transaction?.created ?? ''}`
  );
}

function parseBody(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export const tapAdapter: GatewayAdapter = {
  id: 'tap',
  supportsList: true,

  async listPage(ctx, window, cursor) {
    const limit = intSetting(ctx, 'page_size', TAP_LIST_MAX_LIMIT, TAP_LIST_MAX_LIMIT);
    const body: Record<string, unknown> = {
      period: { date: { from: window.from.getTime(), to: window.to.getTime() }, type: 1 },
      status: '',
      limit,
    };
    if (cursor) body.starting_after = cursor;
    let list: TapList;
    try {
      // A read, so safe to resend even though Tap makes it a POST.
      const res = await ctx.http.request({ method: 'POST', url: joinUrl(ctx.baseUrl, '/v2/charges/list'), headers: authHeaders(ctx), json: body, idempotent: true });
      list = res.json<TapList>();
    } catch (err) {
      if (err instanceof ProviderCallError && err.httpStatus_ === 400 && isTapEmptyList(400, parseBody(err.providerBody))) return { payments: [], skipped: [], nextCursor: null };
      throw err;
    }
    const charges = list.charges ?? [];
    const { payments, skipped } = mapItems(charges, (c) => c.id, toPayment);
    const last = charges.at(-1);
    return { payments, skipped, nextCursor: charges.length >= limit && last ? last.id : null };
  },

  async getPayment(ctx, id) {
    const res = await ctx.http.request({ method: 'GET', url: joinUrl(ctx.baseUrl, `/v2/charges/${encodeURIComponent(id)}`), headers: authHeaders(ctx) });
    return toPayment(res.json<TapCharge>());
  },

  async verifyWebhook(ctx, req) {
    const secret = requireCredential(ctx, 'tap', 'secret_key');
    const received = headerOf(req, 'hashstring');
    if (!received) throw webhookRefused('tap', 'the hashstring header is missing');
    const charge = parseWebhookJson<TapCharge>('tap', req.rawBody);
    if (!charge.id || !charge.status) throw webhookRefused('tap', 'the body is not a charge');
    let input: string;
    try {
      input = tapHashInput(charge);
    } catch {
      throw webhookRefused('tap', 'the charge amount or currency cannot be signed');
    }
    const expected = createHmac('sha256', secret).update(input, 'utf8').digest('hex');
    if (!safeEqual(received.toLowerCase(), expected)) throw webhookRefused('tap', 'the hashstring does not match');
    const reference = charge.reference?.order ?? charge.reference?.transaction;
    // Tap sends no event id; the same charge reaching the same status twice is the same news.
    return { dedupeKey: `${charge.id}:${charge.status}`, paymentId: charge.id, gatewayStatus: charge.status, ...(reference ? { reference } : {}) };
  },
};
