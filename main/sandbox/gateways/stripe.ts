import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { bearerOf, installApiGuard, newestFirst, simState, type GatewaySimulator, type SimPayment } from './state';

// Stripe PaymentIntents simulator: GET /v1/payment_intents (newest first, created[...] filters,
// limit 1–100, starting_after/ending_before cursors, expand[]=data.latest_charge) and GET one.

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
    last_payment_error: p.extra.last_payment_error ? { code: 'card_declined', message: p.extra.last_payment_error } : null,
    latest_charge: charged || capturable ? (expandCharge ? { id: chargeId, object: 'charge', amount: p.amountMinor, amount_refunded: p.refundedMinor, refunded: p.refundedMinor >= p.amountMinor } : chargeId) : null,
    livemode: false,
    metadata: p.reference ? { order_id: p.reference } : {},
    payment_method: `pm_${p.id.slice(3, 15)}`,
    status: p.status,
  };
}

function stripeError(type: string, message: string) {
  return { error: { type, message } };
}

export const stripeSimulator: GatewaySimulator = {
  id: 'stripe',
  defaultStatuses: ['succeeded'],
  newPaymentId: (ctx) => ctx.newId('pi_3'),

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'stripe', {
      authorize: (request) => bearerOf(request) === SANDBOX_CREDENTIALS.stripe.secret_key,
      unauthorized: (reply) => reply.code(401).send(stripeError('invalid_request_error', 'Invalid API Key provided.')),
      rateLimited: (reply) => reply.code(429).send({ error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } }),
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/v1/payment_intents', async (request, reply) => {
      const q = request.query;
      const limit = q.limit === undefined ? 10 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send(stripeError('invalid_request_error', 'limit must be between 1 and 100.'));
      const bound = (key: string) => (q[key] === undefined ? undefined : Number(q[key]));
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
      const expand = q['expand[]'] === 'data.latest_charge';
      return { object: 'list', url: '/v1/payment_intents', has_more: start + slice.length < end, data: slice.map((p) => wireIntent(p, expand)) };
    });

    app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>('/v1/payment_intents/:id', async (request, reply) => {
      const p = simState(ctx, 'stripe').payments.get(request.params.id);
      if (!p) return reply.code(404).send(stripeError('invalid_request_error', `No such payment_intent: '${request.params.id}'`));
      return wireIntent(p, request.query['expand[]'] === 'latest_charge');
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
    };
    const body = JSON.stringify(event);
    const t = Math.floor(ctx.now().getTime() / 1000);
    const v1 = createHmac('sha256', SANDBOX_CREDENTIALS.stripe.webhook_secret).update(`${t}.${body}`).digest('hex');
    return { body: tamper ? body.replace(`"amount":${payment.amountMinor}`, `"amount":${payment.amountMinor + 100}`) : body, headers: { 'stripe-signature': `t=${t},v1=${v1}` } };
  },
};
