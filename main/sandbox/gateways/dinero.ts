import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatMinor } from '../../../shared/money';
import { DineroStatusBody } from '../../providers/contracts/dinero';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst } from './contract';
import { installApiGuard, simState, type GatewaySimulator, type SimPayment } from './state';

// Dinero Pay simulator. Dinero's API is undocumented; this follows the white-label "Checkout
// protocol" its public plugin uses: POST /api/v1/payment/status with merchant_key, payment_id and
// hash = sha1(md5(UPPER(payment_id + password))). There is deliberately no list endpoint.
// The body is held to main/providers/contracts/dinero.ts (all three fields, nothing else).

function checkoutHash(parts: readonly string[]): string {
  const md5 = createHash('md5').update((parts.join('') + SANDBOX_CREDENTIALS.dinero.merchant_password).toUpperCase()).digest('hex');
  return createHash('sha1').update(md5).digest('hex');
}

function order(p: SimPayment) {
  return { number: p.reference ?? `DP-${p.id.slice(0, 8)}`, amount: p.extra.wire_amount ?? formatMinor(p.amountMinor, p.currency), currency: p.currency, description: 'In-store sale' };
}

function wireStatus(p: SimPayment) {
  return { payment_id: p.id, date: p.createdAt.toISOString(), status: p.status, order: order(p) };
}

export const dineroSimulator: GatewaySimulator = {
  id: 'dinero',
  defaultStatuses: ['settled'],
  newPaymentId: () => randomUUID(),

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'dinero', {
      // Auth is in the body (merchant_key + hash); checked in the route where the body is parsed.
      authorize: () => true,
      unauthorized: (reply) => reply.code(401).send({ error_code: 0, error_message: 'Request data is invalid.' }),
      rateLimited: (reply) => reply.code(429).send({ error_code: 429, error_message: 'Too many requests' }),
    });

    app.post('/api/v1/payment/status', async (request, reply) => {
      const checked = checkAgainst(DineroStatusBody, request.body);
      if (!checked.ok) return reply.code(400).send({ error_code: 0, error_message: 'Request data is invalid.', errors: [{ error_code: 100000, error_message: checked.message }] });
      const b = checked.data;
      if (b.merchant_key !== SANDBOX_CREDENTIALS.dinero.merchant_key || b.hash !== checkoutHash([b.payment_id])) {
        return reply.code(401).send({ error_code: 0, error_message: 'Request data is invalid.', errors: [{ error_code: 100000, error_message: 'merchant_key or hash is invalid' }] });
      }
      const p = simState(ctx, 'dinero').payments.get(b.payment_id);
      if (!p) return reply.code(404).send({ error_code: 100000, error_message: 'Payment not found' });
      return wireStatus(p);
    });
  },

  webhookFor(payment, _ctx, tamper) {
    const o = order(payment);
    const hash = checkoutHash([payment.id, o.number, o.amount, o.currency, o.description]);
    const body = { id: payment.id, order_number: o.number, order_amount: tamper ? `${o.amount}1` : o.amount, order_currency: o.currency, order_description: o.description, status: payment.status, type: 'sale', hash };
    return { body: JSON.stringify(body), headers: {} };
  },
};
