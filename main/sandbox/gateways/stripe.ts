import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core';
import { StripeListQuery, StripeRetrieveQuery } from '../../providers/contracts/stripe';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst, plainQuery } from './contract';
import { bearerOf, installApiGuard, newestFirst, simState, type GatewaySimulator, type SimPayment } from './state';

// Stripe PaymentIntents simulator: GET /v1/payment_intents (newest first, created[...] filters,
// limit 1–100, starting_after/ending_before cursors, expand[]=data.latest_charge) and GET one.
// Requests are held to main/providers/contracts/stripe.ts; answers carry only documented fields.

function wireIntent(p: SimPayment, expandCharge: boolean) {
  const chargeId = `ch_${p.id.slice(3)}`;
  const charged = p.status === 'succeeded';
  const capturable = p.status === 'requires_capture';
  return {
    id: p.id,
    object: 'payment_intent',
    amount: p.amountMinor,
    amount_capturable: capturable ? p.amountMinor : 0,
    amount_received: charged ? p.amountMinor : 0,
    capture_method: 'automatic',
    created: Math.floor(p.createdAt.getTime() / 1000),
    currency: p.currency.toLowerCase(),
    canceled_at: p.status === 'canceled' ? Math.floor(p.createdAt.getTime() / 1000) + 60 : null,
    cancellation_reason: p.status === 'canceled' ? 'abandoned' : null,
    description: p.reference ? `PayDesk order ${p.reference}` : null,
    last_payment_error: p.extra.last_payment_error ? { code: 'card_declined', message: p.extra.last_payment_error, type: 'card_error' } : null,
    customer: null,
    latest_charge: charged || capturable ? (expandCharge ? wireCharge(p, chargeId, charged) : chargeId) : null,
    livemode: false,
    metadata: p.reference ? { order_id: p.reference } : {},
    payment_method: `pm_${p.id.slice(3, 15)}`,
    payment_method_types: ['card'],
    status: p.status,
  };
}

function wireCharge(p: SimPayment, id: string, captured: boolean) {
  return {
    id,
    object: 'charge',
    amount: p.amountMinor,
    amount_captured: captured ? p.amountMinor : 0,
    amount_refunded: p.refundedMinor,
    captured,
    created: Math.floor(p.createdAt.getTime() / 1000),
    currency: p.currency.toLowerCase(),
    livemode: false,
    paid: true,
    payment_intent: p.id,
    refunded: p.refundedMinor >= p.amountMinor,
    status: 'succeeded',
  };
}

function stripeError(type: string, message: string, param?: string) {
  return { error: { type, message, ...(param ? { param } : {}) } };
}

/** Stripe's own wording for a query its contract refuses. */
function queryError(path: string, message: string) {
  return message.startsWith('unknown parameter')
    ? stripeError('invalid_request_error', `Received unknown parameter: ${path}`, path)
    : stripeError('invalid_request_error', `Invalid ${message}`, path);
}

const expands = (value: string | string[] | undefined, wanted: string) => (Array.isArray(value) ? value.includes(wanted) : value === wanted);

export const stripeSimulator: GatewaySimulator = {
  id: 'stripe',
  defaultStatuses: ['succeeded'],
  newPaymentId: (ctx) => ctx.newId('pi_3'),

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'stripe', {
      authorize: (request) => bearerOf(request) === SANDBOX_CREDENTIALS.stripe.secret_key,
      unauthorized: (reply, request) =>
        reply.code(401).send(stripeError('invalid_request_error', request.headers.authorization ? 'Invalid API Key provided.' : 'You did not provide an API key. You need to provide your API key in the Authorization header.')),
      rateLimited: (reply) => reply.code(429).send({ error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } }),
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/v1/payment_intents', async (request, reply) => {
      const checked = checkAgainst(StripeListQuery, plainQuery(request.query));
      if (!checked.ok) return reply.code(400).send(queryError(checked.path, checked.message));
      const q = checked.data;
      const limit = q.limit === undefined ? 10 : Number(q.limit);
      const bound = (key: 'created[gt]' | 'created[gte]' | 'created[lt]' | 'created[lte]') => (q[key] === undefined ? undefined : Number(q[key]));
      const [gt, gte, lt, lte] = [bound('created[gt]'), bound('created[gte]'), bound('created[lt]'), bound('created[lte]')];
      const all = newestFirst(ctx, 'stripe').filter((p) => {
        const t = Math.floor(p.createdAt.getTime() / 1000);
        return (gt === undefined || t > gt) && (gte === undefined || t >= gte) && (lt === undefined || t < lt) && (lte === undefined || t <= lte);
      });
      let start = 0;
      let end = all.length;
      if (q.starting_after) {
        const at = all.findIndex((p) => p.id === q.starting_after);
        if (at < 0 && !simState(ctx, 'stripe').payments.has(q.starting_after)) return reply.code(400).send(stripeError('invalid_request_error', `No such payment_intent: '${q.starting_after}'`));
        start = at + 1;
      } else if (q.ending_before) {
        end = Math.max(0, all.findIndex((p) => p.id === q.ending_before));
        start = Math.max(0, end - limit);
      }
      const slice = all.slice(start, Math.min(end, start + limit));
      const expand = expands(q['expand[]'], 'data.latest_charge');
      return { object: 'list', url: '/v1/payment_intents', has_more: start + slice.length < end, data: slice.map((p) => wireIntent(p, expand)) };
    });

    app.get<{ Params: { id: string } }>('/v1/payment_intents/:id', async (request, reply) => {
      const checked = checkAgainst(StripeRetrieveQuery, plainQuery(request.query));
      if (!checked.ok) return reply.code(400).send(queryError(checked.path, checked.message));
      const p = simState(ctx, 'stripe').payments.get(request.params.id);
      if (!p) return reply.code(404).send(stripeError('invalid_request_error', `No such payment_intent: '${request.params.id}'`, 'intent'));
      return wireIntent(p, expands(checked.data['expand[]'], 'latest_charge'));
    });
  },

  webhookFor(payment, ctx, tamper) {
    const event = {
      id: ctx.newId('evt_'),
      object: 'event',
      api_version: '2024-06-20',
      created: Math.floor(ctx.now().getTime() / 1000),
      type: `payment_intent.${payment.status === 'canceled' ? 'canceled' : payment.status === 'succeeded' ? 'succeeded' : 'processing'}`,
      data: { object: wireIntent(payment, false) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    const body = JSON.stringify(event);
    const t = Math.floor(ctx.now().getTime() / 1000);
    const v1 = createHmac('sha256', SANDBOX_CREDENTIALS.stripe.webhook_secret).update(`${t}.${body}`).digest('hex');
    return { body: tamper ? body.replace(`"amount":${payment.amountMinor}`, `"amount":${payment.amountMinor + 100}`) : body, headers: { 'stripe-signature': `t=${t},v1=${v1}` } };
  },
};
