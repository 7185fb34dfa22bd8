import { z } from 'zod';
import { firstIssueText, type PaylinkRoute } from './paylinkRoutes';

// MisPay's API (https://api.mispay.co/v1/api) as PayDesk uses it, from its own sources. Imported by the adapter's
// tests and by the simulator (never the adapter itself). Sources:
//   MAG  = mispay-bnpl/mispay-magento2-extension (Helper/MISPayHelper.php, Helper/MISPayRequestHelper.php,
//          Controller/Callback/index.php, Cron/TrackCheckoutStatus.php, etc/config.xml)
//   WOO  = mispay-bnpl/mispay-woocommerce-plugin (MispayController.php)
//   DOCS = doc.mispay.co (/docs/endpoints, /docs/webhook, /docs/callback-api-url, /reference/post_v1-api-refund)
// Line-by-line notes and the status mapping: docs/providers/mispay.md

/**
 * MAG Cron/TrackCheckoutStatus + MISPayRequestHelper trackCheckout switch: pending, in-progress, success, canceled, error.
 * Assumed: `expired` for a checkout that timed out (MisPay documents the timeout code MP01, not the status it shows);
 * PayDesk maps any other value to `unknown` and keeps asking.
 */
export const MISPAY_TRACK_STATUSES = ['pending', 'in-progress', 'success', 'canceled', 'error', 'expired'] as const;
/** DOCS /docs/webhook and /docs/callback-api-url: MP00 success, MP01 timeout, MP02 cancelled, MP03 refunded. */
export const MISPAY_RESULT_CODES = ['MP00', 'MP01', 'MP02', 'MP03'] as const;
/** DOCS /docs/endpoints error codes. */
export const MISPAY_ERROR_CODES = ['ME01', 'ME02', 'ME03', 'ME04', 'ME05', 'ME10', 'ME11', 'ME97'] as const;

const amount = z.number().min(0); // MAG sends plain decimal numbers in SAR
const positiveAmount = z.number().positive();
/** DOCS /reference/post_v1-api-refund types the refund amounts as strings. */
const amountText = z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a SAR amount with at most 2 decimals');

/** MAG MISPayRequestHelper start-checkout v1.2 item: quantity, unitPrice, nameEnglish. */
const Item = z.object({ quantity: z.number().positive(), unitPrice: amount, nameEnglish: z.string().trim().min(1) }).strict();

/**
 * POST /start-checkout, version v1.2 (MAG MISPayRequestHelper): customerDetails and orderDetails are part of v1.2
 * (fidelity: v1.2 marks them required), and totalPrice + shippingAmount + vat must equal purchaseAmount (MAG checks it).
 * Assumed: inside customerDetails neither mobileNumber nor email is required (a customer paying at a till by QR
 * may give neither; no source says either is mandatory).
 */
export const MispayStartCheckoutRequest = z
  .object({
    version: z.literal('v1.2'),
    orderId: z.string().trim().min(1),
    purchaseAmount: positiveAmount,
    purchaseCurrency: z.literal('SAR'), // MAG, WOO: only SAR
    totalPrice: amount,
    shippingAmount: amount,
    vat: amount,
    lang: z.enum(['ar', 'en']), // MAG: 'en' or 'ar'
    customerDetails: z.object({ mobileNumber: z.string().regex(/^\+?\d{9,15}$/).optional(), email: z.string().email().optional() }).strict(),
    orderDetails: z.object({ items: z.array(Item).min(1) }).strict(),
  })
  .strict()
  .refine((b) => Math.round((b.totalPrice + b.shippingAmount + b.vat) * 100) === Math.round(b.purchaseAmount * 100), {
    message: 'totalPrice + shippingAmount + vat must equal purchaseAmount',
    path: ['purchaseAmount'],
  });

/** DOCS /reference/post_v1-api-refund: purchaseId (= checkoutId), totalAmount, currency, orderId, amount; merchantRefundId, comments optional. */
export const MispayRefundRequest = z
  .object({
    purchaseId: z.string().min(1),
    totalAmount: amountText,
    currency: z.literal('SAR'),
    orderId: z.string().min(1),
    amount: amountText,
    merchantRefundId: z.string().optional(),
    comments: z.string().optional(),
  })
  .strict();

