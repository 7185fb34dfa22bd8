import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { parseAmountToMinor, parseCurrency, type Currency } from '../../../shared/money';
import type { GatewayProviderId } from '../../../shared/providers';
import type { PaylinkStatus } from '../../../shared/status';
import { findProvider } from '../../../shared/providers';
import type { GatewayContext, GatewayPayment, SkippedItem, WebhookRequest } from './types';

// Helpers every gateway adapter needs: amounts, status tables, credentials, webhook plumbing.

export function gatewayName(gateway: GatewayProviderId): string {
  return findProvider(gateway)?.name ?? gateway;
}

/** Looks a verbatim gateway status up in its table; anything not in the table is 'unknown', never success. */
export function lookupStatus(table: Readonly<Record<string, PaylinkStatus>>, gatewayStatus: string): PaylinkStatus {
  return Object.hasOwn(table, gatewayStatus) ? (table[gatewayStatus] as PaylinkStatus) : 'unknown';
}

/**
 * A captured payment with money given back is refunded in full or in part, decided by the amounts,
 * not by the gateway's word alone ("refunded" with less than the amount given back is partial).
 */
export function applyRefunds(status: PaylinkStatus, capturedMinor: number, refundedMinor: number): PaylinkStatus {
  if ((status !== 'captured' && status !== 'refunded') || refundedMinor <= 0) return status;
  return refundedMinor >= capturedMinor ? 'refunded' : 'partially_refunded';
}

/**
 * Decimal major units ("92.00", 1.234, "-5.00") → signed integer minor units. Rejects, never
 * rounds, a value with more decimals than the currency has: such a row is flagged, not guessed.
 */
export function decimalToMinor(value: unknown, currency: Currency, field: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const negative = text.startsWith('-');
  const magnitude = negative ? text.slice(1) : text;
  if (/^0+(\.0+)?$/.test(magnitude)) return 0;
  const minor = parseAmountToMinor(magnitude === '' ? value : magnitude, currency, field);
  return negative ? -minor : minor;
}

/** Integer minor units as Stripe and Moyasar send them. */
export function integerMinor(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new AppError('invalid_amount', `The ${field} ${JSON.stringify(value)} is not a whole number of minor units.`, { field });
  }
  return value;
}

export { parseCurrency };

export function requireCredential(ctx: GatewayContext, gateway: GatewayProviderId, name: string): string {
  const value = ctx.credentials[name];
  if (!value) {
    throw new AppError('validation_failed', `The ${gatewayName(gateway)} app has no ${name}. Add it in Settings → Apps, then sync again.`, { field: name });
  }
  return value;
}

/** Positive integer setting (page sizes), with a default and an upper bound the gateway accepts. */
export function intSetting(ctx: GatewayContext, name: string, fallback: number, max: number): number {
  const n = Number(ctx.settings[name]);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Maps one page item by item: one odd row is reported, not allowed to sink the whole page. */
export function mapItems<T>(items: readonly T[], idOf: (item: T) => string, mapOne: (item: T) => GatewayPayment): { payments: GatewayPayment[]; skipped: SkippedItem[] } {
  const payments: GatewayPayment[] = [];
  const skipped: SkippedItem[] = [];
  for (const item of items) {
    try {
      payments.push(mapOne(item));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push({ gatewayId: idOf(item), reason: err.message });
    }
  }
  return { payments, skipped };
}

export function headerOf(req: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Constant-time string comparison; hashing first makes the lengths equal. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

export function webhookRefused(gateway: GatewayProviderId, why: string): AppError {
  return new AppError('unauthorized', `${gatewayName(gateway)} notification refused: ${why}.`, { provider: gateway });
}

export function parseWebhookJson<T>(gateway: GatewayProviderId, raw: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new AppError('invalid_json', `${gatewayName(gateway)} notification body is not JSON.`, { provider: gateway });
  }
}

export function unreadableAnswer(gateway: GatewayProviderId, what: string): AppError {
  return new AppError('provider_error', `${gatewayName(gateway)} sent ${what} PayDesk could not read.`, { provider: gateway });
}

/** Accepts gateway timestamps such as "2019-09-18 13:29:15+0000" as well as ISO 8601 and epoch ms. */
export function toIsoTime(value: unknown): string {
  let date: Date;
  if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && /^\d{10,}$/.test(value)) date = new Date(Number(value));
  else if (typeof value === 'string') date = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  else date = new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new AppError('provider_error', `Timestamp ${JSON.stringify(value)} from the gateway is not a date.`);
  return date.toISOString();
}

export function withFlags(payment: GatewayPayment, flags: string[]): GatewayPayment {
  return flags.length > 0 ? { ...payment, flags } : payment;
}
