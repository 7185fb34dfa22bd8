import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { confirmPaymentOrderInput, createPaymentOrderInput } from '../../../shared/schemas';
import type { Engine } from '../../engine';
import { headerValue, objectBody, parseWith } from '../http';

const API_ACTOR = { kind: 'api' } as const;

/** Seed 000: payment orders. Response shapes follow the seed's examples. */
export function registerPaymentOrderRoutes(app: FastifyInstance, engine: Engine): void {
  const orders = engine.paymentOrders;

  app.post('/api/v1/payments/orders', async (request, reply) => {
    const body = objectBody(request);
    // Checked before the schema so an integrator on the old field learns what to change, not just "providers is required".
    if (Object.hasOwn(body, 'requested_platforms')) {
      throw new AppError('field_renamed', 'The field requested_platforms was renamed to providers. Send the same list as "providers".', {
        field: 'requested_platforms',
        replacement: 'providers',
      });
    }
    const input = parseWith(createPaymentOrderInput, body);
    const key = headerValue(request, 'idempotency-key');
    if (key !== undefined && !/^[\w.:\-]{1,128}$/.test(key)) {
      throw new AppError('validation_failed', 'Idempotency-Key may hold up to 128 letters, digits and . _ - :', { field: 'Idempotency-Key' });
    }
    const { order, replayed } = orders.create(input, API_ACTOR, key);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(replayed ? 200 : 201).send({ success: true, message: 'payment order created and pending gateway execution', data: order });
  });

  app.get<{ Params: { id: string } }>('/api/v1/payments/orders/:id', async (request) => orders.snapshot(request.params.id));

  app.get<{ Params: { id: string } }>('/api/v1/payments/orders/:id/events', async (request) => ({ events: orders.timeline(request.params.id) }));

  app.post<{ Params: { id: string } }>('/api/v1/payments/orders/:id/confirm', async (request) => {
    const { provider } = parseWith(confirmPaymentOrderInput, objectBody(request));
    return { success: true, message: 'payment confirmed and captured', data: orders.confirm(request.params.id, provider, API_ACTOR) };
  });
}
