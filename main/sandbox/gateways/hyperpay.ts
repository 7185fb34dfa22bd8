import { createCipheriv, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatMinor } from '../../../shared/money';
import { HYPERPAY_NOT_FOUND_CODE, HyperPayQueryById, HyperPayQueryByReference } from '../../providers/contracts/hyperpay';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst, plainQuery } from './contract';
import { bearerOf, installApiGuard, simState, type GatewaySimulator, type SimPayment } from './state';

// HyperPay (OPPWA) simulator: GET /v3/query?entityId=&merchantTransactionId= (all transactions of
// one order) and GET /v3/query/{id}?entityId= (v1 paths answer too), Bearer token + entityId, and
// AES-256-GCM encrypted notifications. A simulated payment's status is its result.code.
// Queries are held to main/providers/contracts/hyperpay.ts: a reference shorter than 8 characters is
// refused with 400 200.300.404, an unknown one answered 404 700.400.580.

const REQUEST_OK = { code: '000.000.100', description: 'successful request' };
const NOT_FOUND = { code: HYPERPAY_NOT_FOUND_CODE, description: 'cannot find transaction' };
const invalidParameter = (message: string) => ({ code: '200.300.404', description: `invalid or missing parameter: ${message}` });

function wireTransaction(p: SimPayment) {
  const t = p.createdAt.toISOString();
  return {
    id: p.id,
    paymentType: p.extra.payment_type ?? 'DB',
    paymentBrand: 'MADA',
    amount: p.extra.wire_amount ?? formatMinor(p.amountMinor, p.currency),
    currency: p.currency,
    descriptor: `${p.id.slice(0, 4)}.${p.id.slice(4, 8)} PAYDESK DEMO`,
    ...(p.reference ? { merchantTransactionId: p.reference } : {}),
    result: { code: p.status, description: p.extra.result_description ?? 'sandbox transaction result' },
    card: { bin: '446404', last4Digits: '1010', holder: 'Sandbox Card', expiryMonth: '12', expiryYear: '2030' },
    risk: { score: '0' },
    buildNumber: 'sandbox@2024',
    // OPPWA's own format: "2019-09-18 13:29:15+0000"
    timestamp: `${t.slice(0, 10)} ${t.slice(11, 19)}+0000`,
    ndc: `${p.id.slice(0, 16)}_sandbox`,
  };
}

function envelope(extra: Record<string, unknown>) {
  return { ...extra, buildNumber: 'sandbox@2024', timestamp: new Date().toISOString(), ndc: 'sandbox' };
}

export const hyperpaySimulator: GatewaySimulator = {
  id: 'hyperpay',
  defaultStatuses: ['000.000.000'],
  newPaymentId: () => `8ac7a4a2${randomBytes(12).toString('hex')}`,

  register(app: FastifyInstance, ctx: SandboxContext) {
    installApiGuard(app, ctx, 'hyperpay', {
      authorize(request) {
        const entityId = (request.query as Record<string, string | undefined>).entityId;
        return bearerOf(request) === SANDBOX_CREDENTIALS.hyperpay.access_token && entityId === SANDBOX_CREDENTIALS.hyperpay.entity_id;
      },
      unauthorized: (reply) => reply.code(401).send(envelope({ result: { code: '800.900.300', description: 'invalid authentication information' } })),
      rateLimited: (reply) => reply.code(429).send(envelope({ result: { code: '800.120.100', description: 'Rejected by throttling.' } })),
    });

    for (const version of ['v1', 'v3']) {
      app.get(`/${version}/query`, async (request, reply) => {
        const checked = checkAgainst(HyperPayQueryByReference, plainQuery(request.query));
        if (!checked.ok) return reply.code(400).send(envelope({ result: invalidParameter(checked.message) }));
        const reference = checked.data.merchantTransactionId;
        const matches = [...simState(ctx, 'hyperpay').payments.values()].filter((p) => p.reference === reference).sort((a, b) => a.seq - b.seq);
        if (matches.length === 0) return reply.code(404).send(envelope({ result: NOT_FOUND }));
        return envelope({ result: REQUEST_OK, payments: matches.map(wireTransaction) });
      });
      app.get<{ Params: { id: string } }>(`/${version}/query/:id`, async (request, reply) => {
        const checked = checkAgainst(HyperPayQueryById, plainQuery(request.query));
        if (!checked.ok) return reply.code(400).send(envelope({ result: invalidParameter(checked.message) }));
        const p = simState(ctx, 'hyperpay').payments.get(request.params.id);
        if (!p) return reply.code(404).send(envelope({ result: NOT_FOUND }));
        return wireTransaction(p);
      });
    }
  },

  webhookFor(payment, _ctx, tamper) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(SANDBOX_CREDENTIALS.hyperpay.webhook_secret, 'hex'), iv);
    const plaintext = JSON.stringify({ type: 'PAYMENT', payload: wireTransaction(payment) });
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    if (tamper) encrypted[0] = (encrypted[0] ?? 0) ^ 0xff;
    return {
      body: encrypted.toString('hex').toUpperCase(),
      headers: { 'content-type': 'text/plain', 'x-initialization-vector': iv.toString('hex').toUpperCase(), 'x-authentication-tag': cipher.getAuthTag().toString('hex').toUpperCase() },
    };
  },
};
