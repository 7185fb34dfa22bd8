import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatMinor } from '../../../shared/money';
import { PAYPAL_MAX_SEARCH_RANGE_MS, PayPalSearchQuery, PayPalTokenForm, PayPalVerifyBody } from '../../providers/contracts/paypal';
import type { SandboxContext } from '../core';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { checkAgainst, plainQuery } from './contract';
import { jsonMemberText, spacedJson } from './rawJson';
import { basicOf, bearerOf, installApiGuard, simState, type GatewaySimulator, type SimPayment } from './state';

// PayPal simulator: OAuth2 client-credentials tokens that expire, Transaction Search (≤31 days,
// page/total_pages, captures only), Orders v2 and Payments v2 captures, and the
// verify-webhook-signature call, which says SUCCESS only for notifications this sandbox signed —
// over the event's exact bytes, as PayPal does: an event parsed and serialized again no longer matches.
// Requests are held to main/providers/contracts/paypal.ts.
// A simulated payment is an order; its status is "kind:STATUS" with kind capture|authorization|order.

export const PAYPAL_TOKEN_TTL_S = 32_400;
const CAPTURE_STATUSES = ['COMPLETED', 'PENDING', 'DECLINED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'];
const ORDER_ONLY_STATUSES = ['CREATED', 'SAVED', 'APPROVED', 'PAYER_ACTION_REQUIRED', 'VOIDED'];
const SEARCH_LETTER: Record<string, string> = { COMPLETED: 'S', PARTIALLY_REFUNDED: 'S', PENDING: 'P', DECLINED: 'D', FAILED: 'D', REFUNDED: 'V' };

function split(p: SimPayment): { kind: string; status: string } {
  const [kind = 'capture', status = ''] = p.status.split(':');
  return { kind, status };
}
const captureIdOf = (p: SimPayment) => p.extra.capture_id ?? `3C${p.id.slice(2)}`;
const authorizationIdOf = (p: SimPayment) => `0A${p.id.slice(2)}`;
const money = (p: SimPayment, minor = p.amountMinor) => ({ currency_code: p.currency, value: p.extra.wire_amount ?? formatMinor(minor, p.currency) });
/** PayPal writes offsets as +0000. */
const paypalTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+0000');

function wireCapture(p: SimPayment) {
  const { status } = split(p);
  return {
    id: captureIdOf(p),
    status,
    amount: money(p),
    final_capture: true,
    ...(p.reference ? { invoice_id: p.reference, custom_id: p.reference } : {}),
    create_time: p.createdAt.toISOString(),
    update_time: p.createdAt.toISOString(),
    supplementary_data: { related_ids: { order_id: p.id } },
  };
}

function wireOrder(p: SimPayment) {
  const { kind, status } = split(p);
  const payments =
    kind === 'capture'
      ? { captures: [wireCapture(p)], refunds: p.refundedMinor > 0 ? [{ id: `RF${p.id.slice(2)}`, status: 'COMPLETED', amount: money(p, p.refundedMinor) }] : [] }
      : kind === 'authorization'
        ? { authorizations: [{ id: authorizationIdOf(p), status, amount: money(p), create_time: p.createdAt.toISOString() }] }
        : undefined;
  return {
    id: p.id,
    intent: kind === 'authorization' ? 'AUTHORIZE' : 'CAPTURE',
    status: kind === 'order' ? status : 'COMPLETED',
    create_time: p.createdAt.toISOString(),
    purchase_units: [{ reference_id: 'default', ...(p.reference ? { invoice_id: p.reference, custom_id: p.reference } : {}), amount: money(p), ...(payments ? { payments } : {}) }],
  };
}

function searchRow(p: SimPayment) {
  return {
    transaction_info: {
      paypal_account_id: 'SANDBOXACCT01',
      transaction_id: captureIdOf(p),
      transaction_event_code: 'T0006',
      transaction_initiation_date: paypalTime(p.createdAt),
      transaction_updated_date: paypalTime(p.createdAt),
      transaction_amount: money(p),
      transaction_status: SEARCH_LETTER[split(p).status] ?? 'P',
      ...(p.reference ? { invoice_id: p.reference, custom_field: p.reference } : {}),
    },
  };
}

function tokens(ctx: SandboxContext): Map<string, number> {
  const data = simState(ctx, 'paypal').data;
  if (!data.has('tokens')) data.set('tokens', new Map<string, number>());
  return data.get('tokens') as Map<string, number>;
}

