import { z } from 'zod';
import { firstIssueText, type PaylinkRoute } from './paylinkRoutes';

// Tamara's API as PayDesk uses it (in-store SMS flow), from its own sources. Imported by the adapter's tests and by
// the simulator (never the adapter itself). Sources:
//   SDK  = tamara-solution/php-sdk src/Tamara/** (Request/*Handler.php endpoint constants, Model/*, Response/*)
//   DOCS = docs.tamara.co (/docs/payment-link-pos-integration, /docs/in-store-order-status-flow,
//          /reference/voidcheckoutsession, /reference/getting-started-with-webhooks)
// Line-by-line notes and the status mapping: docs/providers/tamara.md

/**
 * DOCS online/in-store status flows; `on_hold` appears in Tamara's order schema (api-evangelist/tamara
 * json-schema/tamara-order-schema.json) between approved and declined without a description.
 */
export const TAMARA_ORDER_STATUSES = ['new', 'approved', 'on_hold', 'authorised', 'partially_captured', 'fully_captured', 'partially_refunded', 'fully_refunded', 'declined', 'expired', 'canceled', 'updated'] as const;
/** DOCS getting-started-with-webhooks. */
export const TAMARA_EVENTS = ['order_approved', 'order_declined', 'order_authorised', 'order_canceled', 'order_captured', 'order_refunded', 'order_expired'] as const;
/** Tamara's hosts (bnpl.md §2). Neither has a resend-link endpoint. */
export const TAMARA_HOSTS = ['https://api.tamara.co', 'https://api-sandbox.tamara.co'] as const;

/** SDK Model/Money: {amount: number (major units), currency}. */
export const TamaraMoney = z.object({ amount: z.number().min(0), currency: z.enum(['SAR', 'AED', 'BHD', 'KWD', 'OMR']) }).strict();

/** SDK Model/Order/OrderItem::toArray: reference_id, type, name, sku, quantity, tax_amount, total_amount (+ unit_price, discount_amount, image_url, item_url). */
const OrderItem = z
  .object({
    reference_id: z.string().min(1),
    type: z.string().min(1),
    name: z.string().min(1),
    sku: z.string().min(1),
    quantity: z.number().int().min(1),
    tax_amount: TamaraMoney,
    total_amount: TamaraMoney,
    unit_price: TamaraMoney.nullable().optional(),
    discount_amount: TamaraMoney.nullable().optional(),
    image_url: z.string().nullable().optional(),
    item_url: z.string().nullable().optional(),
  })
  .strict();

/**
 * POST /checkout/in-store-session, SDK Model/Order/InstoreOrder::toArray: total_amount, phone_number, items and
 * order_reference_id always; email, expiry_time, order_number, additional_data, locale, payment_type when set.
 * DOCS: phone in national form (e.g. 534274516); expiry_time 5–1440 minutes.
 */
export const TamaraInstoreSessionRequest = z
  .object({
    total_amount: TamaraMoney,
    phone_number: z.string().regex(/^\d{7,12}$/, 'must be the national number, e.g. 534274516'),
    items: z.array(OrderItem).min(1),
    order_reference_id: z.string().min(1),
    email: z.string().email().optional(),
    expiry_time: z.number().int().min(5).max(1440).optional(),
    order_number: z.string().optional(),
    additional_data: z.object({ store_code: z.string().optional() }).passthrough().optional(),
    locale: z.enum(['ar_SA', 'en_US']).optional(),
    payment_type: z.string().optional(),
  })
  .strict();
/** SDK Model/Checkout/InstoreCheckoutResponse: order_id, checkout_id, checkout_deeplink. */
export const TamaraInstoreSessionResponse = z.object({ order_id: z.string(), checkout_id: z.string(), checkout_deeplink: z.string().url() }).strict();

