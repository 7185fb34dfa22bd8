import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatMinor, type Currency } from '../../../shared/money';
import { MoyasarListQuery } from '../../providers/contracts/moyasar';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst, plainQuery } from './contract';
import { basicOf, installApiGuard, newestFirst, simState, type GatewaySimulator, type SimPayment } from './state';

// Moyasar payments simulator: GET /v1/payments (page numbers, 20 per page, created[gt]/[lt],
// `meta` block) and GET /v1/payments/{id}; Basic auth with the secret key and an empty password.
// Requests are held to main/providers/contracts/moyasar.ts; answers carry only documented fields.

export const MOYASAR_PAGE_SIZE = 20;

const WEBHOOK_TYPES: Record<string, string> = {
  paid: 'payment_paid',
  failed: 'payment_failed',
  refunded: 'payment_refunded',
  voided: 'payment_voided',
  authorized: 'payment_authorized',
  captured: 'payment_captured',
  verified: 'payment_verified',
};

const formatted = (minor: number, currency: Currency) => `${formatMinor(minor, currency)} ${currency}`;

function wirePayment(p: SimPayment) {
  const at = p.createdAt.toISOString();
  const fee = Math.round(p.amountMinor * 0.0275);
  const captured = p.status === 'paid' || p.status === 'captured' || p.status === 'refunded' ? p.amountMinor : 0;
  return {
    id: p.id,
    status: p.status,
    amount: p.amountMinor,
    fee,
    currency: p.currency,
    refunded: p.refundedMinor,
    refunded_at: p.refundedMinor > 0 ? at : null,
    captured,
    captured_at: p.status === 'captured' ? at : null,
    voided_at: p.status === 'voided' ? at : null,
    description: p.reference ? `PayDesk order ${p.reference}` : 'In-store sale',
    amount_format: formatted(p.amountMinor, p.currency),
    fee_format: formatted(fee, p.currency),
    refunded_format: formatted(p.refundedMinor, p.currency),
    captured_format: formatted(captured, p.currency),
    invoice_id: p.extra.invoice_id ?? null,
    ip: null,
    callback_url: null,
    created_at: at,
    updated_at: at,
    metadata: p.reference ? { order_id: p.reference } : null,
    source: {
      type: 'creditcard',
      company: 'mada',
      name: 'Sandbox Card',
      number: '4201-32XX-XXXX-1010',
      message: p.status === 'failed' ? 'Insufficient Funds' : p.status === 'initiated' ? null : 'APPROVED',
      transaction_url: p.status === 'initiated' ? `https://api.moyasar.com/v1/transaction_auths/${p.id}/form` : null,
      gateway_id: `moyasar_ap_${p.id.slice(0, 8)}`,
      reference_number: p.id.slice(-12),
    },
  };
}

export const moyasarSimulator: GatewaySimulator = {
  id: 'moyasar',
  defaultStatuses: ['paid'],
  newPaymentId: () => randomUUID(),

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'moyasar', {
      authorize: (request) => {
        const basic = basicOf(request);
        return basic?.user === SANDBOX_CREDENTIALS.moyasar.secret_key && basic.password === '';
      },
      unauthorized: (reply) => reply.code(401).send({ type: 'authentication_error', message: 'Invalid authorization credentials', errors: null }),
      rateLimited: (reply) => reply.code(429).send({ type: 'rate_limit_error', message: 'Too many requests', errors: null }),
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/v1/payments', async (request, reply) => {
      const checked = checkAgainst(MoyasarListQuery, plainQuery(request.query));
      if (!checked.ok) return reply.code(400).send({ type: 'invalid_request_error', message: 'Validation Failed', errors: { [checked.path || 'query']: [checked.message] } });
      const q = checked.data;
      const page = q.page === undefined ? 1 : Number(q.page);
      const time = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
      const [gt, lt] = [time(q['created[gt]']), time(q['created[lt]'])];
      const all = newestFirst(ctx, 'moyasar').filter((p) => {
        const t = p.createdAt.getTime();
        return (gt === undefined || t > gt) && (lt === undefined || t < lt) && (!q.status || p.status === q.status) && (!q.id || p.id === q.id);
      });
      const totalPages = Math.max(1, Math.ceil(all.length / MOYASAR_PAGE_SIZE));
      const items = all.slice((page - 1) * MOYASAR_PAGE_SIZE, page * MOYASAR_PAGE_SIZE);
      return {
        payments: items.map(wirePayment),
        meta: { current_page: page, next_page: page < totalPages ? page + 1 : null, prev_page: page > 1 ? page - 1 : null, total_pages: totalPages, total_count: all.length },
      };
    });

    app.get<{ Params: { id: string } }>('/v1/payments/:id', async (request, reply) => {
      const p = simState(ctx, 'moyasar').payments.get(request.params.id);
      if (!p) return reply.code(404).send({ type: 'api_error', message: 'Object not found', errors: null });
      return wirePayment(p);
    });
  },

  webhookFor(payment, ctx, tamper) {
    const event = {
      id: randomUUID(),
      type: WEBHOOK_TYPES[payment.status] ?? 'payment_paid',
      created_at: ctx.now().toISOString(),
      secret_token: tamper ? 'not-the-secret-token' : SANDBOX_CREDENTIALS.moyasar.webhook_secret_token,
      account_name: 'PayDesk Demo Store',
      live: false,
      data: wirePayment(payment),
    };
    return { body: JSON.stringify(event), headers: {} };
  },
};
