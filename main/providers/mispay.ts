import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { PaylinkStatus } from '../../shared/status';
import { createMispayClient, mispayCredential, type MispayTokenCache } from './mispay-api';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, PaylinkAdapter, ProviderRef, ProviderSnapshot, WebhookNotice } from './types';

// MisPay adapter (bnpl.md §3). MisPay identifies a checkout three ways: trackId (from
// start-checkout; our sessionId), checkoutId (from track-checkout; our paymentId, MisPay's
// purchaseId) and orderId (we send our paylink id, so webhooks — which carry orderId and
// checkoutId but no trackId — can be matched to the paylink).

/** What GET /v1/api/track-checkout/{trackId} answers in `result`. */
export interface MispayTrack {
  status?: string;
  trackId?: string;
  checkoutId?: string;
  orderId?: string;
  code?: string | null;
  purchaseAmount?: number | string;
  // Not in MisPay's published docs; the sandbox reports them and the adapter uses them when present.
  transactionId?: string | null;
  refundedAmount?: number | string;
  isFullyRefunded?: boolean;
}

/**
 * MisPay status → unified status, the one table. MisPay reports `success` both before and after
 * end-checkout, so the rows after `success` are keys derived by mispayStatusKey from the facts
 * track-checkout adds (transactionId, refunds). `expired` is the sandbox's value for a timed-out
 * checkout (MisPay documents none; a real timeout may show `canceled`, which still ends the link).
 */
export const MISPAY_STATUS_MAP = {
  pending: 'created',
  'in-progress': 'created',
  success: 'authorized',
  'success:ended': 'captured',
  'success:partially-refunded': 'partially_refunded',
  'success:refunded': 'refunded',
  canceled: 'cancelled',
  error: 'rejected',
  expired: 'expired',
} as const satisfies Record<string, PaylinkStatus>;

export function mispayStatusKey(track: MispayTrack): string {
  const status = (track.status ?? '').trim().toLowerCase();
  if (status !== 'success' || !track.transactionId) return status;
  if (track.isFullyRefunded) return 'success:refunded';
  return (minorOf(track.refundedAmount) ?? 0) > 0 ? 'success:partially-refunded' : 'success:ended';
}

/** Unmapped statuses become `unknown`: the verbatim string is kept and the paylink keeps being checked. */
export function mapMispayStatus(track: MispayTrack): PaylinkStatus {
  const key = mispayStatusKey(track);
  return Object.hasOwn(MISPAY_STATUS_MAP, key) ? MISPAY_STATUS_MAP[key as keyof typeof MISPAY_STATUS_MAP] : 'unknown';
}

const SAR: Currency = 'SAR';
const BOUNDS = findProvider('mispay')?.amountBoundsMinor?.SAR;
const MONEY_TAKEN: readonly PaylinkStatus[] = ['captured', 'partially_refunded', 'refunded'];

function minorOf(value: unknown): number | undefined {
  if (value === 0 || value === '0') return 0;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseAmountToMinor(value, SAR);
  } catch {
    return undefined;
  }
}

export function assertMispayAmount(amountMinor: number, currency: Currency): void {
  if (currency !== SAR) {
    throw new AppError('unsupported_currency', `MisPay accepts SAR only, not ${currency}. Choose another provider for this sale.`, { field: 'currency', provider: 'mispay' });
  }
  if (BOUNDS && (amountMinor < BOUNDS.min || amountMinor > BOUNDS.max)) {
    throw new AppError(
      'invalid_amount',
      `MisPay accepts orders from ${formatMinor(BOUNDS.min, SAR)} to ${formatMinor(BOUNDS.max, SAR)} SAR; this one is ${formatMinor(amountMinor, SAR)} SAR. Choose another provider.`,
      { field: 'amount', provider: 'mispay' },
    );
  }
}

const trackIdOf = (ref: ProviderRef) => ref.extra?.trackId ?? ref.sessionId;