const success = <T extends z.ZodType>(result: T) => z.object({ status: z.literal('success'), result }).strict();

/** MAG getAccessToken: GET /token → {status:"success", result:{token}} (token encrypted, see mispay crypto). */
export const MispayTokenResponse = success(z.object({ token: z.string().min(1) }).strict());
/** Plaintext of the decrypted token (DOCS /docs/endpoints): {token: <JWT>, expiration}. */
export const MispayTokenPlaintext = z.object({ token: z.string(), expiration: z.string() }).strict();
/** MAG startCheckoutSession: result.url (customer redirect) and result.trackId. */
export const MispayStartCheckoutResponse = success(z.object({ url: z.string().url(), trackId: z.string().min(1) }).strict());
/**
 * MAG trackCheckout reads result.status and result.orderId only. No public source shows a checkoutId (or any money
 * figure) here, so the contract has none: the checkoutId comes from the webhook or the callback.
 */
export const MispayTrackResponse = success(z.object({ status: z.enum(MISPAY_TRACK_STATUSES), orderId: z.string() }).strict());
/** MAG Callback/index.php reads result.transactionId of PUT /checkout/{checkoutId}/end. */
export const MispayEndResponse = success(z.object({ transactionId: z.string().min(1) }).strict());
/** DOCS /reference/post_v1-api-refund: 201 on success. Assumed body: {status:"success", result:{}} with nothing PayDesk relies on. */
export const MispayRefundResponse = success(z.object({}).passthrough());
/** DOCS /docs/endpoints: {status:"error : 400", result:"ExceptionType.ME01"}. */
export const MispayError = z.object({ status: z.string().regex(/^error : \d{3}$/), result: z.string().regex(/^ExceptionType\.ME\d{2}$/) }).strict();

/** DOCS /docs/webhook: {checkoutId, orderId, code, appId}; refunds add isFullyRefunded. Sent once, no signature (IP allow-list). */
export const MispayWebhook = z
  .object({ checkoutId: z.string().min(1), orderId: z.string().min(1), code: z.enum(MISPAY_RESULT_CODES), appId: z.string().min(1), isFullyRefunded: z.boolean().optional() })
  .strict();
/** DOCS /docs/callback-api-url, MAG Callback/index.php: GET {callback}?_=<encrypted {code, checkoutId, orderId}>. */
export const MispayCallbackPlaintext = z.object({ code: z.string(), checkoutId: z.string().min(1), orderId: z.string().min(1) }).strict();

/**
 * The envelope MisPay encrypts the token and the callback with (DOCS /docs/endpoints; MAG MISPayHelper decrypt):
 * base64( salt[16] | nonce[12] | ciphertext | tag[16] ), AES-256-GCM, key = PBKDF2-HMAC-SHA256(app secret, salt, 40000, 32).
 */
export const MISPAY_ENVELOPE = { saltBytes: 16, nonceBytes: 12, tagBytes: 16, pbkdf2Iterations: 40_000, keyBytes: 32, digest: 'sha256', cipher: 'aes-256-gcm' } as const;

export const mispayIssue = (error: z.ZodError, input?: unknown) => firstIssueText(error, input).text;

const r = (pattern: string) => new RegExp(`^/v1/api${pattern}$`);

/** Every call PayDesk makes to MisPay (paths as under https://api.mispay.co). */
export const MISPAY_ROUTES: readonly PaylinkRoute[] = [
  { method: 'GET', path: r('/token'), source: 'MAG Helper/MISPayRequestHelper.php getAccessToken', ok: MispayTokenResponse },
  { method: 'POST', path: r('/start-checkout'), source: 'MAG Helper/MISPayRequestHelper.php startCheckoutSession', body: MispayStartCheckoutRequest, ok: MispayStartCheckoutResponse },
  { method: 'GET', path: r('/track-checkout/[^/]+'), source: 'MAG Helper/MISPayRequestHelper.php trackCheckout', ok: MispayTrackResponse },
  { method: 'PUT', path: r('/checkout/[^/]+/end'), source: 'MAG Helper/MISPayRequestHelper.php endCheckoutSession', ok: MispayEndResponse },
  { method: 'POST', path: r('/refund'), source: 'DOCS /reference/post_v1-api-refund', body: MispayRefundRequest, ok: MispayRefundResponse },
];
