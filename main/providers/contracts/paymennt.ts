import { z } from 'zod';
import { firstIssueText, type PaylinkRoute } from './paylinkRoutes';

// paymennt's Merchant API v2.0 as PayDesk uses it, from its own sources. Imported by the adapter's tests and
// by the simulator (never the adapter itself), so both are held to the same rules. Sources:
//   OAS = paymennt/docs static/openapi/paymennt.yaml ("Merchant API" 2.0)
//   SDK = paymennt/paymennt-php src/PaymenntClient.php, src/model/*
//   GUIDE = paymennt/docs docs/1-payment/1-links/index.md
// Line-by-line notes and the status mapping: docs/providers/paymennt.md

/** OAS GET /checkout `status` filter enum (the response enum spells the same values in display form). */
export const PAYMENNT_CHECKOUT_STATUSES = ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION', 'PAID', 'FAILED', 'CANCELLED', 'EXPIRED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CHARGEBACK'] as const;
/** OAS PaymentResponseSample.status. */
export const PAYMENNT_PAYMENT_STATUSES = ['REDIRECT', 'VOIDED', 'FAILED', 'REJECTED', 'REVERSED', 'PARTIALLY_REVERSED', 'AUTHORIZED', 'CAPTURED', 'UNSUPPORTED', 'CHARGEBACK'] as const;

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code'); // OAS: maxLength 3, minLength 3
const positive = z.number().positive(); // OAS: minimum 0, exclusiveMinimum true
const nonNegative = z.number().min(0); // OAS CheckoutRequestTotals: minimum 0
const nonEmpty = z.string().trim().min(1);
const PAYMENT_METHODS = ['CARD', 'VISA', 'MASTERCARD', 'AMEX', 'UNIONPAY', 'TABBY', 'CAREEM_PAY', 'POINTCHECKOUT'] as const; // OAS

/** OAS CheckoutRequestTotals: `subtotal` and `tax` are both required. */
export const PaymenntTotals = z
  .object({
    subtotal: nonNegative,
    tax: nonNegative,
    shipping: nonNegative.optional(),
    handling: nonNegative.optional(),
    discount: nonNegative.optional(),
    skipTotalsValidation: z.boolean().optional(),
  })
  .strict();

/** OAS CheckoutRequestItem: name, quantity (> 0) and linetotal required. */
export const PaymenntItem = z.object({ name: nonEmpty, sku: z.string().optional(), unitprice: z.number().optional(), quantity: positive, linetotal: z.number() }).strict();

/** OAS CheckoutCustomer: firstName, lastName and email required; phone "with international calling code (Ex. 971567xxxxxx)", no "+". */
export const PaymenntCustomer = z
  .object({
    id: z.string().optional(),
    firstName: nonEmpty,
    lastName: nonEmpty,
    email: z.string().email(),
    phone: z.string().regex(/^[1-9]\d{6,14}$/, 'must be the international number without "+", e.g. 971567xxxxxx').optional(),
  })
  .strict();

const commonCheckoutFields = {
  requestId: nonEmpty, // OAS: "A unique Identifier for this request, can be used later to query the status"
  orderId: nonEmpty,
  currency,
  amount: positive,
  totals: PaymenntTotals.optional(),
  items: z.array(PaymenntItem).optional(),
  customer: PaymenntCustomer.optional(),
  branchId: z.number().int().optional(),
  allowedPaymentMethods: z.array(z.enum(PAYMENT_METHODS)).optional(),
  defaultPaymentMethod: z.enum(PAYMENT_METHODS).optional(),
  language: z.string().min(2).max(3).optional(), // OAS: 2-letter ISO 639-1, maxLength 3
  expiresIn: z.number().int().min(15).max(10_080).optional(), // OAS CheckoutPaymentLinkRequest.expiresIn
};

/** OAS POST /checkout/qr, CheckoutQRRequest: required amount, currency, orderId, requestId (no description, no customer). */
export const PaymenntQrCheckoutRequest = z
  .object({
    ...commonCheckoutFields,
    description: z.string().optional(),
    deviceReference: z.string().optional(), // OAS: merchant device reference
    qrSize: z.number().int().positive().optional(), // OAS: size of the QR image in pixels
  })
  .strict();

/** OAS POST /checkout/link, CheckoutPaymentLinkRequest: required amount, currency, description, orderId, requestId. */
export const PaymenntLinkCheckoutRequest = z
  .object({
    ...commonCheckoutFields,
    description: nonEmpty,
    sendSms: z.boolean().optional(),
    sendEmail: z.boolean().optional(),
  })
  .strict();

/** OAS POST /checkout/{checkoutId}/refund: query amount (> 0), currency (3 letters) and note are required; referenceId optional. */
export const PaymenntRefundQuery = z
  .object({
    amount: z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive number').refine((v) => Number(v) > 0, 'must be more than 0'),
    currency,
    note: nonEmpty,
    referenceId: z.string().optional(),
  })
  .strict();

/** OAS POST /payment/{paymentId}/capture: no parameters besides the path (no amount: no partial capture). */
export const PaymenntCaptureQuery = z.object({}).strict();

/** OAS GET /checkout (search) query parameters PayDesk may send. */
export const PaymenntSearchQuery = z
  .object({
    type: z.enum(['QR', 'WEB', 'MOBILE', 'LINK', 'TERMINAL']).optional(),
    requestId: z.string().optional(),
    orderId: z.string().optional(),
    status: z.string().optional(),
    page: z.string().regex(/^\d+$/).optional(),
    size: z.string().regex(/^[1-9]\d*$/).optional(),
  })
  .strict();

