import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { formatMinor, parseAmountToMinor } from '../../../shared/money';
import { captureInput, createPaylinkInput, listPaylinksInput, refundInput } from '../../../shared/schemas';
import type { PaylinkView } from '../../../shared/views';
import type { Engine } from '../../engine';
import { headerValue, objectBody, parseWith } from '../http';

const API_ACTOR = { kind: 'api' } as const;
const LEGACY_PROVIDERS = ['tabby', 'tamara', 'mispay'] as const;

function pendingStatus(view: PaylinkView): number {
  return view.pending_command ? 202 : 200;
}

/** Seed 001: the unified paylinks API. Response shapes follow the seed's examples. */
export function registerPaylinkRoutes(app: FastifyInstance, engine: Engine): void {
  const p = engine.paylinks;

  app.post('/api/v1/providers/paylinks', async (request, reply) => {
    const input = parseWith(createPaylinkInput, objectBody(request));
    const key = headerValue(request, 'idempotency-key');
    if (key !== undefined && !/^[\w.:\-]{1,128}$/.test(key)) throw new AppError('validation_failed', 'Idempotency-Key may hold up to 128 letters, digits and . _ - :', { field: 'Idempotency-Key' });
    const view = await p.create(input, API_ACTOR, key);
    // A lost answer: the paylink is recorded and PayDesk is checking with the provider (202, status unknown).
    const checking = view.pending_command === 'create';
    return reply.code(checking ? 202 : 201).send({
      success: true,
      provider: view.provider,
      paylink_id: view.id,
      session_id: view.session_id,
      payment_id: view.payment_id,
      checkout_url: view.checkout_url,
      qr_code_url: view.qr_code_url,
      status: view.status,
      order_id: view.order_id,
      amount: view.amount,
      currency: view.currency,
      provider_status: view.provider_status,
      expires_at: view.expires_at,
      sms_sent_to: view.sms_sent_to,
      pending_command: view.pending_command,
      can: view.can,
      ...(checking
        ? {
            message: `${view.provider} did not confirm the create; PayDesk is checking with ${view.provider} by this paylink's reference. Poll GET /api/v1/providers/paylinks/${view.id} or repeat the request with the same Idempotency-Key; do not start another paylink for this order.`,
          }
        : {}),
    });
  });

  app.get('/api/v1/providers/paylinks', async (request) => {
    const q = parseWith(listPaylinksInput, request.query);
    return p.list(q);
  });

  app.get<{ Params: { id: string } }>('/api/v1/providers/paylinks/:id', async (request) => p.get(request.params.id));

  app.post<{ Params: { id: string } }>('/api/v1/providers/paylinks/:id/capture', async (request, reply) => {
    const input = parseWith(captureInput, objectBody(request));
    const { amount_minor, captured_minor, currency } = await p.get(request.params.id, { refresh: false });
    const requested = input.amount === undefined ? amount_minor - captured_minor : parseAmountToMinor(input.amount, currency);
    const view = await p.capture(request.params.id, input, API_ACTOR);
    return reply.code(pendingStatus(view)).send({
      success: true,
      provider: view.provider,
      paylink_id: view.id,
      payment_id: view.payment_id,
      status: view.pending_command ? 'capture_pending' : view.provider_status,
      amount: formatMinor(Math.max(requested, 0) || view.captured_minor, view.currency),
      paylink_status: view.status,
      captured_amount: view.captured_amount,
      reference_id: input.reference_id ?? null,
    });
  });

  app.post<{ Params: { id: string } }>('/api/v1/providers/paylinks/:id/cancel', async (request, reply) => {
    objectBody(request);
    const view = await p.cancel(request.params.id, API_ACTOR);
    return reply.code(pendingStatus(view)).send({ success: true, paylink_id: view.id, provider: view.provider, status: view.pending_command ? 'cancel_pending' : view.status });
  });

  app.post<{ Params: { id: string } }>('/api/v1/providers/paylinks/:id/refund', async (request, reply) => {
    const input = parseWith(refundInput, objectBody(request));
    const before = await p.get(request.params.id, { refresh: false });
    const requested = input.amount === undefined ? before.captured_minor - before.refunded_minor : parseAmountToMinor(input.amount, before.currency);
    const view = await p.refund(request.params.id, input, API_ACTOR);
    return reply.code(pendingStatus(view)).send({
      success: true,
      provider: view.provider,
      paylink_id: view.id,
      payment_id: view.payment_id,
      status: view.pending_command ? 'refund_pending' : view.status,
      provider_status: view.provider_status,
      amount: formatMinor(Math.max(requested, 0) || view.refunded_minor, view.currency),
      refunded_amount: view.refunded_amount,
      reference_id: input.reference_id ?? null,
    });
  });

  app.get<{ Params: { id: string } }>('/api/v1/providers/paylinks/:id/events', async (request) => ({ events: p.timeline(request.params.id) }));

  // Removed legacy per-provider routes answer 410 with their replacement.
  for (const provider of LEGACY_PROVIDERS) {
    const gone = (replacement: string, what: string) => async () => {
      throw new AppError('gone', `${what} was permanently removed. Use ${replacement}.`, { replacement });
    };
    app.post(`/api/v1/${provider}/paylinks`, gone(`POST /api/v1/providers/paylinks with "provider": "${provider}"`, `POST /api/v1/${provider}/paylinks`));
    app.get(`/api/v1/${provider}/paylinks`, gone(`GET /api/v1/providers/paylinks?provider=${provider}`, `GET /api/v1/${provider}/paylinks`));
    app.get(`/api/v1/${provider}/paylinks/:id`, gone('GET /api/v1/providers/paylinks/{id}', `GET /api/v1/${provider}/paylinks/{id}`));
    app.post(`/api/v1/${provider}/paylinks/:id/capture`, gone('POST /api/v1/providers/paylinks/{id}/capture', `POST /api/v1/${provider}/paylinks/{id}/capture`));
    app.post(`/api/v1/${provider}/paylinks/:id/cancel`, gone('POST /api/v1/providers/paylinks/{id}/cancel', `POST /api/v1/${provider}/paylinks/{id}/cancel`));
  }
}