function snapshotOf(track: MispayTrack, ref: ProviderRef, fallbackTotalMinor: number): ProviderSnapshot {
  const status = mapMispayStatus(track);
  const totalMinor = minorOf(track.purchaseAmount) ?? fallbackTotalMinor;
  const capturedMinor = MONEY_TAKEN.includes(status) ? totalMinor : 0;
  const refundedMinor = status === 'refunded' ? capturedMinor : Math.min(minorOf(track.refundedAmount) ?? 0, capturedMinor);
  const extra: Record<string, string> = { ...ref.extra, trackId: track.trackId ?? trackIdOf(ref) };
  if (track.orderId) extra.orderId = track.orderId;
  if (track.transactionId) extra.transactionId = track.transactionId;
  const checkoutId = track.checkoutId ?? ref.paymentId;
  return {
    status,
    providerStatus: track.status ?? '',
    capturedMinor,
    refundedMinor,
    ref: { sessionId: ref.sessionId, ...(checkoutId ? { paymentId: checkoutId } : {}), extra },
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * @param tokenCache where decrypted JWTs live until their expiration; each adapter instance has its
 * own (the default export shares one across the process, keyed by base URL + app id).
 */
export function createMispayAdapter(tokenCache: MispayTokenCache = new Map()): PaylinkAdapter {
  const client = createMispayClient(tokenCache);

  async function track(ctx: AdapterContext, ref: ProviderRef): Promise<MispayTrack> {
    const res = await client.call(ctx, { method: 'GET', path: `/v1/api/track-checkout/${encodeURIComponent(trackIdOf(ref))}` });
    const result = res.json<{ result?: MispayTrack }>().result;
    if (!result || typeof result.status !== 'string') throw new AppError('provider_error', 'MisPay answered track-checkout without a status. PayDesk will check again.');
    return result;
  }

  function checkoutIdOf(trackResult: MispayTrack, ref: ProviderRef): string {
    const id = trackResult.checkoutId ?? ref.paymentId;
    if (!id) throw new AppError('provider_error', 'MisPay did not report the checkout id for this paylink yet. Refresh and try again.');
    return id;
  }

  return {
    id: 'mispay',
    moneyCalls: {
      create: { dedupes: false, readBack: false, source: 'mispay-bnpl/mispay-magento2-extension Helper/MISPayRequestHelper.php: start-checkout has no idempotency key; track-checkout needs the trackId from its answer' },
      // end-checkout finalizes one checkout; whether a second end is refused or answered is not published.
      capture: { dedupes: false, readBack: false, source: 'assumed: no source shows a repeated end-checkout, and track-checkout reports success before and after end' },
      refund: { dedupes: false, readBack: false, source: 'doc.mispay.co /reference/post_v1-api-refund: merchantRefundId optional, dedupe not stated; track-checkout shows no refunds' },
      cancel: { dedupes: false, readBack: true, source: 'no MisPay cancel API (doc.mispay.co /docs/endpoints); the adapter only reads track-checkout' },
    },
    partialCapture: false,

    async createPaylink(ctx, input: CreatePaylinkInput): Promise<CreatedPaylink> {
      assertMispayAmount(input.amountMinor, input.currency);
      const amount = minorToMajorNumber(input.amountMinor, SAR);
      const customerDetails: Record<string, string> = {};
      if (input.buyer.phoneE164) customerDetails.mobileNumber = input.buyer.phoneE164;
      if (input.buyer.email) customerDetails.email = input.buyer.email;
      const body = {
        version: 'v1.2',
        orderId: input.paylinkId,
        purchaseAmount: amount,
        purchaseCurrency: SAR,
        // PayDesk prices are VAT-inclusive and carry no shipping; MisPay checks only that the parts add up.
        totalPrice: amount,
        shippingAmount: 0,
        vat: 0,
        lang: input.lang,
        ...(Object.keys(customerDetails).length > 0 ? { customerDetails } : {}),
        ...(input.items.length > 0
          ? { orderDetails: { items: input.items.map((i) => ({ quantity: i.quantity, unitPrice: minorToMajorNumber(i.unitPriceMinor, SAR), nameEnglish: i.name })) } }
          : {}),
      };
      // No idempotency key exists for start-checkout, so it is never retried blindly.
      const res = await client.call(ctx, { method: 'POST', path: '/v1/api/start-checkout', json: body, idempotent: false });
      const result = res.json<{ result?: { url?: unknown; trackId?: unknown } }>().result;
      if (typeof result?.url !== 'string' || typeof result.trackId !== 'string') {
        throw new AppError('provider_error', 'MisPay created no checkout link (the answer had no url or trackId). Try again or choose another provider.');
      }
      return {
        ref: { sessionId: result.trackId, extra: { trackId: result.trackId, orderId: input.paylinkId } },
        checkoutUrl: result.url,
        // MisPay publishes no checkout lifetime, so no expiresAt is promised to the cashier.
        status: 'created',
        providerStatus: 'pending',
        capturedMinor: 0,
        refundedMinor: 0,
      };
    },

    async getStatus(ctx, ref, amountMinor) {
      return snapshotOf(await track(ctx, ref), ref, amountMinor);
    },

    async capture(ctx, ref, cmd) {
      const before = await track(ctx, ref);
      const totalMinor = minorOf(before.purchaseAmount) ?? cmd.amountMinor;
      if (cmd.amountMinor > totalMinor) {
        throw new AppError('amount_exceeds_remaining', `The MisPay checkout is ${formatMinor(totalMinor, SAR)} SAR; PayDesk cannot capture ${formatMinor(cmd.amountMinor, SAR)} SAR.`);
      }
      if (cmd.amountMinor < totalMinor) {
        throw new AppError(
          'validation_failed',
          `MisPay finalizes the full amount only (${formatMinor(totalMinor, SAR)} SAR); it has no partial capture. Capture the full amount and refund the difference.`,
          { field: 'amount', provider: 'mispay' },
        );
      }
      const snapshot = snapshotOf(before, ref, totalMinor);
      if (MONEY_TAKEN.includes(snapshot.status)) return snapshot; // already ended: finalizing again would change nothing
      if (snapshot.status !== 'authorized') {
        throw new AppError('conflict', `The MisPay checkout is "${before.status}", not approved, so there is nothing to finalize. Wait for the customer or start a new paylink.`);
      }
      const res = await client.call(ctx, { method: 'PUT', path: `/v1/api/checkout/${encodeURIComponent(checkoutIdOf(before, ref))}/end` });
      const transactionId = res.json<{ result?: { transactionId?: unknown } }>().result?.transactionId;
      const after = snapshotOf(await track(ctx, ref), ref, totalMinor);
      // Against an API that does not report transactionId in track-checkout, the end answer is the proof.
      if (after.status === 'authorized' && typeof transactionId === 'string') {
        return { ...after, status: 'captured', capturedMinor: totalMinor, ref: { ...after.ref, extra: { ...after.ref?.extra, transactionId } } };
      }
      return after;
    },

    async cancel(ctx, ref, cmd) {
      // MisPay has no cancel API: report the state if it has ended, otherwise say what to do instead.
      const snapshot = snapshotOf(await track(ctx, ref), ref, cmd.amountMinor);
      switch (snapshot.status) {
        case 'cancelled':
        case 'expired':
        case 'rejected':
          return snapshot;
        case 'created':
        case 'unknown':
          throw new AppError(
            'conflict',
            'MisPay has no way to cancel a checkout from the till. Ask the customer to close the MisPay page; otherwise it times out by itself. PayDesk keeps checking and shows the outcome.',
            { provider: 'mispay', provider_status: snapshot.providerStatus },
          );
        case 'authorized':
          throw new AppError(
            'conflict',
            'The customer already approved this MisPay checkout and MisPay has no cancel API. Capture it and refund, or leave it unfinalized and contact MisPay support.',
            { provider: 'mispay', provider_status: snapshot.providerStatus },
          );
        default:
          throw new AppError('conflict', 'This MisPay checkout is already finalized; refund it instead of cancelling.', { provider: 'mispay', provider_status: snapshot.providerStatus });
      }
    },

    async refund(ctx, ref, cmd) {
      if (cmd.currency !== SAR) throw new AppError('unsupported_currency', `MisPay refunds in SAR only, not ${cmd.currency}.`, { field: 'currency' });
      const before = await track(ctx, ref);
      const totalMinor = minorOf(before.purchaseAmount) ?? cmd.capturedMinor;
      const body = {
        purchaseId: checkoutIdOf(before, ref),
        totalAmount: formatMinor(totalMinor, SAR),
        currency: SAR,
        orderId: before.orderId ?? ref.extra?.orderId ?? cmd.orderId,
        amount: formatMinor(cmd.amountMinor, SAR),
        // The sandbox de-duplicates on merchantRefundId; MisPay documents the field but not the behaviour.
        merchantRefundId: cmd.idempotencyKey,
        ...(cmd.reason ? { comments: cmd.reason } : {}),
      };
      // A refusal is never read as "already done": a fully refunded checkout cannot tell this refund apart
      // from an earlier one, and reporting success for money that did not move is the worse mistake.
      const res = await client.call(ctx, { method: 'POST', path: '/v1/api/refund', json: body, idempotent: false });
      const flag = res.json<{ result?: { isFullyRefunded?: unknown } }>().result?.isFullyRefunded;
      const isFullyRefunded = typeof flag === 'boolean' ? flag : undefined;
      const after = snapshotOf(await track(ctx, ref), ref, totalMinor);
      // Against an API whose track-checkout reports no refunds, the refund answer is the evidence.
      if (after.status === 'captured' && after.refundedMinor === 0 && isFullyRefunded !== undefined) {
        return isFullyRefunded
          ? { ...after, status: 'refunded', refundedMinor: after.capturedMinor }
          : { ...after, status: 'partially_refunded', refundedMinor: cmd.amountMinor };
      }
      return after;
    },

    async verifyWebhook(ctx, req): Promise<WebhookNotice> {
      // MisPay signs nothing: production relies on the IP allow-list (34.166.80.250) in front of the
      // webhook route. Here we only check the notification names our app and an order, and the
      // engine re-reads track-checkout before any money state changes.
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(req.rawBody);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        throw new AppError('unauthorized', 'This is not a MisPay notification (the body is not a JSON object); it was ignored.');
      }
      const appId = mispayCredential(ctx, 'app_id');
      if (typeof body.appId !== 'string' || !sameText(body.appId, appId)) {
        throw new AppError('unauthorized', 'This MisPay notification is not for the configured MisPay app id; it was ignored.');
      }
      if (typeof body.orderId !== 'string' || body.orderId === '') {
        throw new AppError('unauthorized', 'This MisPay notification names no orderId, so it cannot be trusted or matched; it was ignored.');
      }
      const notice: WebhookNotice = {
        // MisPay sends no delivery id; it sends each notification once, so the body hash is a stable key.
        dedupeKey: createHash('sha256').update(req.rawBody).digest('hex'),
        reference: body.orderId,
      };
      if (typeof body.checkoutId === 'string') notice.paymentId = body.checkoutId;
      if (typeof body.code === 'string') notice.providerStatus = body.code;
      return notice;
    },
  };
}

export const mispayAdapter: PaylinkAdapter = createMispayAdapter();
