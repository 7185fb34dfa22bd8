import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// Moyasar payments as PayDesk reads them. Sources:
//   SDK  = moyasar/moyasar-php (src/Search.php, src/Payment.php, src/PaginationResult.php,
//          src/Providers/HttpClient.php, tests/raw-responses/payment/payment.json, payment_list.json)
//   DOCS = docs.moyasar.com (/api/authentication, /payment-object, /payment-status-reference, /webhook-reference)
// Details and the mapping to PayDesk statuses: docs/providers/moyasar.md

/** DOCS /payment-status-reference. */
export const MOYASAR_STATUSES = ['initiated', 'paid', 'failed', 'authorized', 'captured', 'refunded', 'voided', 'verified'] as const;

// Assumed: the SDK passes created[gt]/[lt] through as given and no public page fixes the format;
// ISO 8601 with a time and a zone is the reading the simulator accepts, anything else is refused.
const isoTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:?\d\d)$/, 'must be an ISO 8601 time with a zone');

/** GET /v1/payments query: the filters of SDK src/Search.php (id, source, status, page, created[gt], created[lt]). */
export const MoyasarListQuery = z
  .object({
    id: z.string().optional(),
    source: z.string().optional(),
    status: z.enum(MOYASAR_STATUSES).optional(),
    page: z.string().regex(/^[1-9]\d*$/, 'must be a positive integer').optional(),
    'created[gt]': isoTime.optional(),
    'created[lt]': isoTime.optional(),
  })
  .strict();

const nullableTime = z.string().nullable();

/** SDK tests/raw-responses/payment/payment.json and src/Payment.php; DOCS /payment-object adds metadata. */
export const MoyasarPayment = z
  .object({
    id: z.string().uuid(),
    status: z.enum(MOYASAR_STATUSES),
    amount: z.number().int().nonnegative(), // minor units (halalas)
    fee: z.number().int().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    refunded: z.number().int().nonnegative(), // amount refunded, minor units
    refunded_at: nullableTime,
    captured: z.number().int().nonnegative(),
    captured_at: nullableTime,
    voided_at: nullableTime,
    description: z.string().nullable(),
    amount_format: z.string(),
    fee_format: z.string(),
    refunded_format: z.string(),
    captured_format: z.string(),
    invoice_id: z.string().nullable(),
    ip: z.string().nullable(),
    callback_url: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    metadata: z.record(z.string(), z.string()).nullable(),
    source: z
      .object({
        type: z.enum(['creditcard', 'applepay', 'stcpay', 'sadad', 'samsungpay']),
        company: z.string(),
        name: z.string().nullable(),
        number: z.string(),
        message: z.string().nullable(),
        transaction_url: z.string().nullable(),
        gateway_id: z.string(),
        reference_number: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type MoyasarPaymentT = z.infer<typeof MoyasarPayment>;

/** SDK tests/raw-responses/payment/payment_list.json and src/PaginationResult.php. */
export const MoyasarList = z
  .object({
    payments: z.array(MoyasarPayment),
    meta: z
      .object({
        current_page: z.number().int().positive(),
        next_page: z.number().int().positive().nullable(), // null on the last page
        prev_page: z.number().int().positive().nullable(),
        total_pages: z.number().int().nonnegative(),
        total_count: z.number().int().nonnegative(),
      })
      .strict(),
  })
  .strict();

/** SDK src/Providers/HttpClient.php reads `message`, `type` and `errors` from a 4xx body. */
export const MoyasarError = z
  .object({
    type: z.enum(['invalid_request_error', 'authentication_error', 'rate_limit_error', 'api_error', 'account_inactive_error']),
    message: z.string(),
    errors: z.union([z.record(z.string(), z.array(z.string())), z.null()]),
  })
  .strict();

/** DOCS /webhook-reference: events and the payload; `secret_token` is the whole proof (no signature). */
export const MOYASAR_WEBHOOK_TYPES = ['payment_paid', 'payment_failed', 'payment_refunded', 'payment_voided', 'payment_authorized', 'payment_captured', 'payment_verified'] as const;
export const MoyasarWebhook = z
  .object({
    id: z.string().uuid(),
    type: z.enum(MOYASAR_WEBHOOK_TYPES),
    created_at: z.string(),
    secret_token: z.string(),
    account_name: z.string().nullable(),
    live: z.boolean(),
    data: MoyasarPayment,
  })
  .strict();

export const MOYASAR_ROUTES: readonly GatewayRoute[] = [
  { method: 'GET', path: /^\/v1\/payments$/, source: 'SDK src/Search.php; tests/raw-responses/payment/payment_list.json', query: MoyasarListQuery, ok: MoyasarList, error: MoyasarError },
  { method: 'GET', path: /^\/v1\/payments\/[^/]+$/, source: 'SDK src/Providers/PaymentService.php; tests/raw-responses/payment/payment.json', ok: MoyasarPayment, error: MoyasarError },
];
