import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// PayPal as PayDesk reads it. Sources:
//   AUTH   = developer.paypal.com/api/rest/authentication (client credentials)
//   SEARCH = api-evangelist/paypal openapi/paypal-reporting-transactions-openapi-original.yml; developer.paypal.com/docs/api/transaction-search/v1
//   ORDERS = developer.paypal.com/docs/api/orders/v2 (GET /v2/checkout/orders/{id}); /docs/api/payments/v2 (GET captures/{id})
//   HOOKS  = developer.paypal.com/docs/api/webhooks/v1 (verify-webhook-signature); paypal/PayPal-node-SDK#412,
//            paypal/PayPal-NET-SDK#353, paypal/PayPal-Python-SDK#175 (the event must go back byte for byte)
//   ERR    = developer.paypal.com/api/rest/responses (name, message, debug_id, details[])
// Details and the mapping to PayDesk statuses: docs/providers/paypal.md

export const PAYPAL_MAX_SEARCH_RANGE_MS = 31 * 24 * 3600_000; // SEARCH: at most 31 days
export const PAYPAL_MAX_PAGE_SIZE = 500; // SEARCH: page_size 1–500

const money = z.object({ currency_code: z.string().regex(/^[A-Z]{3}$/), value: z.string().regex(/^-?\d+(\.\d+)?$/) }).strict();
// SEARCH: "RFC 3339 with seconds", e.g. 2014-07-01T00:00:00-0700 or ...Z
const rfc3339 = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/, 'must be an RFC 3339 time with seconds');

/** POST /v1/oauth2/token form. AUTH: grant_type=client_credentials, Basic client_id:secret. */
export const PayPalTokenForm = z.object({ grant_type: z.literal('client_credentials') }).strict();
export const PayPalToken = z
  .object({ scope: z.string(), access_token: z.string().min(1), token_type: z.literal('Bearer'), app_id: z.string(), expires_in: z.number().int().positive(), nonce: z.string() })
  .strict();
/** AUTH: OAuth failures use the OAuth error shape, not the REST one. */
export const PayPalOAuthError = z.object({ error: z.string(), error_description: z.string() }).strict();

/** GET /v1/reporting/transactions query. SEARCH: start_date and end_date required, the rest optional. */
export const PayPalSearchQuery = z
  .object({
    start_date: rfc3339,
    end_date: rfc3339,
    transaction_id: z.string().optional(),
    transaction_type: z.string().optional(),
    transaction_status: z.enum(['D', 'P', 'S', 'V']).optional(),
    transaction_amount: z.string().optional(),
    transaction_currency: z.string().optional(),
    payment_instrument_type: z.string().optional(),
    store_id: z.string().optional(),
    terminal_id: z.string().optional(),
    fields: z.string().optional(),
    balance_affecting_records_only: z.enum(['Y', 'N']).optional(),
    page_size: z.string().regex(/^\d+$/).refine((v) => Number(v) >= 1 && Number(v) <= PAYPAL_MAX_PAGE_SIZE, 'must be 1-500').optional(),
    page: z.string().regex(/^[1-9]\d*$/, 'must be 1 or more').optional(),
  })
  .strict();

export const PayPalTransactionDetail = z
  .object({
    transaction_info: z
      .object({
        paypal_account_id: z.string().optional(),
        transaction_id: z.string(),
        paypal_reference_id: z.string().optional(),
        paypal_reference_id_type: z.string().optional(),
        transaction_event_code: z.string(),
        transaction_initiation_date: z.string(),
        transaction_updated_date: z.string(),
        transaction_amount: money,
        fee_amount: money.optional(),
        transaction_status: z.enum(['D', 'P', 'S', 'V']),
        invoice_id: z.string().optional(),
        custom_field: z.string().optional(),
      })
      .strict(),
  })
  .strict();

/** SEARCH response. Paging is page/total_pages (there is no has_more). */
export const PayPalSearchResponse = z
  .object({
    transaction_details: z.array(PayPalTransactionDetail),
    account_number: z.string(),
    start_date: z.string(),
    end_date: z.string(),
    last_refreshed_datetime: z.string(),
    page: z.number().int().positive(),
    total_items: z.number().int().nonnegative(),
    total_pages: z.number().int().nonnegative(),
    links: z.array(z.object({ href: z.string(), rel: z.string(), method: z.string().optional() }).strict()),
  })
  .strict();