/** Stands in for PayPal's certificate: only this sandbox can produce a signature it accepts. */
function signingKey(ctx: SandboxContext): Buffer {
  const data = simState(ctx, 'paypal').data;
  if (!data.has('signingKey')) data.set('signingKey', randomBytes(32));
  return data.get('signingKey') as Buffer;
}

function transmissionSignature(ctx: SandboxContext, id: string, time: string, webhookId: string, eventText: string): string {
  const digest = createHash('sha256').update(eventText, 'utf8').digest('hex');
  return createHmac('sha256', signingKey(ctx)).update(`${id}|${time}|${webhookId}|${digest}`).digest('base64');
}

const paypalError = (name: string, message: string, issue?: string, field?: string) => ({
  name,
  message,
  debug_id: randomUUID().replace(/-/g, '').slice(0, 13),
  ...(issue ? { details: [{ ...(field ? { field, location: 'query' } : {}), issue }] } : {}),
});
const NOT_WELL_FORMED = 'Request is not well-formed, syntactically incorrect, or violates schema.';

const rawBodies = new WeakMap<FastifyRequest, string>();

export const paypalSimulator: GatewaySimulator = {
  id: 'paypal',
  defaultStatuses: ['capture:COMPLETED'],
  newPaymentId: (ctx) => ctx.newId('').slice(0, 17).toUpperCase(),
  normalizeStatus(status) {
    if (status.includes(':')) return status;
    return ORDER_ONLY_STATUSES.includes(status) && !CAPTURE_STATUSES.includes(status) ? `order:${status}` : `capture:${status}`;
  },

  register(app: FastifyInstance, ctx: SandboxContext) {
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    }
    // A body that is not JSON is answered the way PayPal answers it, not in fastify's own format.
    app.setErrorHandler((err: { statusCode?: number }, _request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      return reply.code(status).send(status === 500 ? paypalError('INTERNAL_SERVICE_ERROR', 'An internal server error has occurred.') : paypalError('MALFORMED_REQUEST_JSON', NOT_WELL_FORMED, 'MALFORMED_REQUEST_JSON'));
    });
    // The verify call is checked against the bytes it carried, so keep them next to the parsed body.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      try {
        rawBodies.set(request, body as string);
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('MALFORMED_REQUEST_JSON'), { statusCode: 400 }), undefined);
      }
    });
    const isTokenCall = (request: FastifyRequest) => request.url.split('?')[0]?.endsWith('/v1/oauth2/token') ?? false;
    installApiGuard(app, ctx, 'paypal', {
      authorize(request) {
        if (isTokenCall(request)) {
          const basic = basicOf(request);
          return basic?.user === SANDBOX_CREDENTIALS.paypal.client_id && basic.password === SANDBOX_CREDENTIALS.paypal.client_secret;
        }
        const expiresAt = tokens(ctx).get(bearerOf(request) ?? '');
        return expiresAt !== undefined && expiresAt > ctx.now().getTime();
      },
      unauthorized: (reply) => reply.code(401).send({ error: 'invalid_token', error_description: 'Token signature verification failed' }),
      rateLimited: (reply) => reply.code(429).send(paypalError('RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.')),
    });

    app.post<{ Body: Record<string, string> | undefined }>('/v1/oauth2/token', async (request, reply) => {
      simState(ctx, 'paypal').stats.token_requests++;
      const checked = checkAgainst(PayPalTokenForm, request.body);
      if (!checked.ok) return reply.code(400).send({ error: 'unsupported_grant_type', error_description: request.body?.grant_type ? `Grant Type ${request.body.grant_type} is not supported` : 'Grant Type is NULL' });
      const token = `A21AA${randomBytes(24).toString('base64url')}`;
      tokens(ctx).set(token, ctx.now().getTime() + PAYPAL_TOKEN_TTL_S * 1000);
      return { scope: 'https://uri.paypal.com/services/reporting/search/read', access_token: token, token_type: 'Bearer', app_id: 'APP-SANDBOX', expires_in: PAYPAL_TOKEN_TTL_S, nonce: randomUUID() };
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/v1/reporting/transactions', async (request, reply) => {
      const checked = checkAgainst(PayPalSearchQuery, plainQuery(request.query));
      if (!checked.ok) return reply.code(400).send(paypalError('INVALID_REQUEST', NOT_WELL_FORMED, checked.message, checked.path || undefined));
      const q = checked.data;
      const start = Date.parse(q.start_date.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      const end = Date.parse(q.end_date.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      if (end - start > PAYPAL_MAX_SEARCH_RANGE_MS || end < start) return reply.code(400).send(paypalError('INVALID_REQUEST', NOT_WELL_FORMED, 'Date range is greater than 31 days', 'end_date'));
      const pageSize = q.page_size === undefined ? 100 : Number(q.page_size);
      const page = q.page === undefined ? 1 : Number(q.page);
      const rows = [...simState(ctx, 'paypal').payments.values()]
        .filter((p) => split(p).kind === 'capture' && p.createdAt.getTime() >= start && p.createdAt.getTime() <= end)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq);
      const totalPages = Math.max(1, Math.ceil(rows.length / pageSize));
      return {
        transaction_details: rows.slice((page - 1) * pageSize, page * pageSize).map(searchRow),
        account_number: 'SANDBOXACCT01',
        start_date: q.start_date,
        end_date: q.end_date,
        last_refreshed_datetime: paypalTime(new Date(ctx.now().getTime() - 3 * 3600_000)),
        page,
        total_items: rows.length,
        total_pages: totalPages,
        links: [],
      };
    });

    app.get<{ Params: { id: string } }>('/v2/checkout/orders/:id', async (request, reply) => {
      const p = simState(ctx, 'paypal').payments.get(request.params.id);
      if (!p) return reply.code(404).send(paypalError('RESOURCE_NOT_FOUND', 'The specified resource does not exist.', 'INVALID_RESOURCE_ID'));
      return wireOrder(p);
    });

    app.get<{ Params: { id: string } }>('/v2/payments/captures/:id', async (request, reply) => {
      const p = [...simState(ctx, 'paypal').payments.values()].find((x) => split(x).kind === 'capture' && captureIdOf(x) === request.params.id);
      if (!p) return reply.code(404).send(paypalError('RESOURCE_NOT_FOUND', 'The specified resource does not exist.', 'INVALID_RESOURCE_ID'));
      return wireCapture(p);
    });

    app.post('/v1/notifications/verify-webhook-signature', async (request, reply) => {
      const checked = checkAgainst(PayPalVerifyBody, request.body);
      if (!checked.ok) return reply.code(400).send(paypalError('VALIDATION_ERROR', 'Invalid request - see details', checked.message, checked.path || undefined));
      const b = checked.data;
      const eventText = jsonMemberText(rawBodies.get(request) ?? '', 'webhook_event');
      const expected = eventText === undefined ? undefined : transmissionSignature(ctx, b.transmission_id, b.transmission_time, b.webhook_id, eventText);
      const ok = expected !== undefined && b.transmission_sig === expected && b.webhook_id === SANDBOX_CREDENTIALS.paypal.webhook_id;
      return { verification_status: ok ? 'SUCCESS' : 'FAILURE' };
    });
  },

  webhookFor(payment, ctx, tamper) {
    const { kind, status } = split(payment);
    const event = {
      id: `WH-${randomUUID().toUpperCase()}`,
      event_version: '1.0',
      create_time: ctx.now().toISOString(),
      resource_type: kind === 'capture' ? 'capture' : 'checkout-order',
      event_type: kind === 'capture' ? `PAYMENT.CAPTURE.${status}` : `CHECKOUT.ORDER.${status}`,
      summary: `Payment ${status.toLowerCase()}`,
      resource: kind === 'capture' ? wireCapture(payment) : wireOrder(payment),
    };
    const transmissionId = randomUUID();
    const transmissionTime = ctx.now().toISOString();
    // PayPal's bodies are not in JSON.stringify's compact form; signing these exact bytes is what
    // makes a parse-and-serialize round trip on the receiving side fail, as it does against PayPal.
    const signedText = spacedJson(event);
    const signature = transmissionSignature(ctx, transmissionId, transmissionTime, SANDBOX_CREDENTIALS.paypal.webhook_id, signedText);
    const body = tamper ? spacedJson({ ...event, summary: `${event.summary} (altered)` }) : signedText;
    return {
      body,
      headers: {
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': transmissionTime,
        'paypal-transmission-sig': signature,
        'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-sandbox',
        'paypal-auth-algo': 'SHA256withRSA',
      },
    };
  },
};