/**
 * POST /checkout/{checkout_id}/void. DOCS /reference/voidcheckoutsession: order_id (required) and store_code as query
 * parameters; SDK VoidCheckoutSessionRequestHandler posts them as a JSON body. PayDesk sends both, the same values.
 */
export const TamaraVoidQuery = z.object({ order_id: z.string().min(1), store_code: z.string().optional() }).strict();
export const TamaraVoidBody = z.object({ order_id: z.string().min(1), store_code: z.string().nullable().optional() }).strict();
/** SDK Model/Checkout/VoidCheckoutSessionResponse: order_was_voided, captured_amount[]. */
export const TamaraVoidResponse = z
  .object({ order_was_voided: z.boolean(), captured_amount: z.array(z.object({ amount: z.number(), currency: z.string(), message: z.string().optional(), store_code: z.string().nullable().optional() })) })
  .strict();

/** SDK Request/Payment/CaptureRequest: order_id, total_amount, shipping_info{shipped_at, shipping_company} required. */
export const TamaraCaptureRequest = z
  .object({
    order_id: z.string().min(1),
    total_amount: TamaraMoney,
    shipping_info: z.object({ shipped_at: z.string().min(1), shipping_company: z.string().min(1), tracking_number: z.string().optional(), tracking_url: z.string().optional() }).strict(),
    items: z.array(OrderItem).optional(),
    discount_amount: TamaraMoney.optional(),
    shipping_amount: TamaraMoney.optional(),
    tax_amount: TamaraMoney.optional(),
  })
  .strict();
export const TamaraCaptureResponse = z.object({ capture_id: z.string(), order_id: z.string(), status: z.enum(['fully_captured', 'partially_captured']) }).strict();

/** SDK Request/Order/CancelOrderRequest: total_amount (+ items, shipping_amount, tax_amount, discount_amount). */
export const TamaraCancelRequest = z
  .object({ total_amount: TamaraMoney, items: z.array(OrderItem).optional(), shipping_amount: TamaraMoney.optional(), tax_amount: TamaraMoney.optional(), discount_amount: TamaraMoney.optional() })
  .strict();
export const TamaraCancelResponse = z.object({ cancel_id: z.string(), order_id: z.string(), status: z.string() }).strict();

/** SDK Request/Payment/SimplifiedRefundRequest: total_amount and comment required; merchant_refund_id optional. */
export const TamaraRefundRequest = z.object({ total_amount: TamaraMoney, comment: z.string().trim().min(1), merchant_refund_id: z.string().optional() }).strict();
export const TamaraRefundResponse = z
  .object({ order_id: z.string().optional(), refund_id: z.string(), capture_id: z.string().nullable(), status: z.enum(['fully_refunded', 'partially_refunded']), refunded_amount: TamaraMoney })
  .strict();

/** SDK Response/Order/AuthoriseOrderResponse. */
export const TamaraAuthoriseResponse = z
  .object({ order_id: z.string(), status: z.string(), order_expiry_time: z.string().nullable(), payment_type: z.string(), auto_captured: z.boolean(), authorized_amount: TamaraMoney, capture_id: z.string().nullable() })
  .strict();

/**
 * SDK Response/Order/GetOrderByReferenceIdResponse (same fields as GetOrderResponse): order_id, order_reference_id,
 * order_number, consumer, status, billing_address, shipping_address, payment_type, total_amount, refunded_amount,
 * captured_amount, tax_amount, shipping_amount, discount_amount, canceled_amount, items, settlement_status,
 * settlement_date, created_at, transactions, instalments. No checkout_id and no deeplink.
 */
