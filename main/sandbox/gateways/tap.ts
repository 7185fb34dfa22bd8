import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatMinor } from '../../../shared/money';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { bearerOf, installApiGuard, newestFirst, simState, type GatewaySimulator, type SimPayment } from './state';

// Tap charges simulator: POST /v2/charges/list (JSON body: period.date.from/to in epoch ms,
// starting_after, limit; newest first; {object:"list", has_more, charges}) and GET /v2/charges/{id}.
// Amounts go out as decimals in major units, like Tap's.

const RESPONSE_CODE_BY_STATUS: Record<string, string> = {
  CAPTURED: '000',
  AUTHORIZED: '001',
  INITIATED: '100',
  IN_PROGRESS: '200',
  ABANDONED: '301',
  CANCELLED: '302',
  FAILED: '401',
  DECLINED: '501',
  VOID: '601',
  RESTRICTED: '701',
  TIMEDOUT: '801',
  UNKNOWN: '901',
};

function wireCharge(p: SimPayment) {
  const code = p.extra.response_code ?? RESPONSE_CODE_BY_STATUS[p.status] ?? '901';
  return {
    id: p.id,
    object: 'charge',
    live_mode: false,
    status: p.status,
    amount: Number(p.extra.wire_amount ?? formatMinor(p.amountMinor, p.currency)),
    currency: p.currency,
    threeDSecure: true,
    description: p.reference ? `PayDesk order ${p.reference}` : 'In-store sale',
    metadata: p.reference ? { order_id: p.reference } : {},
    reference: {
      transaction: p.reference ? `txn_${p.reference}` : `txn_${p.id.slice(4, 14)}`,
      ...(p.reference ? { order: p.reference } : {}),
      gateway: `gw_${p.id.slice(-8)}`,
      payment: `pay_${p.id.slice(-10)}`,
    },
    response: { code, message: p.status },
    transaction: { created: String(p.createdAt.getTime()), timezone: 'UTC+03:00', ...(p.status === 'INITIATED' ? { url: `https://sandbox.tap.company/gosell/v2/payment/${p.id}` } : {}) },
    source: { id: 'src_sa.mada', object: 'token' },
  };
}

export const tapSimulator: GatewaySimulator = {
  id: 'tap',
  defaultStatuses: ['CAPTURED'],
  newPaymentId: (ctx) => ctx.newId('chg_TS0'),

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'tap', {
      authorize: (request) => bearerOf(request) === SANDBOX_CREDENTIALS.tap.secret_key,
      unauthorized: (reply) => reply.code(401).send({ errors: [{ code: '2107', description: 'Authentication required' }] }),
      rateLimited: (reply) => reply.code(429).send({ errors: [{ code: '429', description: 'Too many requests' }] }),
    });

    app.post<{ Body: { period?: { date?: { from?: number; to?: number } }; starting_after?: string; limit?: number } }>('/v2/charges/list', async (request, reply) => {
      const body = request.body ?? {};
      const limit = body.limit ?? 25;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) return reply.code(400).send({ errors: [{ code: '1104', description: 'limit must be between 1 and 50' }] });
      const from = body.period?.date?.from;
      const to = body.period?.date?.to;
      const all = newestFirst(ctx, 'tap').filter((p) => (from === undefined || p.createdAt.getTime() >= from) && (to === undefined || p.createdAt.getTime() <= to));
      const start = body.starting_after ? all.findIndex((p) => p.id === body.starting_after) + 1 : 0;
      const slice = all.slice(start, start + limit);
      return { object: 'list', live_mode: false, has_more: start + slice.length < all.length, charges: slice.map(wireCharge) };
    });

    app.get<{ Params: { id: string } }>('/v2/charges/:id', async (request, reply) => {
      const p = simState(ctx, 'tap').payments.get(request.params.id);
      if (!p) return reply.code(404).send({ errors: [{ code: '1142', description: 'Charge not found' }] });
      return wireCharge(p);
    });
  },

  webhookFor(payment, _ctx, tamper) {
    const charge = wireCharge(payment);
    // Written out here rather than borrowed from the adapter, so the test checks two readings of the format.
    const signed =
      `x_id${charge.id}x_amount${formatMinor(payment.amountMinor, payment.currency)}x_currency${charge.currency}` +
      `x_gateway_reference${charge.reference.gateway}x_payment_reference${charge.reference.payment}x_status${charge.status}x_created${charge.transaction.created}`;
    const hashstring = createHmac('sha256', SANDBOX_CREDENTIALS.tap.secret_key).update(signed).digest('hex');
    const sent = tamper ? { ...charge, status: charge.status === 'CAPTURED' ? 'DECLINED' : 'CAPTURED' } : charge;
    return { body: JSON.stringify(sent), headers: { hashstring } };
  },
};
