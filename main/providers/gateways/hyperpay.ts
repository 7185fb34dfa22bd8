import { createDecipheriv } from 'node:crypto';
import type { PaylinkStatus } from '../../../shared/status';
import { HYPERPAY_NOT_FOUND_CODE } from '../contracts/hyperpay';
import { ProviderCallError } from '../http';
import { decimalToMinor, headerOf, joinUrl, mapItems, parseCurrency, requireCredential, toIsoTime, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// HyperPay (OPPWA): the result code decides the outcome, never the HTTP status (a decline is a 200).
// There is no documented list with paging, so "listing" queries by our merchantTransactionId, one
// order reference per page; each answer may hold several transactions (PA, CP, DB, RF, RV).
// One reference HyperPay refuses (a 4xx: a reference it cannot take, say) is reported and the
// listing goes on with the next; only auth failures and 429s stop it, since they would hit every
// reference alike (and a 429 is retried on the same page by the sync).

export type HyperPayOutcome = 'success' | 'review' | 'pending' | 'failed' | 'communication_error' | 'chargeback';

export interface HyperPayResultPattern {
  pattern: RegExp;
  outcome: HyperPayOutcome;
  meaning: string;
  /** A code this row matches, so the table tests itself end to end. */
  example: string;
}

/** Checked in order; the first match wins; no match is 'unknown' — never success. */
export const HYPERPAY_RESULT_PATTERNS: readonly HyperPayResultPattern[] = [
  { pattern: /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/, outcome: 'success', meaning: 'successful', example: '000.000.000' },
  { pattern: /^(000\.400\.0[^3]|000\.400\.100)/, outcome: 'review', meaning: 'successful, to be reviewed manually', example: '000.400.000' },
  { pattern: /^(000\.200)/, outcome: 'pending', meaning: 'pending, may change within about 30 minutes', example: '000.200.000' },
  { pattern: /^(800\.400\.5|100\.400\.500)/, outcome: 'pending', meaning: 'pending for days (non-instant method)', example: '800.400.500' },
  { pattern: /^(000\.400\.[1][0-9][1-9]|000\.400\.2)/, outcome: 'failed', meaning: 'rejected by 3-D Secure or risk checks', example: '000.400.101' },
  { pattern: /^(800\.[17]00|800\.800\.[123])/, outcome: 'failed', meaning: 'rejected by the bank or an external party', example: '800.100.151' },
  { pattern: /^(900\.[1234]00|000\.400\.030)/, outcome: 'communication_error', meaning: 'communication error: re-query before acting', example: '900.100.300' },
  { pattern: /^(800\.[56]|999\.|600\.1|800\.800\.[84])/, outcome: 'failed', meaning: 'system error', example: '800.500.100' },
  { pattern: /^(100\.39[765])/, outcome: 'failed', meaning: 'error in the asynchronous workflow', example: '100.397.101' },
  { pattern: /^(300\.100\.100)/, outcome: 'failed', meaning: 'soft decline: retry with 3-D Secure', example: '300.100.100' },
  { pattern: /^(100\.400\.[0-3]|100\.38|100\.370\.100|100\.370\.11)/, outcome: 'failed', meaning: 'rejected by external risk checks', example: '100.400.080' },
  { pattern: /^(800\.400\.1)/, outcome: 'failed', meaning: 'rejected by address validation', example: '800.400.100' },
  { pattern: /^(800\.400\.2|100\.390)/, outcome: 'failed', meaning: 'rejected by 3-D Secure', example: '100.390.112' },
  { pattern: /^(800\.[32])/, outcome: 'failed', meaning: 'rejected by a blacklist', example: '800.300.101' },
  { pattern: /^(800\.1[123456]0)/, outcome: 'failed', meaning: 'rejected by risk validation', example: '800.110.100' },
  { pattern: /^(600\.[23]|500\.[12]|800\.121)/, outcome: 'failed', meaning: 'configuration or validation error', example: '600.200.100' },
  { pattern: /^(100\.[13]50|100\.250|100\.360|700\.[1345][05]0|200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500)/, outcome: 'failed', meaning: 'rejected: invalid request data', example: '200.300.404' },
  { pattern: /^(100\.800|100\.700|100\.900\.|100\.100|100\.2[01]|100\.55)/, outcome: 'failed', meaning: 'rejected: invalid customer, account or amount data', example: '100.100.101' },
  { pattern: /^(000\.100\.2)/, outcome: 'chargeback', meaning: 'chargeback', example: '000.100.200' },
];

export function classifyResultCode(code: string): HyperPayResultPattern | undefined {
  return HYPERPAY_RESULT_PATTERNS.find((row) => row.pattern.test(code));
}

/** What a successful transaction means depends on its payment type. */
const SUCCESS_BY_PAYMENT_TYPE: Readonly<Record<string, PaylinkStatus>> = {
  DB: 'captured', // debit: authorize and capture at once
  CP: 'captured',
  PA: 'authorized',
  RF: 'refunded',
  RV: 'cancelled', // reversal of a pre-authorization
  CD: 'refunded', // credit back to the card
};

export function mapHyperPayResult(code: string, paymentType: string): { status: PaylinkStatus; flags: string[] } {
  const row = classifyResultCode(code);
  switch (row?.outcome) {
    case 'success':
      return { status: SUCCESS_BY_PAYMENT_TYPE[paymentType] ?? 'unknown', flags: [] };
    case 'review':
      return { status: SUCCESS_BY_PAYMENT_TYPE[paymentType] ?? 'unknown', flags: ['manual_review'] };
    case 'pending':
      return { status: 'created', flags: [] };
    case 'failed':
      return { status: 'rejected', flags: [] };
    case 'chargeback':
      return { status: 'refunded', flags: ['chargeback'] };
    default:
      return { status: 'unknown', flags: [] };
  }
}

export interface HyperPayTransaction {
  id: string;
  paymentType?: string;
  amount?: string;
  currency?: string;
  merchantTransactionId?: string;
  result?: { code?: string; description?: string };
  timestamp?: string;
}

function toPayment(t: HyperPayTransaction): GatewayPayment {
  const currency = parseCurrency(t.currency);
  const amountMinor = decimalToMinor(t.amount, currency, 'amount');
  const code = t.result?.code ?? '';
  const paymentType = t.paymentType ?? 'DB';
  const { status, flags } = mapHyperPayResult(code, paymentType);
  if (paymentType === 'RF' || paymentType === 'CD') flags.push('refund_transaction');
  return withFlags(
    {
      gateway: 'hyperpay',
      gatewayId: t.id,
      status,
      gatewayStatus: `${paymentType} ${code}`.trim(),
      amountMinor,
      refundedMinor: status === 'refunded' ? amountMinor : 0,
      currency,
      createdAt: toIsoTime(t.timestamp),
      ...(t.merchantTransactionId ? { reference: t.merchantTransactionId } : {}),
    },
    flags,
  );
}

function auth(ctx: GatewayContext): { headers: Record<string, string>; entityId: string } {
  return {
    headers: { authorization: `Bearer ${requireCredential(ctx, 'hyperpay', 'access_token')}` },
    entityId: ctx.settings.entity_id || requireCredential(ctx, 'hyperpay', 'entity_id'),
  };
}

/** A 4xx about this one query (not auth, not rate limiting), with HyperPay's result code when it sent one. */
function referenceRefused(err: unknown): { status: number; code?: string; description?: string } | undefined {
  if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') return undefined;
  const status = err.httpStatus_ ?? 0;
  if (status === 401 || status === 403 || status < 400 || status >= 500) return undefined;
  let result: { code?: unknown; description?: unknown } | undefined;
  try {
    result = (JSON.parse(err.providerBody ?? '') as { result?: typeof result }).result;
  } catch {
    result = undefined;
  }
  return {
    status,
    ...(typeof result?.code === 'string' ? { code: result.code } : {}),
    ...(typeof result?.description === 'string' ? { description: result.description } : {}),
  };
}

export const hyperpayAdapter: GatewayAdapter = {
  id: 'hyperpay',
  supportsList: true,
  listsByReference: true,

  async listPage(ctx, window, cursor) {
    const references = window.references ?? [];
    const index = cursor ? Number(cursor) : 0;
    const reference = references[index];
    if (reference === undefined) return { payments: [], skipped: [], nextCursor: null };
    const { headers, entityId } = auth(ctx);
    const nextCursor = index + 1 < references.length ? String(index + 1) : null;
    const query = new URLSearchParams({ entityId, merchantTransactionId: reference });
    let transactions: HyperPayTransaction[];
    try {
      const res = await ctx.http.request({ method: 'GET', url: joinUrl(ctx.baseUrl, `/v3/query?${query}`), headers });
      transactions = res.json<{ payments?: HyperPayTransaction[] }>().payments ?? [];
    } catch (err) {
      const refused = referenceRefused(err);
      if (refused === undefined) throw err;
      // No transaction under this reference yet is an empty answer, not a failure.
      if (refused.code === HYPERPAY_NOT_FOUND_CODE) return { payments: [], skipped: [], nextCursor };
      return { payments: [], skipped: [{ gatewayId: `merchantTransactionId ${reference}`, reason: `HyperPay refused the query (HTTP ${refused.status}${refused.code ? `, ${refused.code}` : ''}${refused.description ? ` ${refused.description}` : ''}); the other references were still read.` }], nextCursor };
    }
    const { payments, skipped } = mapItems(transactions, (t) => t.id, toPayment);
    return { payments, skipped, nextCursor };
  },

  async getPayment(ctx, id) {
    const { headers, entityId } = auth(ctx);
    const url = joinUrl(ctx.baseUrl, `/v3/query/${encodeURIComponent(id)}?${new URLSearchParams({ entityId })}`);
    const res = await ctx.http.request({ method: 'GET', url, headers });
    return toPayment(res.json<HyperPayTransaction>());
  },

  async verifyWebhook(ctx, req) {
    const keyHex = requireCredential(ctx, 'hyperpay', 'webhook_secret');
    const iv = headerOf(req, 'x-initialization-vector');
    const tag = headerOf(req, 'x-authentication-tag');
    if (!iv || !tag) throw webhookRefused('hyperpay', 'the X-Initialization-Vector or X-Authentication-Tag header is missing');
    let plaintext: string;
    try {
      // AES-256-GCM: a successful decryption with our key is the proof of origin.
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), Buffer.from(iv, 'hex'));
      decipher.setAuthTag(Buffer.from(tag, 'hex'));
      plaintext = Buffer.concat([decipher.update(Buffer.from(req.rawBody.trim(), 'hex')), decipher.final()]).toString('utf8');
    } catch {
      throw webhookRefused('hyperpay', 'the body does not decrypt with the webhook secret');
    }
    let notice: { type?: string; payload?: HyperPayTransaction };
    try {
      notice = JSON.parse(plaintext) as typeof notice;
    } catch {
      throw webhookRefused('hyperpay', 'the decrypted body is not JSON');
    }
    const payload = notice.payload;
    if (!payload?.id) throw webhookRefused('hyperpay', 'the notification names no transaction');
    return {
      dedupeKey: `${payload.id}:${payload.result?.code ?? ''}`,
      paymentId: payload.id,
      ...(payload.merchantTransactionId ? { reference: payload.merchantTransactionId } : {}),
      ...(payload.result?.code ? { gatewayStatus: payload.result.code } : {}),
    };
  },
};
