import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatMinor } from '../../../shared/money';
import { TAP_EMPTY_LIST, TapListBody } from '../../providers/contracts/tap';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst } from './contract';
import { bearerOf, installApiGuard, newestFirst, simState, type GatewaySimulator, type SimPayment } from './state';

// Tap charges simulator: POST /v2/charges/list (JSON body held to main/providers/contracts/tap.ts:
// period.date.from/to in epoch ms, starting_after, limit ≤ 50; newest first) and GET /v2/charges/{id}.
// Amounts go out as decimals in major units, like Tap's. An empty window, or a cursor past the last
// charge, is answered 400 "Charges not found", and no `has_more` is sent (its meaning is undocumented).

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
    api_version: 'V2',
    status: p.status,
    amount: Number(p.extra.wire_amount ?? formatMinor(p.amountMinor, p.currency)),
    currency: p.currency,
    threeDSecure: true,
    save_card: false,
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
    const tapError = (code: string, description: string) => ({ errors: [{ code, description }] });
    installApiGuard(app, ctx, 'tap', {
      authorize: (request) => bearerOf(request) === SANDBOX_CREDENTIALS.tap.secret_key,
      unauthorized: (reply, request) => reply.code(401).send(request.headers.authorization ? tapError('2104', 'Invalid API Key') : tapError('2107', 'Authorization Required')),
      rateLimited: (reply) => reply.code(429).send(tapError('429', 'Too many requests')),
    });

    app.post('/v2/charges/list', async (request, reply) => {
      const checked = checkAgainst(TapListBody, request.body);
      if (!checked.ok) return reply.code(400).send(tapError('1103', `Required inputs are invalid: ${checked.message}`));
      const body = checked.data;
      const limit = body.limit === undefined ? 25 : Number(body.limit);
      const from = Number(body.period.date.from);
      const to = Number(body.period.date.to);
      const all = newestFirst(ctx, 'tap').filter((p) => p.createdAt.getTime() >= from && p.createdAt.getTime() <= to && (!body.status || p.status === body.status));
      let start = 0;
      if (body.starting_after) {
        const at = all.findIndex((p) => p.id === body.starting_after);
        if (at < 0) return reply.code(400).send(tapError('1143', 'Charge id is invalid'));
        start = at + 1;
      }
      const slice = all.slice(start, start + limit);
      if (slice.length === 0) return reply.code(TAP_EMPTY_LIST.status).send(tapError(TAP_EMPTY_LIST.code, TAP_EMPTY_LIST.description));
      return { object: 'list', live_mode: false, api_version: 'V2', count: slice.length, charges: slice.map(wireCharge) };
    });

    app.get<{ Params: { id: string } }>('/v2/charges/:id', async (request, reply) => {
      const p = simState(ctx, 'tap').payments.get(request.params.id);
      if (!p) return reply.code(404).send(tapError('1144', 'Charge id not found'));
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
