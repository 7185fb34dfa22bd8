import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { PaylinkStatus } from '../../../shared/status';
import type { DINERO_STATUSES } from '../contracts/dinero';
import { decimalToMinor, joinUrl, lookupStatus, parseCurrency, parseWebhookJson, requireCredential, safeEqual, toIsoTime, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// Dinero Pay publishes no API documentation. What is known comes from its public plugin code and
// the white-label "Checkout protocol" it shares with other PSPs: JSON bodies carrying merchant_key
// and hash = sha1(md5(UPPER(fields + merchant_password))). Its list API is undocumented (none was
// found at all), so this adapter only refreshes payments by id via POST /api/v1/payment/status;
// the endpoint itself, the status names and the callback format are unverified and must be
// confirmed with the merchant documentation from Dinero.

/** Checkout-protocol status → unified. `chargeback` also carries the 'chargeback' flag. */
export const DINERO_STATUS_MAP = {
  prepare: 'created',
  pending: 'created',
  '3ds': 'created',
  redirect: 'created',
  settled: 'captured',
  decline: 'rejected',
  void: 'cancelled',
  reversal: 'cancelled',
  refund: 'refunded',
  chargeback: 'refunded',
} as const satisfies Record<(typeof DINERO_STATUSES)[number], PaylinkStatus>;

export function dineroHash(parts: readonly string[], password: string): string {
  const md5 = createHash('md5').update((parts.join('') + password).toUpperCase(), 'utf8').digest('hex');
  return createHash('sha1').update(md5, 'utf8').digest('hex');
}

export interface DineroStatusResponse {
  payment_id: string;
  date?: string;
  status: string;
  order?: { number?: string; amount?: string; currency?: string; description?: string };
}

function toPayment(r: DineroStatusResponse): GatewayPayment {
  const currency = parseCurrency(r.order?.currency);
  const amountMinor = decimalToMinor(r.order?.amount, currency, 'order.amount');
  const status = lookupStatus(DINERO_STATUS_MAP, r.status);
  return withFlags(
    {
      gateway: 'dinero',
      gatewayId: r.payment_id,
      status,
      gatewayStatus: r.status,
      amountMinor,
      // The status answer carries no refunded amount; a refund is taken as a full one.
      refundedMinor: status === 'refunded' ? amountMinor : 0,
      currency,
      createdAt: toIsoTime(r.date),
      ...(r.order?.number ? { reference: r.order.number } : {}),
    },
    r.status === 'chargeback' ? ['chargeback'] : [],
  );
}

function merchant(ctx: GatewayContext): { key: string; password: string } {
  return { key: requireCredential(ctx, 'dinero', 'merchant_key'), password: requireCredential(ctx, 'dinero', 'merchant_password') };
}

export const dineroAdapter: GatewayAdapter = {
  id: 'dinero',
  supportsList: false,

  async listPage() {
    throw new AppError('bad_request', 'Dinero Pay has no documented list API; PayDesk refreshes Dinero payments by id only.');
  },

  async getPayment(ctx, id) {
    const { key, password } = merchant(ctx);
    const res = await ctx.http.request({
      method: 'POST',
      url: joinUrl(ctx.baseUrl, '/api/v1/payment/status'),
      json: { merchant_key: key, payment_id: id, hash: dineroHash([id], password) },
      // A status read, so safe to resend.
      idempotent: true,
    });
    return toPayment(res.json<DineroStatusResponse>());
  },

  async verifyWebhook(ctx, req) {
    const { password } = merchant(ctx);
    const body = parseWebhookJson<{ id?: string; order_number?: string; order_amount?: string; order_currency?: string; order_description?: string; status?: string; hash?: string }>('dinero', req.rawBody);
    if (!body.id || typeof body.hash !== 'string') throw webhookRefused('dinero', 'the callback has no id or hash');
    const expected = dineroHash([body.id, body.order_number ?? '', body.order_amount ?? '', body.order_currency ?? '', body.order_description ?? ''], password);
    if (!safeEqual(body.hash.toLowerCase(), expected)) throw webhookRefused('dinero', 'the hash does not match');
    return {
      dedupeKey: `${body.id}:${body.status ?? ''}`,
      paymentId: body.id,
      ...(body.order_number ? { reference: body.order_number } : {}),
      ...(body.status ? { gatewayStatus: body.status } : {}),
    };
  },
};
