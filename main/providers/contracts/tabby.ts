import { z } from 'zod';
import { firstIssueText, type PaylinkRoute } from './paylinkRoutes';

// Tabby's API as PayDesk uses it, from its own sources. Imported by the adapter's tests and by the simulator
// (never the adapter itself). Sources:
//   CHK = api-evangelist/tabby openapi/tabby-checkout-api-openapi.yml (Tabby's OpenAPI, checkout part)
//   PAY = api-evangelist/tabby openapi/tabby-payments-api-openapi.yml
//   WH  = api-evangelist/tabby openapi/tabby-webhooks-api-openapi.yml
//   POS = docs.tabby.ai /offline-payment-methods/pos-integration; CODES = docs.tabby.ai /api-reference/response-codes
//   ODOO = tabby-ai/odoo payment_tabby/models/api.py, payment_transaction.py
// Line-by-line notes and the status mapping: docs/providers/tabby.md

/** PAY PaymentStatus (API, upper case). Webhooks send the same words in lower case (WH). */
export const TABBY_PAYMENT_STATUSES = ['CREATED', 'AUTHORIZED', 'CLOSED', 'REJECTED', 'EXPIRED'] as const;
/** CHK: AED, SAR, KWD. */
export const TABBY_CURRENCIES = ['AED', 'SAR', 'KWD'] as const;
/**
 * Production hosts (POS; bnpl.md §1): KSA merchants on api.tabby.sa, UAE and Kuwait on api.tabby.ai; the wrong one
 * answers 403. Test and live share the host (the key decides).
 */
export const TABBY_HOSTS = { SA: 'https://api.tabby.sa', AE: 'https://api.tabby.ai', KW: 'https://api.tabby.ai' } as const;
/** Header name PayDesk registers with Tabby's webhooks API (WH: `header {title, value}`); Tabby echoes it. */
export const TABBY_WEBHOOK_HEADER = 'x-webhook-secret';

/** CHK PaymentAmount: a string in major units; 2 decimals for AED/SAR, up to 3 for KWD. */
const amountText = z.string().regex(/^\d+(\.\d{1,3})?$/, 'must be a string in major units, e.g. "150.00"');

/** CHK OrderItem: title, quantity, unit_price, category required. */
const OrderItem = z
  .object({ title: z.string().min(1), quantity: z.number().int().min(1), unit_price: amountText, category: z.string().min(1), reference_id: z.string().optional(), description: z.string().optional() })
  .strict();

/**
 * POST /api/v2/checkout. CHK requires payment, lang, merchant_code. For the online checkout CHK also requires buyer,
 * shipping_address, buyer_history and order_history; POS names a smaller minimum for in-store sessions:
 * payment.amount, payment.currency, payment.order.reference_id and merchant_code (payment.description = terminal id,
 * payment.attachment.body = location optional; the SMS flow adds payment.buyer.phone). PayDesk follows POS.
 */
export const TabbyCheckoutRequest = z
  .object({
    merchant_code: z.string().min(1),
    lang: z.enum(['ar', 'en']),
    payment: z
      .object({
        amount: amountText,
        currency: z.enum(TABBY_CURRENCIES),
        description: z.string().optional(),
        // CHK Buyer: phone masks 500000001, 0500000001, +971500000001, 971500000001 (bnpl.md §1).
        buyer: z.object({ phone: z.string().regex(/^\+?\d{9,15}$/).optional(), email: z.string().email().optional(), name: z.string().optional(), dob: z.string().optional() }).strict().optional(),
        order: z.object({ reference_id: z.string().min(1), items: z.array(OrderItem).optional(), tax_amount: amountText.optional(), shipping_amount: amountText.optional(), discount_amount: amountText.optional() }).strict(),
        meta: z.object({ order_id: z.string().nullable().optional(), customer: z.string().nullable().optional() }).strict().optional(), // CHK Meta
        attachment: z.object({ body: z.unknown(), content_type: z.string() }).optional(),
      })
      .strict(),
  })
  .strict();

/** PAY CaptureRequest: amount and reference_id (the idempotency key, CODES) required. */
export const TabbyCaptureRequest = z.object({ amount: amountText, reference_id: z.string().min(1), tax_amount: amountText.optional(), shipping_amount: amountText.optional(), discount_amount: amountText.optional() }).strict();
/** PAY RefundRequest: amount and reference_id (the idempotency key, CODES) required; reason optional. */
export const TabbyRefundRequest = z.object({ amount: amountText, reference_id: z.string().min(1), reason: z.string().optional() }).strict();

