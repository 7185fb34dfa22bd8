import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// Stripe PaymentIntents as PayDesk reads them. Sources:
//   OAS  = stripe/openapi openapi/spec3.json (paths./v1/payment_intents, components.schemas.payment_intent, .charge, .error)
//   DOCS = docs.stripe.com/api/payment_intents/list, /api/errors, /webhooks#verify-manually
// Details and the mapping to PayDesk statuses: docs/providers/stripe.md

const unixSeconds = z.string().regex(/^\d{1,12}$/, 'must be a Unix timestamp in seconds');
const objectId = z.string().min(1).max(5000); // OAS: starting_after/ending_before maxLength 5000

/** GET /v1/payment_intents query. OAS: every parameter is optional; unknown ones are refused ("Received unknown parameter"). */
export const StripeListQuery = z
  .object({
    // OAS: limit integer, 1–100 (DOCS: default 10)
    limit: z.string().regex(/^\d+$/, 'must be an integer').refine((v) => Number(v) >= 1 && Number(v) <= 100, 'must be between 1 and 100').optional(),
    // OAS: created is a range object (gt, gte, lt, lte), integers
    'created[gt]': unixSeconds.optional(),
    'created[gte]': unixSeconds.optional(),
    'created[lt]': unixSeconds.optional(),
    'created[lte]': unixSeconds.optional(),
    created: unixSeconds.optional(),
    customer: z.string().max(5000).optional(),
    starting_after: objectId.optional(),
    ending_before: objectId.optional(),
    // OAS: expand is an array of strings (deepObject, sent as expand[])
    'expand[]': z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

/** GET /v1/payment_intents/{id} query. */
export const StripeRetrieveQuery = z.object({ 'expand[]': z.union([z.string(), z.array(z.string())]).optional() }).strict();

/** OAS components.schemas.payment_intent.status enum. */
export const STRIPE_PI_STATUSES = ['canceled', 'processing', 'requires_action', 'requires_capture', 'requires_confirmation', 'requires_payment_method', 'succeeded'] as const;

/** The charge as `latest_charge` expands to (OAS components.schemas.charge; only fields a PayDesk reader may see). */
export const StripeCharge = z
  .object({
    id: z.string().startsWith('ch_'),
    object: z.literal('charge'),
    amount: z.number().int().nonnegative(),
    amount_captured: z.number().int().nonnegative(),
    amount_refunded: z.number().int().nonnegative(), // what PayDesk reads for refunds
    captured: z.boolean(),
    created: z.number().int(),
    currency: z.string().regex(/^[a-z]{3}$/),
    livemode: z.boolean(),
    paid: z.boolean(),
    payment_intent: z.string().nullable(),
    refunded: z.boolean(),
    status: z.enum(['failed', 'pending', 'succeeded']),
  })
  .strict();

/** OAS components.schemas.payment_intent (the documented fields the simulator sends; undocumented ones fail). */
export const StripePaymentIntent = z
  .object({
    id: z.string().startsWith('pi_'),
    object: z.literal('payment_intent'),
    amount: z.number().int().nonnegative(), // integer minor units (DOCS)
    amount_capturable: z.number().int().nonnegative(),
    amount_received: z.number().int().nonnegative(),
    canceled_at: z.number().int().nullable(),
    cancellation_reason: z.enum(['abandoned', 'automatic', 'duplicate', 'expired', 'failed_invoice', 'fraudulent', 'requested_by_customer', 'void_invoice']).nullable(),
    capture_method: z.enum(['automatic', 'automatic_async', 'manual']),
    created: z.number().int(), // Unix seconds
    currency: z.string().regex(/^[a-z]{3}$/), // lower-case ISO code
    customer: z.string().nullable(),
    description: z.string().nullable(),
    last_payment_error: z.object({ code: z.string().optional(), message: z.string().optional(), type: z.string() }).nullable(),
    latest_charge: z.union([z.string(), StripeCharge]).nullable(), // id, or the object when expanded
    livemode: z.boolean(),
    metadata: z.record(z.string(), z.string()),
    payment_method: z.string().nullable(),
    payment_method_types: z.array(z.string()),
    status: z.enum(STRIPE_PI_STATUSES),
  })
  .strict();
export type StripePaymentIntentT = z.infer<typeof StripePaymentIntent>;

/** List envelope. OAS: object "list", data, has_more, url (all required). */
export const StripeList = z.object({ object: z.literal('list'), data: z.array(StripePaymentIntent), has_more: z.boolean(), url: z.string() }).strict();

/** OAS components.schemas.error: {error:{type, message, code?, param?, doc_url?}}. */
export const StripeError = z
  .object({
    error: z
      .object({
        type: z.enum(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error']),
        message: z.string(),
        code: z.string().optional(),
        param: z.string().optional(),
        doc_url: z.string().optional(),
      })
      .strict(),
  })
  .strict();

/** Event as delivered to a webhook endpoint (OAS components.schemas.event). */
export const StripeEvent = z
  .object({
    id: z.string().startsWith('evt_'),
    object: z.literal('event'),
    api_version: z.string().nullable(),
    created: z.number().int(),
    data: z.object({ object: StripePaymentIntent }).strict(),
    livemode: z.boolean(),
    pending_webhooks: z.number().int(),
    request: z.object({ id: z.string().nullable(), idempotency_key: z.string().nullable() }).strict().nullable(),
    type: z.string().regex(/^payment_intent\./),
  })
  .strict();

/** DOCS /webhooks#verify-manually: `t=<unix>,v1=<hex HMAC-SHA256 of "t.rawBody">` (several v1 allowed). */
export const STRIPE_SIGNATURE_HEADER = /^t=\d+(,v\d+=[0-9a-f]+)+$/;
/** DOCS: the official libraries' default tolerance, seconds either way. */
export const STRIPE_WEBHOOK_TOLERANCE_S = 300;

export const STRIPE_ROUTES: readonly GatewayRoute[] = [
  { method: 'GET', path: /^\/v1\/payment_intents$/, source: 'OAS paths./v1/payment_intents.get', query: StripeListQuery, ok: StripeList, error: StripeError },
  { method: 'GET', path: /^\/v1\/payment_intents\/[^/]+$/, source: 'OAS paths./v1/payment_intents/{intent}.get', query: StripeRetrieveQuery, ok: StripePaymentIntent, error: StripeError },
];
