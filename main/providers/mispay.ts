import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, minorToMajorNumber, parseAmountToMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { createMispayClient, mispayCredential, mispayErrorCode, type MispayTokenCache } from './mispay-api';
import { decryptMispayPayload } from './mispay-crypto';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, PaylinkAdapter, ProviderRef, ProviderSnapshot, WebhookNotice } from './types';

// MisPay adapter (bnpl.md §3; contract: contracts/mispay.ts, docs/providers/mispay.md). MisPay identifies a
// checkout three ways: trackId (from start-checkout; our sessionId), checkoutId (MisPay's purchaseId, needed to end
// and to refund; our paymentId) and orderId (we send our paylink id). track-checkout reports only status and orderId,
// so the checkoutId is taken from the verified webhook (or the encrypted browser callback), as MisPay's plugins do.

/** What GET /v1/api/track-checkout/{trackId} answers in `result` (MAG MISPayRequestHelper trackCheckout). */
export interface MispayTrack {
  status?: string;
  orderId?: string;
}

/**
 * MisPay track status → unified status, the one table. `success` stays `success` after end-checkout and after
 * refunds (track-checkout reports neither), so what PayDesk did since is known from end/refund answers, not from here.
 * `expired` is the sandbox's value for a timed-out checkout (MisPay documents code MP01, not the status).
 */
export const MISPAY_STATUS_MAP = {
  pending: 'created',
  'in-progress': 'created',
  success: 'authorized',
  canceled: 'cancelled',
  error: 'rejected',
  expired: 'expired',
} as const satisfies Record<string, PaylinkStatus>;

