import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// HyperPay (OPPWA platform) as PayDesk reads it. Sources:
//   REPORT = hyperpay.docs.oppwa.com/tutorials/reporting/transaction (GET /v3/query, /v3/query/{id}; entityId; Bearer)
//   PARAMS = hyperpay.docs.oppwa.com/reference/parameters (merchantTransactionId, amount, result codes)
//   CODES  = hyperpay.docs.oppwa.com/reference/resultCodes; api-evangelist/hyperpay errors/hyperpay-result-codes.yml
//   HOOK   = hyperpay.docs.oppwa.com/tutorials/webhooks (AES-256-GCM, X-Initialization-Vector, X-Authentication-Tag)
// Details and the mapping to PayDesk statuses: docs/providers/hyperpay.md

const resultCode = z.string().regex(/^\d{3}\.\d{3}\.\d{3}$/);
const result = z.object({ code: resultCode, description: z.string() }).strict();

/**
 * GET /v3/query: entityId required (REPORT). merchantTransactionId is the merchant's reference,
 * 8–255 characters (PARAMS, AN255; the lower bound is the stricter reading the simulator enforces).
 */
export const HyperPayQueryByReference = z
  .object({
    entityId: z.string().min(1),
    merchantTransactionId: z.string().min(8, 'must be 8-255 characters').max(255, 'must be 8-255 characters'),
    includeLinkedTransactions: z.enum(['true', 'false']).optional(),
    paymentTypes: z.string().optional(),
  })
  .strict();
export const HyperPayQueryById = z.object({ entityId: z.string().min(1), includeLinkedTransactions: z.enum(['true', 'false']).optional() }).strict();

/** REPORT/HOOK payload: one transaction. `amount` is a 2- or 3-decimal string in major units. */
export const HyperPayTransaction = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}$/),
    paymentType: z.enum(['PA', 'DB', 'CD', 'CP', 'RV', 'RF']),
    paymentBrand: z.string(),
    amount: z.string().regex(/^\d+\.\d{2,3}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
    descriptor: z.string(),
    merchantTransactionId: z.string().optional(),
    result,
    card: z.object({ bin: z.string(), last4Digits: z.string(), holder: z.string(), expiryMonth: z.string(), expiryYear: z.string() }).strict().optional(),
    risk: z.object({ score: z.string() }).strict().optional(),
    buildNumber: z.string(),
    timestamp: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d{4}$/), // "2019-09-18 13:29:15+0000"
    ndc: z.string(),
  })
  .strict();
export type HyperPayTransactionT = z.infer<typeof HyperPayTransaction>;

const envelope = { buildNumber: z.string(), timestamp: z.string(), ndc: z.string() };

/** By reference: the request result plus every transaction of that order (PA, CP, DB, RF, RV…). */
export const HyperPayQueryResponse = z.object({ result, payments: z.array(HyperPayTransaction).min(1), ...envelope }).strict();
/** An answer without transactions: no match (700.400.580), refused parameters (200.300.404), auth (800.900.300)… */
export const HyperPayResultOnly = z.object({ result, ...envelope }).strict();

/** REPORT: "cannot find transaction" — a reference the gateway has never seen; not a failure of the listing. */
export const HYPERPAY_NOT_FOUND_CODE = '700.400.580';

/** HOOK: the decrypted notification. */
export const HyperPayNotification = z.object({ type: z.enum(['PAYMENT', 'REGISTRATION', 'SCHEDULE', 'RISK']), action: z.string().optional(), payload: HyperPayTransaction }).strict();
export const HYPERPAY_HOOK_HEADERS = { iv: 'x-initialization-vector', tag: 'x-authentication-tag' } as const;

export const HYPERPAY_ROUTES: readonly GatewayRoute[] = [
  { method: 'GET', path: /^\/v[13]\/query$/, source: 'REPORT (by merchantTransactionId)', query: HyperPayQueryByReference, ok: z.union([HyperPayQueryResponse, HyperPayResultOnly]), error: HyperPayResultOnly },
  { method: 'GET', path: /^\/v[13]\/query\/[^/]+$/, source: 'REPORT (by id)', query: HyperPayQueryById, ok: HyperPayTransaction, error: HyperPayResultOnly },
];