/** OAS CheckoutAddress. */
const Address = z.object({ name: z.string(), address1: z.string(), address2: z.string().optional(), city: z.string(), state: z.string().optional(), zip: z.string().optional(), country: z.string() }).strict();

/** OAS CheckoutCustomerResponse. */
const CustomerResponse = z
  .object({ id: z.string().optional(), reference: z.string().optional(), firstName: z.string(), lastName: z.string(), email: z.string(), phone: z.string().optional() })
  .strict();

/**
 * OAS CheckoutResponse / CheckoutLinkResponse / CheckoutQRResponse (base64QR is QR-only). No `paymentId` and no
 * captured amount: those are not in paymennt's API. `status` is written in display form in the enum and in
 * upper case in examples (OAS), so any string is accepted and PayDesk normalises it.
 */
export const PaymenntCheckout = z
  .object({
    id: z.string(),
    displayId: z.string().optional(),
    checkoutKey: z.string().optional(),
    requestId: z.string().optional(),
    orderId: z.string().optional(),
    currency: z.string().optional(),
    amount: z.number().optional(),
    cashAmount: z.number().optional(),
    status: z.string(),
    totalRefunded: z.number().optional(),
    redirectUrl: z.string().optional(),
    usedPaymentMethod: z.string().nullable().optional(),
    customer: CustomerResponse.nullable().optional(),
    subscriptionId: z.string().optional(),
    billingAddress: Address.nullable().optional(),
    deliveryAddress: Address.nullable().optional(),
    firebaseCollection: z.string().optional(),
    firebaseDatabase: z.string().optional(),
    firebaseDocument: z.string().optional(),
    timestamp: z.string().optional(),
    branchId: z.string().nullable().optional(),
    branchName: z.string().nullable().optional(),
    base64QR: z.string().optional(),
  })
  .strict();
export type PaymenntCheckout = z.infer<typeof PaymenntCheckout>;

/** OAS PaymentResponseSample: no captured amount. */
export const PaymenntPayment = z
  .object({ id: z.string(), currency: z.string().optional(), amount: z.number().optional(), status: z.enum(PAYMENNT_PAYMENT_STATUSES).optional(), checkoutDetails: z.unknown().optional(), timestamp: z.string().optional() })
  .strict();
export type PaymenntPayment = z.infer<typeof PaymenntPayment>;

/** OAS PageResponseCheckoutResponse. */
export const PaymenntCheckoutPage = z
  .object({ page: z.number().int(), size: z.number().int(), totalPages: z.number().int(), totalElements: z.number().int(), content: z.array(PaymenntCheckout) })
  .strict();

/** OAS info.description: every answer is {success, elapsed, error (when !success), result}. */
export const paymenntOk = <T extends z.ZodType>(result: T) => z.object({ success: z.literal(true), elapsed: z.number().int(), result }).strict();
export const PaymenntError = z.object({ success: z.literal(false), elapsed: z.number().int(), error: z.string().min(1) }).strict();

/**
 * Notification. Assumed: paymennt issues an `hmacKey` per webhook (OAS WebhookResponse) but documents neither the
 * payload nor a signature header; the documented flow is "be notified, then GET /checkout/{id}" (GUIDE). PayDesk reads
 * only an id from it and re-reads the checkout; the simulator sends the checkout object and an HMAC header.
 */
export const PaymenntNotification = z.object({ id: z.string().optional(), checkoutId: z.string().optional(), requestId: z.string().optional(), checkout: z.object({ id: z.string() }).passthrough().optional() }).passthrough();
/** Assumed header name (third-party code); configurable per org app (`webhook_signature_header`). */
export const PAYMENNT_SIGNATURE_HEADER = 'X-Paymennt-Signature';

/** paymennt's `error` text for a refused request ("requestId is required"). */
export function paymenntIssue(error: z.ZodError, input?: unknown): string {
  return firstIssueText(error, input).text;
}

const r = (pattern: string) => new RegExp(`^/mer/v2\\.0${pattern}$`);

/** Every call PayDesk makes to paymennt (paths as under https://api.paymennt.com). */
export const PAYMENNT_ROUTES: readonly PaylinkRoute[] = [
  { method: 'POST', path: r('/checkout/qr'), source: 'OAS POST /checkout/qr', body: PaymenntQrCheckoutRequest, ok: paymenntOk(PaymenntCheckout) },
  { method: 'POST', path: r('/checkout/link'), source: 'OAS POST /checkout/link', body: PaymenntLinkCheckoutRequest, ok: paymenntOk(PaymenntCheckout) },
  { method: 'GET', path: r('/checkout'), source: 'OAS GET /checkout', query: PaymenntSearchQuery, ok: paymenntOk(PaymenntCheckoutPage) },
  { method: 'GET', path: r('/checkout/[^/]+'), source: 'OAS GET /checkout/{checkoutId}', ok: paymenntOk(PaymenntCheckout) },
  { method: 'POST', path: r('/checkout/[^/]+/cancel'), source: 'OAS POST /checkout/{checkoutId}/cancel', ok: paymenntOk(PaymenntCheckout) },
  { method: 'POST', path: r('/checkout/[^/]+/refund'), source: 'OAS POST /checkout/{checkoutId}/refund', query: PaymenntRefundQuery, ok: paymenntOk(PaymenntCheckout) },
  { method: 'GET', path: r('/payment/[^/]+'), source: 'OAS GET /payment/{paymentId}', ok: paymenntOk(PaymenntPayment) },
  { method: 'POST', path: r('/payment/[^/]+/capture'), source: 'OAS POST /payment/{paymentId}/capture', query: PaymenntCaptureQuery, ok: paymenntOk(PaymenntPayment) },
];
