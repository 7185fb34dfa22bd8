import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppError } from '../../shared/errors';
import { isCurrency, minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import type { AdapterContext, ProviderSnapshot } from './types';

// Tamara API plumbing (bnpl.md §2): auth, money shape, phone form, the status table and order reads.

/**
 * Tamara order status → unified status, the one table. `approved` is reported as authorized because
 * getStatus authorises it at once; `partially_captured` leaves the rest authorized (capturedMinor > 0);
 * `updated` is an authorised order whose amount was reduced by a partial cancel.
 */
export const TAMARA_STATUS_MAP = {
  new: 'created',
  // In Tamara's order schema between approved and declined, undescribed: the outcome is not known yet, keep asking.
  on_hold: 'created',
  approved: 'authorized',
  authorised: 'authorized',
  updated: 'authorized',
  partially_captured: 'authorized',
  fully_captured: 'captured',
  partially_refunded: 'partially_refunded',
  fully_refunded: 'refunded',
  declined: 'rejected',
  expired: 'expired',
  canceled: 'cancelled',
} as const satisfies Record<string, PaylinkStatus>;

export type TamaraOrderStatus = keyof typeof TAMARA_STATUS_MAP;

export function mapTamaraStatus(raw: string): PaylinkStatus {
  // Some Tamara pages spell it "cancelled"; unknown strings stay visible as `unknown` and keep being polled.
  const key = raw.trim().toLowerCase().replace(/^cancelled$/, 'canceled');
  return Object.hasOwn(TAMARA_STATUS_MAP, key) ? TAMARA_STATUS_MAP[key as TamaraOrderStatus] : 'unknown';
}

export interface TamaraMoney {
  amount: number;
  currency: string;
}

export interface TamaraOrder {
  order_id: string;
  order_reference_id?: string;
  status: string;
  total_amount?: TamaraMoney;
  captured_amount?: TamaraMoney;
  refunded_amount?: TamaraMoney;
  canceled_amount?: TamaraMoney;
}

export function tamaraMoney(minor: number, currency: Currency): TamaraMoney {
  return { amount: minorToMajorNumber(minor, currency), currency };
}

export function tamaraMinorOf(money: TamaraMoney | undefined, currency: Currency): number {
  if (!money || money.amount === 0) return 0;
  return parseAmountToMinor(money.amount, isCurrency(money.currency) ? money.currency : currency);
}

export function tamaraSnapshot(order: TamaraOrder, currency: Currency): ProviderSnapshot {
  return {
    status: mapTamaraStatus(order.status),
    providerStatus: order.status,
    capturedMinor: tamaraMinorOf(order.captured_amount, currency),
    refundedMinor: tamaraMinorOf(order.refunded_amount, currency),
    ref: { paymentId: order.order_id },
  };
}

/** Tamara's in-store API takes the national number (e.g. 534274516); PayDesk stores E.164 (+966534274516). */
export function tamaraPhone(phoneE164: string): string {
  const parsed = parsePhoneNumberFromString(phoneE164);
  if (!parsed || !parsed.isValid()) {
    throw new AppError('validation_failed', `The phone number ${phoneE164} is not valid. Enter the customer's mobile number, e.g. +966501234567.`, { field: 'phone_number' });
  }
  return String(parsed.nationalNumber);
}

export async function callTamara<T>(ctx: AdapterContext, method: 'GET' | 'POST', path: string, json?: unknown): Promise<T> {
  const token = ctx.credentials.api_token;
  if (!token) throw new AppError('validation_failed', 'The Tamara app has no api_token. Add it in the Tamara org app settings.', { field: 'api_token', provider: 'tamara' });
  const res = await ctx.http.request({
    method,
    url: `${ctx.baseUrl.replace(/\/+$/, '')}${path}`,
    headers: { authorization: `Bearer ${token}` },
    // Only reads are safe to repeat: Tamara has no idempotency key, a repeated capture captures twice.
    idempotent: method === 'GET',
    ...(json === undefined ? {} : { json }),
  });
  return res.json<T>();
}

export function readTamaraOrder(ctx: AdapterContext, orderId: string): Promise<TamaraOrder> {
  return callTamara<TamaraOrder>(ctx, 'GET', `/merchants/orders/${encodeURIComponent(orderId)}`);
}

/**
 * Reads the order back after a money call that Tamara accepted. If that read fails, the money has moved but
 * PayDesk cannot see the result: report an unknown outcome (resolved by querying), never "unreachable".
 */
export async function readBackAfter(ctx: AdapterContext, orderId: string, what: string): Promise<TamaraOrder> {
  try {
    return await readTamaraOrder(ctx, orderId);
  } catch (err) {
    if (!(err instanceof ProviderCallError)) throw err;
    throw new ProviderCallError('unknown', `Tamara accepted the ${what} but PayDesk could not read the order back; it will check again.`, { provider: 'tamara' });
  }
}