const Movement = z.object({ id: z.string(), amount: amountText, created_at: z.string(), reference_id: z.string().optional(), reason: z.string().optional() }).passthrough();

/** PAY Payment (GET /api/v2/payments/{id}; also the answer of captures, refunds and close). */
export const TabbyPayment = z
  .object({
    id: z.string(),
    created_at: z.string(),
    expires_at: z.string().optional(),
    closed_at: z.string().nullable().optional(),
    status: z.enum(TABBY_PAYMENT_STATUSES),
    is_test: z.boolean().optional(),
    is_expired: z.boolean().optional(),
    amount: amountText,
    currency: z.enum(TABBY_CURRENCIES),
    description: z.string().optional(),
    buyer: z.record(z.string(), z.unknown()).optional(),
    order: z.object({ reference_id: z.string() }).passthrough(),
    captures: z.array(Movement),
    refunds: z.array(Movement),
    meta: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();

/** CHK CheckoutSession: id, status (created | rejected; approved/expired for special integrations), payment, configuration. */
export const TabbySession = z
  .object({
    id: z.string(),
    status: z.enum(['created', 'rejected', 'approved', 'expired']),
    payment: TabbyPayment,
    configuration: z
      .object({
        available_products: z.object({ installments: z.array(z.object({ web_url: z.string().url(), qr_code: z.string().optional() }).passthrough()).optional() }).passthrough(),
        products: z.object({ installments: z.object({ is_available: z.boolean(), rejection_reason: z.enum(['not_available', 'order_amount_too_high', 'order_amount_too_low']).nullable() }).passthrough() }).passthrough(),
      })
      .passthrough(),
    token: z.string().nullable().optional(),
  })
  .strict();

/**
 * POST /api/v2/checkout/{id}/cancel (POS): the answer body is not documented, so PayDesk reads nothing from it and
 * re-reads the payment instead (fidelity 7). The simulator answers an empty object.
 */
export const TabbyCancelAnswer = z.unknown();

/** CODES: {status:"error", errorType, error} or with errors[{field, code, message}]. */
export const TabbyError = z
  .object({
    status: z.literal('error'),
    errorType: z.enum(['bad_data', 'not_authorized', 'no_permission', 'not_found', 'conflict', 'internal']),
    error: z.string(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .strict();

/** WH: the payment object with a lower-case status, sent with the header registered for the webhook. */
export const TabbyWebhook = TabbyPayment.extend({ status: z.enum(['created', 'authorized', 'closed', 'rejected', 'expired']), token: z.string().nullable().optional() });

export const tabbyIssue = (error: z.ZodError, input?: unknown) => firstIssueText(error, input);

/** Every call PayDesk makes to Tabby. */
export const TABBY_ROUTES: readonly PaylinkRoute[] = [
  { method: 'POST', path: /^\/api\/v2\/checkout$/, source: 'CHK POST /api/v2/checkout; POS', body: TabbyCheckoutRequest, ok: TabbySession },
  { method: 'GET', path: /^\/api\/v2\/checkout\/[^/]+$/, source: 'CHK GET /api/v2/checkout/{id}', ok: TabbySession },
  { method: 'POST', path: /^\/api\/v2\/checkout\/[^/]+\/cancel$/, source: 'POS cancel session', ok: TabbyCancelAnswer },
  // Body assumed: not in Tabby's public pages; third-party POS code sends {phone, product: "installments"} (bnpl.md §1).
  { method: 'POST', path: /^\/api\/v2\/checkout\/[^/]+\/send_hpp_link$/, source: 'POS send_hpp_link (body assumed)', body: z.object({ phone: z.string().min(1), product: z.literal('installments') }).strict(), ok: z.unknown() },
  { method: 'GET', path: /^\/api\/v2\/payments\/[^/]+$/, source: 'PAY GET /api/v2/payments/{id}', ok: TabbyPayment },
  { method: 'POST', path: /^\/api\/v2\/payments\/[^/]+\/captures$/, source: 'PAY POST /api/v2/payments/{id}/captures', body: TabbyCaptureRequest, ok: TabbyPayment },
  { method: 'POST', path: /^\/api\/v2\/payments\/[^/]+\/refunds$/, source: 'PAY POST /api/v2/payments/{id}/refunds', body: TabbyRefundRequest, ok: TabbyPayment },
  { method: 'POST', path: /^\/api\/v2\/payments\/[^/]+\/close$/, source: 'PAY POST /api/v2/payments/{id}/close', ok: TabbyPayment },
];
