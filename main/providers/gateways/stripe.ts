import { createHmac } from 'node:crypto';
import type { PaylinkStatus } from '../../../shared/status';
import { STRIPE_WEBHOOK_TOLERANCE_S, type STRIPE_PI_STATUSES } from '../contracts/stripe';
import { applyRefunds, headerOf, intSetting, integerMinor, joinUrl, lookupStatus, mapItems, parseCurrency, parseWebhookJson, requireCredential, safeEqual, toIsoTime, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// Stripe PaymentIntents: list newest first with created[gte]/created[lte] and the starting_after
// cursor; refunds live on the latest charge, so it is expanded in the same call.

/** PaymentIntent status → unified. Refinements in mapStripeStatus: failed attempts and refunds. */
export const STRIPE_STATUS_MAP = {
  requires_payment_method: 'created',
  requires_confirmation: 'created',
  requires_action: 'created',
  processing: 'created',
  requires_capture: 'authorized',
  canceled: 'cancelled',
  succeeded: 'captured',
} as const satisfies Record<(typeof STRIPE_PI_STATUSES)[number], PaylinkStatus>;

export { STRIPE_WEBHOOK_TOLERANCE_S };

interface StripeCharge {
  id: string;
  amount_refunded?: number;
}

export interface StripePaymentIntent {
  id: string;
  amount: number;
  amount_received?: number;
  currency: string;
  status: string;
  created: number;
  metadata?: Record<string, string>;
  description?: string | null;
  last_payment_error?: unknown;
  latest_charge?: string | StripeCharge | null;
}

interface StripeList {
  object: 'list';
  has_more: boolean;
  data: StripePaymentIntent[];
}

export function mapStripeStatus(pi: Pick<StripePaymentIntent, 'status' | 'last_payment_error'>, capturedMinor = 0, refundedMinor = 0): PaylinkStatus {
  // The intent returns to requires_payment_method after a declined attempt; the error tells them apart.
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) return 'rejected';
  return applyRefunds(lookupStatus(STRIPE_STATUS_MAP, pi.status), capturedMinor, refundedMinor);
}

function toPayment(pi: StripePaymentIntent): GatewayPayment {
  const amountMinor = integerMinor(pi.amount, 'amount');
  const capturedMinor = pi.amount_received ? integerMinor(pi.amount_received, 'amount_received') : amountMinor;
  const charge = typeof pi.latest_charge === 'object' && pi.latest_charge ? pi.latest_charge : undefined;
  const refundedMinor = charge?.amount_refunded ? integerMinor(charge.amount_refunded, 'amount_refunded') : 0;
  const reference = pi.metadata?.order_id ?? pi.metadata?.reference ?? undefined;
  const payment: GatewayPayment = {
    gateway: 'stripe',
    gatewayId: pi.id,
    status: mapStripeStatus(pi, capturedMinor, refundedMinor),
    gatewayStatus: pi.status,
    amountMinor,
    refundedMinor,
    currency: parseCurrency(pi.currency),
    createdAt: toIsoTime(pi.created * 1000),
    ...(reference ? { reference } : {}),
  };
  return withFlags(payment, pi.last_payment_error ? ['failed_attempt'] : []);
}

function authHeaders(ctx: GatewayContext): Record<string, string> {
  return { authorization: `Bearer ${requireCredential(ctx, 'stripe', 'secret_key')}` };
}

export const stripeAdapter: GatewayAdapter = {
  id: 'stripe',
  supportsList: true,

  async listPage(ctx, window, cursor) {
    const query = new URLSearchParams({
      limit: String(intSetting(ctx, 'page_size', 100, 100)),
      'created[gte]': String(Math.floor(window.from.getTime() / 1000)),
      'created[lte]': String(Math.ceil(window.to.getTime() / 1000)),
      'expand[]': 'data.latest_charge',
    });
    if (cursor) query.set('starting_after', cursor);
    const res = await ctx.http.request({ method: 'GET', url: joinUrl(ctx.baseUrl, `/v1/payment_intents?${query}`), headers: authHeaders(ctx) });
    const list = res.json<StripeList>();
    const { payments, skipped } = mapItems(list.data ?? [], (pi) => pi.id, toPayment);
    const last = list.data?.at(-1);
    return { payments, skipped, nextCursor: list.has_more && last ? last.id : null };
  },

  async getPayment(ctx, id) {
    const url = joinUrl(ctx.baseUrl, `/v1/payment_intents/${encodeURIComponent(id)}?expand[]=latest_charge`);
    const res = await ctx.http.request({ method: 'GET', url, headers: authHeaders(ctx) });
    return toPayment(res.json<StripePaymentIntent>());
  },

  async verifyWebhook(ctx, req) {
    const secret = requireCredential(ctx, 'stripe', 'webhook_secret');
    const header = headerOf(req, 'stripe-signature');
    if (!header) throw webhookRefused('stripe', 'the Stripe-Signature header is missing');
    const parts = header.split(',').map((p) => p.trim().split('='));
    const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
    const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
    if (!Number.isInteger(timestamp) || signatures.length === 0) throw webhookRefused('stripe', 'the Stripe-Signature header is malformed');
    if (Math.abs(ctx.now().getTime() / 1000 - timestamp) > STRIPE_WEBHOOK_TOLERANCE_S) throw webhookRefused('stripe', 'the signature timestamp is outside the tolerance');
    const expected = createHmac('sha256', secret).update(`${timestamp}.${req.rawBody}`, 'utf8').digest('hex');
    if (!signatures.some((sig) => safeEqual(sig, expected))) throw webhookRefused('stripe', 'the signature does not match');
    const event = parseWebhookJson<{ id: string; type?: string; data?: { object?: { id?: string; object?: string; payment_intent?: string; status?: string; metadata?: Record<string, string> } } }>('stripe', req.rawBody);
    const object = event.data?.object;
    const paymentId = object?.object === 'charge' ? object.payment_intent : object?.id;
    if (!event.id || !paymentId) throw webhookRefused('stripe', 'the event names no PaymentIntent');
    const reference = object?.metadata?.order_id;
    return { dedupeKey: event.id, paymentId, ...(reference ? { reference } : {}), ...(object?.status ? { gatewayStatus: object.status } : {}) };
  },
};
