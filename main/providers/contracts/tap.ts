import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// Tap charges as PayDesk reads them. Sources:
//   LIST  = developers.tap.company/reference/list-all-charges (mirrored in skanderphilipp/tap-payment-guideline reference/list-all-charges.md)
//   CODES = developers.tap.company/reference/charge-response-codes (mirror: reference/charge-response-codes.md)
//   CHG   = developers.tap.company/reference/retrieve-a-charges, /reference/charges
//   HOOK  = developers.tap.company/docs/webhook (hashstring; text not retrieved, third-party implementations agree)
// Details and the mapping to PayDesk statuses: docs/providers/tap.md

/** LIST: "Default: 25; Maximum: 50"; CODES 1162 "Invalid row count should be less than or equal to 50". */
export const TAP_LIST_MAX_LIMIT = 50;
/** LIST: charge statuses the list can filter by. AUTHORIZED comes from CODES 001 (authorize flow). */
export const TAP_STATUSES = ['INITIATED', 'IN_PROGRESS', 'ABANDONED', 'CANCELLED', 'FAILED', 'DECLINED', 'RESTRICTED', 'CAPTURED', 'AUTHORIZED', 'VOID', 'TIMEDOUT', 'UNKNOWN'] as const;

const epochMs = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{10,14}$/)]);

/**
 * POST /v2/charges/list body. LIST documents every field as optional; assumed stricter reading:
 * `period.date.from/to` are required (every documented example sends them, and an unbounded list
 * is not what a reconciliation asks for). Unknown fields are refused.
 */
export const TapListBody = z
  .object({
    period: z.object({ date: z.object({ from: epochMs, to: epochMs }).strict(), type: z.union([z.literal(1), z.literal('1')]).optional() }).strict(),
    status: z.union([z.literal(''), z.enum(TAP_STATUSES)]).optional(),
    starting_after: z.string().startsWith('chg_').optional(),
    // LIST: "limit string, default 25, maximum 50"; the example sends "25"
    limit: z.union([z.number().int(), z.string().regex(/^\d+$/)]).refine((v) => Number(v) >= 1 && Number(v) <= TAP_LIST_MAX_LIMIT, `must be 1-${TAP_LIST_MAX_LIMIT}`).optional(),
    order: z.enum(['chronological', 'reverse_chronological']).optional(),
    order_by: z.literal('date').optional(),
    sources: z.array(z.string()).optional(),
    payment_methods: z.array(z.string()).optional(),
    customers: z.array(z.string()).optional(),
    charges: z.array(z.string()).optional(),
    currency: z.string().optional(),
  })
  .strict();

/** CHG: the charge object (documented fields only). `amount` is a decimal in major units. */
export const TapCharge = z
  .object({
    id: z.string().startsWith('chg_'),
    object: z.literal('charge'),
    live_mode: z.boolean(),
    api_version: z.string(),
    status: z.enum(TAP_STATUSES),
    amount: z.number().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    threeDSecure: z.boolean(),
    save_card: z.boolean(),
    statement_descriptor: z.string().optional(),
    description: z.string().optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    transaction: z.object({ created: z.string().regex(/^\d+$/), timezone: z.string(), url: z.string().optional(), asynchronous: z.boolean().optional() }).strict(),
    reference: z.object({ transaction: z.string().optional(), order: z.string().optional(), gateway: z.string().optional(), payment: z.string().optional(), track: z.string().optional() }).strict(),
    response: z.object({ code: z.string().regex(/^\d{3}$/), message: z.string() }).strict(),
    source: z.object({ id: z.string(), object: z.string(), payment_method: z.string().optional() }).strict(),
    post: z.object({ url: z.string(), status: z.string().optional() }).strict().optional(),
    redirect: z.object({ url: z.string(), status: z.string().optional() }).strict().optional(),
  })
  .strict();
export type TapChargeT = z.infer<typeof TapCharge>;

/**
 * LIST 200 response: object, live_mode, count, api_version, charges. LIST also names `has_more`
 * ("Defaults to true") without saying what it means at the end of a list, so the simulator does
 * not send it and PayDesk does not rely on it: a page shorter than `limit` is the last.
 */
export const TapList = z
  .object({ object: z.literal('list'), live_mode: z.boolean(), api_version: z.string(), count: z.number().int().nonnegative(), charges: z.array(TapCharge).min(1) })
  .strict();

/** CODES "Standard Errors": {errors:[{code, description}]}. */
export const TapError = z.object({ errors: z.array(z.object({ code: z.string().regex(/^\d+$/), description: z.string() }).strict()).min(1) }).strict();

/**
 * A window with no charges is answered 400 "Charges not found" (third-party reports; CODES has no
 * code for it, the simulator uses 1144, the closest "not found" code). PayDesk recognises it by
 * the HTTP 400 and the description, never by the code alone.
 */
export const TAP_EMPTY_LIST = { status: 400, code: '1144', description: 'Charges not found' } as const;
export function isTapEmptyList(status: number, body: unknown): boolean {
  const parsed = TapError.safeParse(body);
  return status === 400 && parsed.success && parsed.data.errors.some((e) => /charges? not found/i.test(e.description));
}

/** HOOK: header `hashstring` = hex HMAC-SHA256 (secret key) over these fields in this order. */
export const TAP_HASHSTRING_FIELDS = ['x_id', 'x_amount', 'x_currency', 'x_gateway_reference', 'x_payment_reference', 'x_status', 'x_created'] as const;

export const TAP_ROUTES: readonly GatewayRoute[] = [
  { method: 'POST', path: /^\/v2\/charges\/list$/, source: 'LIST', body: TapListBody, ok: TapList, error: TapError },
  { method: 'GET', path: /^\/v2\/charges\/chg_[^/]+$/, source: 'CHG', ok: TapCharge, error: TapError },
];
