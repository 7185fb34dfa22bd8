import type { PaylinkStatus } from '../../../shared/status';
import type { MOYASAR_STATUSES } from '../contracts/moyasar';
import { applyRefunds, integerMinor, joinUrl, lookupStatus, mapItems, parseCurrency, parseWebhookJson, requireCredential, safeEqual, toIsoTime, webhookRefused, withFlags } from './common';
import type { GatewayAdapter, GatewayContext, GatewayPayment } from './types';

// Moyasar payments: page-numbered list with a `meta` block, Basic auth with the secret key as the
// user name, integer halalas. Page numbers shift when new payments arrive while we page, so the
// same payment can show up twice: the sync deduplicates by id, and the next run's overlap catches
// anything pushed past a page boundary.

/** Moyasar status → unified. `refunded` becomes partially_refunded when `refunded` < `amount`. */
export const MOYASAR_STATUS_MAP = {
  initiated: 'created',
  authorized: 'authorized',
  paid: 'captured',
  captured: 'captured',
  refunded: 'refunded',
  failed: 'rejected',
  voided: 'cancelled',
  // A card check while saving a card (docs.moyasar.com/payment-status-reference): no money moved,
  // nothing is held and nothing can be captured, so it is not an authorization. Terminal, and
  // flagged verification_only so a manager does not read it as a cancelled sale.
  verified: 'cancelled',
} as const satisfies Record<(typeof MOYASAR_STATUSES)[number], PaylinkStatus>;

export interface MoyasarPayment {
  id: string;
  status: string;
  amount: number;
  refunded?: number;
  currency: string;
  created_at: string;
  invoice_id?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
  source?: { type?: string; message?: string | null; transaction_url?: string | null };
}

interface MoyasarList {
  payments: MoyasarPayment[];
  meta?: { current_page?: number; next_page?: number | null; total_pages?: number; total_count?: number };
}

export function mapMoyasarStatus(status: string, amountMinor = 0, refundedMinor = 0): PaylinkStatus {
  return applyRefunds(lookupStatus(MOYASAR_STATUS_MAP, status), amountMinor, refundedMinor);
}

function toPayment(p: MoyasarPayment): GatewayPayment {
  const amountMinor = integerMinor(p.amount, 'amount');
  const refundedMinor = p.refunded ? integerMinor(p.refunded, 'refunded') : 0;
  const reference = p.metadata?.order_id ?? p.metadata?.reference ?? p.invoice_id ?? undefined;
  const flags: string[] = [];
  if (p.status === 'verified') flags.push('verification_only');
  if (p.status === 'initiated' && p.source?.transaction_url) flags.push('requires_action');
  return withFlags(
    {
      gateway: 'moyasar',
      gatewayId: p.id,
      status: mapMoyasarStatus(p.status, amountMinor, refundedMinor),
      gatewayStatus: p.status,
      amountMinor,
      refundedMinor,
      currency: parseCurrency(p.currency ?? 'SAR'),
      createdAt: toIsoTime(p.created_at),
      ...(reference ? { reference } : {}),
    },
    flags,
  );
}

function authHeaders(ctx: GatewayContext): Record<string, string> {
  const key = requireCredential(ctx, 'moyasar', 'secret_key');
  return { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
}

export const moyasarAdapter: GatewayAdapter = {
  id: 'moyasar',
  supportsList: true,

  async listPage(ctx, window, cursor) {
    const page = cursor ? Number(cursor) : 1;
    // created[gt]/[lt] are exclusive; widen by a millisecond so the window's edges are included.
    const query = new URLSearchParams({
      page: String(page),
      'created[gt]': new Date(window.from.getTime() - 1).toISOString(),
      'created[lt]': new Date(window.to.getTime() + 1).toISOString(),
    });
    const res = await ctx.http.request({ method: 'GET', url: joinUrl(ctx.baseUrl, `/v1/payments?${query}`), headers: authHeaders(ctx) });
    const list = res.json<MoyasarList>();
    const { payments, skipped } = mapItems(list.payments ?? [], (p) => p.id, toPayment);
    const next = list.meta?.next_page;
    return { payments, skipped, nextCursor: typeof next === 'number' && next > page ? String(next) : null };
  },

  async getPayment(ctx, id) {
    const res = await ctx.http.request({ method: 'GET', url: joinUrl(ctx.baseUrl, `/v1/payments/${encodeURIComponent(id)}`), headers: authHeaders(ctx) });
    return toPayment(res.json<MoyasarPayment>());
  },

  async verifyWebhook(ctx, req) {
    const expected = requireCredential(ctx, 'moyasar', 'webhook_secret_token');
    const event = parseWebhookJson<{ id?: string; type?: string; secret_token?: string; data?: MoyasarPayment }>('moyasar', req.rawBody);
    // Moyasar signs nothing: the shared secret_token inside the body is the whole proof.
    if (typeof event.secret_token !== 'string' || !safeEqual(event.secret_token, expected)) throw webhookRefused('moyasar', 'the secret_token does not match');
    const paymentId = event.data?.id;
    if (!event.id || !paymentId) throw webhookRefused('moyasar', 'the event names no payment');
    const reference = event.data?.metadata?.order_id ?? event.data?.invoice_id ?? undefined;
    return { dedupeKey: event.id, paymentId, ...(reference ? { reference } : {}), ...(event.data?.status ? { gatewayStatus: event.data.status } : {}) };
  },
};
