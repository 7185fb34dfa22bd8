import { z } from 'zod';
import type { GatewayRoute } from './gatewayRoutes';

// Dinero Pay publishes no API documentation. Everything here comes from third-party code of the
// white-label "Checkout protocol" it uses, and is marked so in docs/providers/dinero.md:
//   PLUGIN  = amerDineropay/python_plugin app/dineropay/src/dineropay.py (host, session, refund, hash)
//   TOTALPAY = a TotalPay Odoo client of the same protocol (POST /api/v1/payment/status, callback hash, statuses)
// Where even those are silent the simulator takes the stricter reading.

/** TOTALPAY: status names of a payment. */
export const DINERO_STATUSES = ['prepare', 'pending', '3ds', 'redirect', 'settled', 'decline', 'void', 'reversal', 'refund', 'chargeback'] as const;

const sha1Hex = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character hex SHA1');

/**
 * POST /api/v1/payment/status body (TOTALPAY): merchant_key, payment_id (or order_id), hash.
 * Assumed stricter reading: payment_id is required (PayDesk never asks by order_id) and nothing else is accepted.
 */
export const DineroStatusBody = z.object({ merchant_key: z.string().min(1), payment_id: z.string().uuid(), hash: sha1Hex }).strict();

/** TOTALPAY: the status answer (amount a decimal string in major units, PLUGIN "2.00"). */
export const DineroStatusResponse = z
  .object({
    payment_id: z.string().uuid(),
    date: z.string(),
    status: z.enum(DINERO_STATUSES),
    order: z.object({ number: z.string(), amount: z.string().regex(/^\d+\.\d{2,3}$/), currency: z.string().regex(/^[A-Z]{3}$/), description: z.string() }).strict(),
  })
  .strict();

/** TOTALPAY: error body {error_code, error_message, errors?[]}. */
export const DineroError = z
  .object({ error_code: z.number().int(), error_message: z.string(), errors: z.array(z.object({ error_code: z.number().int(), error_message: z.string() }).strict()).optional() })
  .strict();

/** TOTALPAY: the callback; its hash covers id, order_number, order_amount, order_currency, order_description. */
export const DineroCallback = z
  .object({
    id: z.string().uuid(),
    order_number: z.string(),
    order_amount: z.string(),
    order_currency: z.string().regex(/^[A-Z]{3}$/),
    order_description: z.string(),
    status: z.enum(DINERO_STATUSES),
    type: z.string(),
    hash: sha1Hex,
  })
  .strict();
export const DINERO_CALLBACK_HASH_FIELDS = ['id', 'order_number', 'order_amount', 'order_currency', 'order_description'] as const;

export const DINERO_ROUTES: readonly GatewayRoute[] = [{ method: 'POST', path: /^\/api\/v1\/payment\/status$/, source: 'TOTALPAY (assumed for Dinero)', body: DineroStatusBody, ok: DineroStatusResponse, error: DineroError }];