export const TamaraOrder = z
  .object({
    order_id: z.string(),
    order_reference_id: z.string(),
    order_number: z.string().nullable().optional(),
    consumer: z.record(z.string(), z.unknown()).optional(),
    status: z.enum(TAMARA_ORDER_STATUSES),
    billing_address: z.unknown().optional(),
    shipping_address: z.unknown().optional(),
    payment_type: z.string().optional(),
    total_amount: TamaraMoney,
    refunded_amount: TamaraMoney.optional(),
    captured_amount: TamaraMoney.optional(),
    tax_amount: TamaraMoney.optional(),
    shipping_amount: TamaraMoney.optional(),
    discount_amount: z.unknown().optional(),
    canceled_amount: TamaraMoney.optional(),
    items: z.array(z.unknown()).optional(),
    settlement_status: z.string().optional(),
    settlement_date: z.string().nullable().optional(),
    created_at: z.string(),
    transactions: z.object({ captures: z.array(z.unknown()), refunds: z.array(z.unknown()), cancels: z.array(z.unknown()) }).passthrough().optional(),
    instalments: z.number().int().nullable().optional(),
  })
  .strict();

/** Assumed error shape: {message, errors:[{error_code, data?}]} (what Tamara's API answers in third-party reports). */
export const TamaraError = z.object({ message: z.string(), errors: z.array(z.object({ error_code: z.string(), data: z.record(z.string(), z.unknown()).optional() })) }).strict();

/** DOCS getting-started-with-webhooks: {order_id, order_reference_id, order_number, event_type, data}; JWT tamaraToken (HS256, notification token). */
export const TamaraWebhook = z
  .object({ order_id: z.string(), order_reference_id: z.string(), order_number: z.string().nullable().optional(), event_type: z.enum(TAMARA_EVENTS), data: z.record(z.string(), z.unknown()) })
  .strict();

export const tamaraIssue = (error: z.ZodError, input?: unknown) => firstIssueText(error, input);

/** Every call PayDesk makes to Tamara. */
export const TAMARA_ROUTES: readonly PaylinkRoute[] = [
  { method: 'POST', path: /^\/checkout\/in-store-session$/, source: 'SDK CreateInstoreCheckoutRequestHandler.php', body: TamaraInstoreSessionRequest, ok: TamaraInstoreSessionResponse },
  // Not Tamara's: PayDesk's simulator alone texts a link again (Tamara publishes no resend); the adapter refuses
  // resend on Tamara's own hosts (fidelity 13).
  { method: 'POST', path: /^\/checkout\/[^/]+\/resend-sms$/, source: 'PayDesk simulator only', body: z.object({ phone_number: z.string() }).strict(), ok: z.object({ checkout_id: z.string(), order_id: z.string(), sms_sent: z.boolean() }).strict() },
  { method: 'POST', path: /^\/checkout\/[^/]+\/void$/, source: 'SDK VoidCheckoutSessionRequestHandler.php (body); DOCS /reference/voidcheckoutsession (query)', body: TamaraVoidBody, query: TamaraVoidQuery, ok: TamaraVoidResponse },
  { method: 'GET', path: /^\/merchants\/orders\/reference-id\/[^/]+$/, source: 'SDK GetOrderByReferenceIdRequestHandler.php', ok: TamaraOrder },
  { method: 'GET', path: /^\/merchants\/orders\/[^/]+$/, source: 'SDK GetOrderRequestHandler.php', ok: TamaraOrder },
  { method: 'POST', path: /^\/orders\/[^/]+\/authorise$/, source: 'SDK AuthoriseOrderRequestHandler.php', ok: TamaraAuthoriseResponse },
  { method: 'POST', path: /^\/orders\/[^/]+\/cancel$/, source: 'SDK CancelOrderRequestHandler.php', body: TamaraCancelRequest, ok: TamaraCancelResponse },
  { method: 'POST', path: /^\/payments\/capture$/, source: 'SDK CaptureRequestHandler.php', body: TamaraCaptureRequest, ok: TamaraCaptureResponse },
  { method: 'POST', path: /^\/payments\/simplified-refund\/[^/]+$/, source: 'SDK SimplifiedRefundRequestHandler.php', body: TamaraRefundRequest, ok: TamaraRefundResponse },
];