/** Unmapped statuses become `unknown`: the verbatim string is kept and the paylink keeps being checked. */
export function mapMispayStatus(track: MispayTrack): PaylinkStatus {
  const key = (track.status ?? '').trim().toLowerCase();
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

function snapshotOf(track: MispayTrack, ref: ProviderRef): ProviderSnapshot {
  const extra: Record<string, string> = { ...ref.extra, trackId: trackIdOf(ref) };
  if (track.orderId) extra.orderId = track.orderId;
  return {
    status: mapMispayStatus(track),
    providerStatus: track.status ?? '',
    capturedMinor: 0,
    refundedMinor: 0,
    ref: { sessionId: ref.sessionId, ...(ref.paymentId ? { paymentId: ref.paymentId } : {}), extra },
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

  /**
   * The checkoutId MisPay sent with its notification (stored as the paylink's payment id). Until it has arrived nothing
   * is sent to MisPay: the failure says "not reached", so the engine keeps the command (and its key) pending and tries
   * again once the notification is in, instead of failing the capture for good.
   */
  function checkoutIdOf(ref: ProviderRef): string {
    if (!ref.paymentId) {
      throw new ProviderCallError(
        'unreachable',
        "MisPay has not sent this checkout's id yet (it comes with MisPay's notification once the customer approves). PayDesk will finalize it as soon as it arrives; if it never does, finalize the sale in the MisPay portal.",
        { provider: 'mispay' },
      );
    }
    return ref.paymentId;
  }

  return {
    id: 'mispay',
    moneyCalls: {
      create: { dedupes: false, readBack: false, source: 'mispay-bnpl/mispay-magento2-extension Helper/MISPayRequestHelper.php: start-checkout has no idempotency key; track-checkout needs the trackId from its answer' },
      // end-checkout finalizes one checkout, so a repeat cannot take money twice; it is refused (ME04), read as "ended".
      capture: { dedupes: true, readBack: false, source: 'assumed: a checkout is ended once (MAG Callback ends it once on MP00); a repeated end answers ME04, which PayDesk reads as already ended' },
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
      // v1.2 requires orderDetails with items (fidelity 8): a sale rung up without lines is one line for the whole amount.
      const items = input.items.length > 0 ? input.items : [{ name: input.description?.trim() || `Order ${input.orderId}`, quantity: 1, unitPriceMinor: input.amountMinor }];
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
        customerDetails,
        orderDetails: { items: items.map((i) => ({ quantity: i.quantity, unitPrice: minorToMajorNumber(i.unitPriceMinor, SAR), nameEnglish: i.name })) },
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

    async getStatus(ctx, ref) {
      return snapshotOf(await track(ctx, ref), ref);
    },

    async capture(ctx, ref, cmd) {
      const before = snapshotOf(await track(ctx, ref), ref);
      if (before.status !== 'authorized') {
        throw new AppError('conflict', `The MisPay checkout is "${before.providerStatus}", not approved, so there is nothing to finalize. Wait for the customer or start a new paylink.`, {
          provider: 'mispay',
        });
      }
      // End-checkout finalizes the whole checkout (partialCapture is false, so the engine asks for the full amount).
      // It cannot take money twice: a second end of an approved checkout is refused (ME04), which after a `success`
      // read means an earlier end (whose answer was lost) went through.
      let res;
      try {
        res = await client.call(ctx, { method: 'PUT', path: `/v1/api/checkout/${encodeURIComponent(checkoutIdOf(ref))}/end`, idempotent: false });
      } catch (err) {
        if (mispayErrorCode(err) !== 'ME04') throw err;
        return { ...before, status: 'captured', capturedMinor: cmd.amountMinor, ref: { ...before.ref, sessionId: ref.sessionId } };
      }
      const transactionId = res.json<{ result?: { transactionId?: unknown } }>().result?.transactionId;
      if (typeof transactionId !== 'string') throw new ProviderCallError('unknown', 'MisPay answered end-checkout without a transaction id; PayDesk cannot tell whether the sale was finalized.', { provider: 'mispay' });
      return { ...before, status: 'captured', capturedMinor: cmd.amountMinor, ref: { ...before.ref, sessionId: ref.sessionId, extra: { ...before.ref?.extra, transactionId } } };
    },

    async cancel(ctx, ref) {
      // MisPay has no cancel API: report the state if it has ended, otherwise say what to do instead.
      const snapshot = snapshotOf(await track(ctx, ref), ref);
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
        default:
          throw new AppError(
            'conflict',
            'The customer already approved this MisPay checkout and MisPay has no cancel API. Capture it and refund, or contact MisPay support.',
            { provider: 'mispay', provider_status: snapshot.providerStatus },
          );
      }
    },

    async refund(ctx, ref, cmd) {
      if (cmd.currency !== SAR) throw new AppError('unsupported_currency', `MisPay refunds in SAR only, not ${cmd.currency}.`, { field: 'currency' });
      const body = {
        purchaseId: checkoutIdOf(ref),
        // The whole checkout was finalized (no partial capture), so its total is what was captured.
        totalAmount: formatMinor(cmd.capturedMinor, SAR),
        currency: SAR,
        orderId: ref.extra?.orderId ?? cmd.orderId,
        amount: formatMinor(cmd.amountMinor, SAR),
        // Sent for MisPay's records; MisPay documents the field, not that a repeat is answered without refunding.
        merchantRefundId: cmd.idempotencyKey,
        ...(cmd.reason ? { comments: cmd.reason } : {}),
      };
      // Not retried: no dedupe is documented and track-checkout does not show refunds (moneyCalls.refund), so a lost
      // answer stays pending rather than refunding twice. A refusal is never read as "already done".
      await client.call(ctx, { method: 'POST', path: '/v1/api/refund', json: body, idempotent: false });
      const refundedMinor = (cmd.refundedMinor ?? 0) + cmd.amountMinor;
      return {
        status: refundedMinor >= cmd.capturedMinor ? 'refunded' : 'partially_refunded',
        providerStatus: 'success',
        capturedMinor: cmd.capturedMinor,
        refundedMinor,
        ref: { sessionId: ref.sessionId, ...(ref.paymentId ? { paymentId: ref.paymentId } : {}) },
      };
    },

    async verifyWebhook(ctx, req): Promise<WebhookNotice> {
      // The browser callback `?_=` is encrypted with the app secret: decrypting it is the proof it came from MisPay.
      if (req.query._) return verifyCallback(ctx, req.query._);
      // MisPay signs its server webhook with nothing: production relies on the IP allow-list (34.166.80.250) in front
      // of the webhook route. Here we check it names our app and an order; the engine re-reads track-checkout.
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
      // The checkoutId end-checkout and refund need: the engine keeps it as the paylink's payment id.
      if (typeof body.checkoutId === 'string' && body.checkoutId !== '') notice.paymentId = body.checkoutId;
      if (typeof body.code === 'string') notice.providerStatus = body.code;
      // MP03 is sent for a refund (DOCS /docs/webhook), with isFullyRefunded; track-checkout shows no refunds.
      if (body.code === 'MP03') notice.refundApplied = { full: body.isFullyRefunded === true };
      return notice;
    },
  };
}

async function verifyCallback(ctx: AdapterContext, blob: string): Promise<WebhookNotice> {
  let payload: { code?: unknown; checkoutId?: unknown; orderId?: unknown };
  try {
    payload = JSON.parse(await decryptMispayPayload(blob, mispayCredential(ctx, 'app_secret'))) as typeof payload;
  } catch {
    throw new AppError('unauthorized', 'This MisPay callback did not decrypt with the MisPay app secret; it was ignored.');
  }
  if (typeof payload.orderId !== 'string' || payload.orderId === '' || typeof payload.checkoutId !== 'string' || payload.checkoutId === '') {
    throw new AppError('unauthorized', 'This MisPay callback names no order or checkout; it was ignored.');
  }
  return {
    dedupeKey: `mispay-callback:${createHash('sha256').update(blob).digest('hex')}`,
    reference: payload.orderId,
    paymentId: payload.checkoutId,
    ...(typeof payload.code === 'string' ? { providerStatus: payload.code } : {}),
  };
}

export const mispayAdapter: PaylinkAdapter = createMispayAdapter();