/** ORDERS: capture status enum (what PayPal says to check before fulfilling). */
export const PAYPAL_CAPTURE_STATUSES = ['COMPLETED', 'DECLINED', 'PARTIALLY_REFUNDED', 'PENDING', 'REFUNDED', 'FAILED'] as const;
export const PAYPAL_ORDER_STATUSES = ['CREATED', 'SAVED', 'APPROVED', 'VOIDED', 'COMPLETED', 'PAYER_ACTION_REQUIRED'] as const;
export const PAYPAL_AUTHORIZATION_STATUSES = ['CREATED', 'CAPTURED', 'DENIED', 'PARTIALLY_CAPTURED', 'VOIDED', 'PENDING', 'EXPIRED'] as const;

export const PayPalCapture = z
  .object({
    id: z.string(),
    status: z.enum(PAYPAL_CAPTURE_STATUSES),
    amount: money,
    final_capture: z.boolean(),
    invoice_id: z.string().optional(),
    custom_id: z.string().optional(),
    create_time: z.string(),
    update_time: z.string(),
    supplementary_data: z.object({ related_ids: z.object({ order_id: z.string() }).strict() }).strict().optional(),
  })
  .strict();

const authorization = z.object({ id: z.string(), status: z.enum(PAYPAL_AUTHORIZATION_STATUSES), amount: money, create_time: z.string() }).strict();
const refund = z.object({ id: z.string(), status: z.enum(['CANCELLED', 'FAILED', 'PENDING', 'COMPLETED']), amount: money }).strict();

export const PayPalOrder = z
  .object({
    id: z.string(),
    intent: z.enum(['CAPTURE', 'AUTHORIZE']),
    status: z.enum(PAYPAL_ORDER_STATUSES),
    create_time: z.string(),
    purchase_units: z
      .array(
        z
          .object({
            reference_id: z.string(),
            invoice_id: z.string().optional(),
            custom_id: z.string().optional(),
            amount: money,
            payments: z.object({ captures: z.array(PayPalCapture).optional(), authorizations: z.array(authorization).optional(), refunds: z.array(refund).optional() }).strict().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** HOOKS: every field is required. `webhook_event` must be the event exactly as PayPal sent it. */
export const PayPalVerifyBody = z
  .object({
    auth_algo: z.string().min(1),
    cert_url: z.string().url(),
    transmission_id: z.string().min(1),
    transmission_sig: z.string().min(1),
    transmission_time: z.string().min(1),
    webhook_id: z.string().min(1),
    webhook_event: z.record(z.string(), z.unknown()),
  })
  .strict();
export const PayPalVerifyResponse = z.object({ verification_status: z.enum(['SUCCESS', 'FAILURE']) }).strict();

/** HOOKS: the PAYPAL-* headers that carry the transmission; their values go into the verify body. */
export const PAYPAL_TRANSMISSION_HEADERS = {
  auth_algo: 'paypal-auth-algo',
  cert_url: 'paypal-cert-url',
  transmission_id: 'paypal-transmission-id',
  transmission_sig: 'paypal-transmission-sig',
  transmission_time: 'paypal-transmission-time',
} as const;

export const PayPalWebhookEvent = z
  .object({
    id: z.string().startsWith('WH-'),
    event_version: z.string(),
    create_time: z.string(),
    resource_type: z.string(),
    event_type: z.string(),
    summary: z.string(),
    resource: z.union([PayPalCapture, PayPalOrder]),
  })
  .strict();

/** ERR: the REST error body. */
export const PayPalError = z
  .object({
    name: z.string(),
    message: z.string(),
    debug_id: z.string(),
    details: z.array(z.object({ field: z.string().optional(), location: z.string().optional(), issue: z.string(), description: z.string().optional() }).strict()).optional(),
  })
  .strict();

const anyError = z.union([PayPalError, PayPalOAuthError]);

export const PAYPAL_ROUTES: readonly GatewayRoute[] = [
  { method: 'POST', path: /^\/v1\/oauth2\/token$/, source: 'AUTH', body: PayPalTokenForm, ok: PayPalToken, error: anyError },
  { method: 'GET', path: /^\/v1\/reporting\/transactions$/, source: 'SEARCH', query: PayPalSearchQuery, ok: PayPalSearchResponse, error: anyError },
  { method: 'GET', path: /^\/v2\/checkout\/orders\/[^/]+$/, source: 'ORDERS', ok: PayPalOrder, error: anyError },
  { method: 'GET', path: /^\/v2\/payments\/captures\/[^/]+$/, source: 'ORDERS (payments v2)', ok: PayPalCapture, error: anyError },
  { method: 'POST', path: /^\/v1\/notifications\/verify-webhook-signature$/, source: 'HOOKS', body: PayPalVerifyBody, ok: PayPalVerifyResponse, error: anyError },
];
