import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { installFaults, type FaultConfig, type SandboxContext } from './core';
import { SANDBOX_CREDENTIALS } from './credentials';
import { BackofficeApiError, createBackofficeStore } from './backoffice-state';
import { confirmPaymentParams, createPaymentParams, describeIssues, idempotencyKeyHeader, paramsEnvelope, uidParam, updatePaymentParams } from './backoffice-schemas';

// Back-office simulator: seed 003's order-payments API (`/v1/om/payments`), mounted under `/backoffice`.
// Paths, headers, field names and the `{app, service, warnings, instanceId, requestId, data}` envelope
// follow the seed. PayDesk's extensions, so a retry never applies anything twice:
//   - `params.id` on create: a client-generated payment id; a repeated create returns the same id.
//   - `idempotency-key` header on any write: a repeated key replays instead of applying again.
// Control API (no auth, no faults): `/_control/faults`, `/_control/ledger`, `/_control/state`.

const FAULT_SCOPE = 'backoffice';
// Built once: zod compiles a schema on first use, far too slow to repeat per request.
const createBody = paramsEnvelope(createPaymentParams);
const updateBody = paramsEnvelope(updatePaymentParams);
const confirmBody = paramsEnvelope(confirmPaymentParams);
const APP_NAME = 'paydesk-backoffice-sandbox';
const SERVICE_NAME = 'om';

interface Warning {
  code: string;
  message: string;
}

export interface BackofficeEnvelope<T> {
  app: string;
  service: string;
  warnings: Warning[];
  instanceId: string;
  requestId: string;
  data: T;
  error?: { code: string; message: string; details?: unknown };
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { message, fields } = describeIssues(result.error);
  throw Object.assign(new BackofficeApiError(400, 'validation_failed', message), { fields });
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  return parse(idempotencyKeyHeader, raw);
}

export async function registerBackoffice(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const instanceId = `bo-${randomUUID().slice(0, 8)}`;
  const store = createBackofficeStore(() => ctx.now(), () => ctx.newId('pay_'));
  const credentials = SANDBOX_CREDENTIALS.backoffice;

  function envelope<T>(data: T, warnings: Warning[] = []): BackofficeEnvelope<T> {
    return { app: APP_NAME, service: SERVICE_NAME, warnings, instanceId, requestId: randomUUID(), data };
  }

  function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
    const body: BackofficeEnvelope<null> = { ...envelope(null, [{ code, message }]), error: details === undefined ? { code, message } : { code, message, details } };
    return reply.code(status).send(body);
  }

  await app.register(async (api) => {
    installFaults(api, ctx, FAULT_SCOPE);

    // Injected 503s and framework errors arrive without the envelope; every answer carries it.
    api.addHook('preSerialization', async (_request, reply, payload) => {
      if (reply.statusCode < 400 || (payload && typeof payload === 'object' && 'requestId' in payload)) return payload;
      const message = (payload as { error?: unknown } | null)?.error;
      const text = typeof message === 'string' ? message : 'The back office could not handle the request.';
      return { ...envelope(null, [{ code: 'service_error', message: text }]), error: { code: 'service_error', message: text } };
    });

    api.setErrorHandler((error, _request, reply) => {
      if (error instanceof BackofficeApiError) return sendError(reply, error.status, error.code, error.message, (error as { fields?: unknown }).fields);
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) {
        const code = status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : 'invalid_request';
        const reason = error instanceof Error ? error.message : 'malformed request';
        return sendError(reply, status, code, `The request could not be read: ${reason}. Send JSON shaped as {"params":{…}}.`);
      }
      return sendError(reply, 500, 'internal', 'The back office failed unexpectedly.');
    });

    api.addHook('preHandler', async (request, reply) => {
      if (!sameSecret(request.headers['api-key'], credentials.api_key)) {
        return sendError(reply, 401, 'unauthorized', 'The api-key header is missing or wrong.');
      }
      if (!sameSecret(request.headers['organization-id'], credentials.organization_id)) {
        return sendError(reply, 403, 'forbidden', 'The organization-id header is missing or this api-key may not act for that organization.');
      }
      return undefined;
    });

    api.post('/v1/om/payments', async (request) => {
      const { params } = parse(createBody, request.body);
      if (!store.hasMethod(params.methodId)) throw unknownMethod(params.methodId);
      const result = store.createPayment(params, idempotencyKeyOf(request));
      const warnings = result.duplicate ? [{ code: 'already_exists', message: `Payment ${result.id} already exists; nothing was changed.` }] : [];
      return envelope({ id: result.id }, warnings);
    });

    api.patch<{ Params: { uid: string } }>('/v1/om/payments/:uid', async (request) => {
      const uid = parse(uidParam, request.params.uid);
      const { params } = parse(updateBody, request.body);
      if (params.id !== undefined && params.id !== uid) throw new BackofficeApiError(400, 'validation_failed', `params.id (${params.id}) must match the payment in the path (${uid}).`);
      if (params.methodId !== undefined && !store.hasMethod(params.methodId)) throw unknownMethod(params.methodId);
      const result = store.updatePayment(uid, params, idempotencyKeyOf(request));
      return envelope({ success: true as const }, result.duplicate ? [{ code: 'no_change', message: 'The payment already had these values; nothing was changed.' }] : []);
    });

    api.patch<{ Params: { uid: string } }>('/v1/om/payments/:uid/confirm', async (request) => {
      const uid = parse(uidParam, request.params.uid);
      const { params } = parse(confirmBody, request.body ?? { params: {} });
      if (params.id !== undefined && params.id !== uid) throw new BackofficeApiError(400, 'validation_failed', `params.id (${params.id}) must match the payment in the path (${uid}).`);
      return envelope(store.confirmPayment(uid, params, idempotencyKeyOf(request)));
    });

    api.delete<{ Params: { uid: string } }>('/v1/om/payments/:uid', async (request) => {
      const uid = parse(uidParam, request.params.uid);
      return envelope(store.deletePayment(uid, idempotencyKeyOf(request)));
    });

    api.get<{ Querystring: { orderId?: unknown } }>('/v1/om/payments', async (request) => {
      const orderId = parse(uidParam, request.query.orderId);
      return envelope(store.paymentsForOrder(orderId));
    });
  });

  app.post('/_control/faults', async (request) => {
    ctx.setFaults(FAULT_SCOPE, (request.body ?? {}) as Partial<FaultConfig>);
    return { ok: true, faults: ctx.faultsFor(FAULT_SCOPE) };
  });
  app.delete('/_control/faults', async () => {
    ctx.clearFaults(FAULT_SCOPE);
    return { ok: true, faults: ctx.faultsFor(FAULT_SCOPE) };
  });
  app.get('/_control/ledger', async () => {
    const entries = store.ledger();
    return { entries, total: entries.length };
  });
  app.get('/_control/state', async () => {
    const payments = store.allPayments();
    return { payments, total: payments.length, paymentMethods: store.paymentMethods() };
  });
  app.delete('/_control/state', async () => {
    store.reset();
    return { ok: true };
  });
}

function unknownMethod(methodId: string): BackofficeApiError {
  return new BackofficeApiError(400, 'unknown_payment_method', `methodId ${methodId} is not a payment method of this organization.`);
}
