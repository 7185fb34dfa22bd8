import { createHash } from 'node:crypto';
import { jwtVerify } from 'jose';
import { AppError } from '../../shared/errors';
import type { Currency } from '../../shared/money';
import { TAMARA_HOSTS } from './contracts/tamara';
import { ProviderCallError } from './http';
import { callTamara, readBackAfter, readTamaraOrder, tamaraMinorOf, tamaraMoney, tamaraPhone, tamaraSnapshot, type TamaraOrder } from './tamara-api';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, MoneyCommand, PaylinkAdapter, ProviderRef, ProviderSnapshot, WebhookNotice, WebhookRequest } from './types';

export { TAMARA_STATUS_MAP, mapTamaraStatus, tamaraSnapshot } from './tamara-api';

// Tamara adapter (bnpl.md §2), in-store SMS flow. ref.sessionId = checkout_id (void, resend);
// ref.paymentId = order_id (everything else). Our paylink id is order_reference_id.

export const TAMARA_CURRENCIES: readonly Currency[] = ['SAR', 'AED', 'BHD', 'KWD', 'OMR'];
/** Default in-store link lifetime; Tamara ignores expiry_time unless its support enables it. */
const IN_STORE_LINK_MINUTES = 15;
/** Tamara wants a carrier on captures; in a store the customer takes the goods with them. */
const IN_STORE_SHIPPING_COMPANY = 'In-store pickup';

export function assertTamaraCurrency(currency: Currency): void {
  if (!TAMARA_CURRENCIES.includes(currency)) {
    throw new AppError('unsupported_currency', `Tamara takes ${TAMARA_CURRENCIES.join(', ')} only, not ${currency}. Choose another provider for this sale.`, {
      field: 'currency',
      provider: 'tamara',
    });
  }
}

function orderIdOf(ref: ProviderRef): string {
  if (!ref.paymentId) throw new AppError('conflict', 'This Tamara paylink has no order id, so Tamara cannot be asked about it.');
  return ref.paymentId;
}

function itemsOf(input: CreatePaylinkInput) {
  const money = (minor: number) => tamaraMoney(minor, input.currency);
  const items = input.items.length
    ? input.items
    : // Tamara requires at least one item; a sale rung up without lines becomes one line for the whole amount.
      [{ name: input.description ?? `Order ${input.orderId}`, quantity: 1, unitPriceMinor: input.amountMinor, sku: input.orderId }];
  return items.map((item, i) => ({
    reference_id: item.sku ?? String(i + 1),
    type: 'Physical',
    name: item.name,
    sku: item.sku ?? String(i + 1),
    quantity: item.quantity,
    unit_price: money(item.unitPriceMinor),
    total_amount: money(item.unitPriceMinor * item.quantity),
    tax_amount: money(0),
    discount_amount: money(0),
  }));
}

async function createPaylink(ctx: AdapterContext, input: CreatePaylinkInput): Promise<CreatedPaylink> {
  assertTamaraCurrency(input.currency);
  if (!input.buyer.phoneE164) {
    throw new AppError('validation_failed', "Tamara texts the payment link to the customer, so the customer's phone number is required.", { field: 'phone_number' });
  }
  const storeCode = (input.options.store_code as string | undefined) ?? ctx.settings.store_code;
  const paymentType = input.options.payment_type as string | undefined;
  const created = await callTamara<{ order_id: string; checkout_id: string; checkout_deeplink: string }>(ctx, 'POST', '/checkout/in-store-session', {
    total_amount: tamaraMoney(input.amountMinor, input.currency),
    phone_number: tamaraPhone(input.buyer.phoneE164),
    ...(input.buyer.email ? { email: input.buyer.email } : {}),
    order_reference_id: input.paylinkId,
    order_number: input.orderId,
    items: itemsOf(input),
    locale: (input.options.locale as string | undefined) ?? (input.lang === 'ar' ? 'ar_SA' : 'en_US'),
    ...(paymentType ? { payment_type: paymentType.toUpperCase() } : {}),
    ...(storeCode ? { additional_data: { store_code: storeCode } } : {}),
  });
  return {
    status: 'created',
    providerStatus: 'new',
    capturedMinor: 0,
    refundedMinor: 0,
    ref: { sessionId: created.checkout_id, paymentId: created.order_id },
    checkoutUrl: created.checkout_deeplink,
    expiresAt: new Date(ctx.now().getTime() + IN_STORE_LINK_MINUTES * 60_000).toISOString(),
    smsSentTo: input.buyer.phoneE164,
  };
}

/** `approved` is only half-way: the merchant must authorise it (else Tamara expires it after 72 h). */
async function authorise(ctx: AdapterContext, orderId: string): Promise<void> {
  try {
    await callTamara(ctx, 'POST', `/orders/${encodeURIComponent(orderId)}/authorise`);
  } catch (err) {
    // Refused most likely because another refresh authorised it first; the read that follows tells.
    if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') throw err;
  }
}

async function readAuthorised(ctx: AdapterContext, orderId: string): Promise<TamaraOrder> {
  const order = await readTamaraOrder(ctx, orderId);
  if (order.status.toLowerCase() !== 'approved') return order;
  await authorise(ctx, orderId);
  return readTamaraOrder(ctx, orderId);
}

async function getStatus(ctx: AdapterContext, ref: ProviderRef, _amountMinor: number, currency: Currency): Promise<ProviderSnapshot> {
  return tamaraSnapshot(await readAuthorised(ctx, orderIdOf(ref)), currency);
}

async function capture(ctx: AdapterContext, ref: ProviderRef, cmd: MoneyCommand): Promise<ProviderSnapshot> {
  const orderId = orderIdOf(ref);
  // Not retried: Tamara takes no idempotency key, so a repeat would capture twice. The engine resolves lost answers by reading.
  await callTamara(ctx, 'POST', '/payments/capture', {
    order_id: orderId,
    total_amount: tamaraMoney(cmd.amountMinor, cmd.currency),
    shipping_info: { shipped_at: ctx.now().toISOString(), shipping_company: IN_STORE_SHIPPING_COMPANY },
  });
  return tamaraSnapshot(await readBackAfter(ctx, orderId, 'capture'), cmd.currency);
}

async function refund(ctx: AdapterContext, ref: ProviderRef, cmd: MoneyCommand & { orderId: string }): Promise<ProviderSnapshot> {
  const orderId = orderIdOf(ref);
  await callTamara(ctx, 'POST', `/payments/simplified-refund/${encodeURIComponent(orderId)}`, {
    total_amount: tamaraMoney(cmd.amountMinor, cmd.currency),
    comment: cmd.reason ?? `Refund for order ${cmd.orderId}`,
    merchant_refund_id: cmd.idempotencyKey,
  });
  return tamaraSnapshot(await readBackAfter(ctx, orderId, 'refund'), cmd.currency);
}

function uncapturedMinorOf(order: TamaraOrder, currency: Currency): number {
  return tamaraMinorOf(order.total_amount, currency) - tamaraMinorOf(order.captured_amount, currency) - tamaraMinorOf(order.canceled_amount, currency);
}

const GONE = ['cancelled', 'expired'];

function cannotCancel(snap: ProviderSnapshot): AppError {
  return new AppError(
    'conflict',
    snap.capturedMinor > 0
      ? `Tamara says the customer already paid (${snap.providerStatus}), so the link cannot be cancelled. Refund it instead.`
      : `Tamara could not cancel this order; it is ${snap.providerStatus}. Refresh the paylink.`,
    { provider: 'tamara', provider_status: snap.providerStatus, status: snap.status },
  );
}

/** new → void the checkout session; approved/authorised → cancel what is not captured. */
async function cancel(ctx: AdapterContext, ref: ProviderRef, cmd: { orderId: string; currency: Currency }): Promise<ProviderSnapshot> {
  const orderId = orderIdOf(ref);
  const order = await readAuthorised(ctx, orderId);
  const before = tamaraSnapshot(order, cmd.currency);
  if (GONE.includes(before.status)) return before;
  if (before.status !== 'created' && before.status !== 'authorized') throw cannotCancel(before);
  try {
    if (before.status === 'created') {
      // A read-back order (findCreatedPaylink) has no checkout id: Tamara's order lookup does not return one.
      if (!ref.sessionId || ref.sessionId === orderId) {
        throw new AppError('conflict', 'PayDesk does not know the Tamara checkout id of this link, so it cannot void it. It expires by itself after 15 minutes; PayDesk keeps checking.', {
          provider: 'tamara',
        });
      }
      // The docs put order_id and store_code in the query, the official SDK in a JSON body: both are sent, the same values.
      const storeCode = ctx.settings.store_code;
      const query = new URLSearchParams({ order_id: orderId, ...(storeCode ? { store_code: storeCode } : {}) });
      await callTamara(ctx, 'POST', `/checkout/${encodeURIComponent(ref.sessionId)}/void?${query}`, { order_id: orderId, ...(storeCode ? { store_code: storeCode } : {}) });
    } else {
      await callTamara(ctx, 'POST', `/orders/${encodeURIComponent(orderId)}/cancel`, { total_amount: tamaraMoney(uncapturedMinorOf(order, cmd.currency), cmd.currency) });
    }
  } catch (err) {
    if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') throw err;
    // Refused: maybe the customer or time got there first. What Tamara says now decides.
  }
  const after = tamaraSnapshot(await readBackAfter(ctx, orderId, 'cancellation'), cmd.currency);
  if (GONE.includes(after.status)) return after;
  // A partly captured order whose rest was released is now simply captured: that cancel succeeded too.
  if (before.status === 'authorized' && before.capturedMinor > 0 && after.status === 'captured' && after.capturedMinor === before.capturedMinor) return after;
  throw cannotCancel(after);
}

/**
 * Texts the same link again. Tamara publishes no resend call (a new in-store session would be a second order), so
 * against Tamara's own hosts this is unavailable with a clear code; only PayDesk's simulator offers
 * `/checkout/{checkout_id}/resend-sms` for demo mode.
 */
async function resend(ctx: AdapterContext, ref: ProviderRef, phoneE164: string): Promise<void> {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  if ((TAMARA_HOSTS as readonly string[]).includes(base)) {
    throw new AppError('provider_feature_unavailable', "Tamara cannot send the link again. Ask the customer to look for Tamara's SMS, or cancel this link and create a new one.", {
      provider: 'tamara',
    });
  }
  try {
    await callTamara(ctx, 'POST', `/checkout/${encodeURIComponent(ref.sessionId)}/resend-sms`, { phone_number: tamaraPhone(phoneE164) });
  } catch (err) {
    if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') throw err;
    throw new AppError('provider_rejected', 'Tamara did not send the link again. Ask the customer to check their SMS, or cancel this link and create a new one.', {
      provider: 'tamara',
      provider_status: err.httpStatus_,
    });
  }
}

/**
 * After a lost create answer: GET /merchants/orders/reference-id/{paylinkId} (SDK GetOrderByReferenceIdRequestHandler).
 * 404 → Tamara has no order for it (null). The order read carries no checkout id or deeplink, so the session is
 * identified by the order id; Tamara texted the link itself, so the customer has it.
 */
async function findCreatedPaylink(ctx: AdapterContext, input: CreatePaylinkInput): Promise<CreatedPaylink | null> {
  let order: TamaraOrder;
  try {
    order = await callTamara<TamaraOrder>(ctx, 'GET', `/merchants/orders/reference-id/${encodeURIComponent(input.paylinkId)}`);
  } catch (err) {
    if (err instanceof ProviderCallError && err.httpStatus_ === 404) return null;
    throw err;
  }
  if (tamaraMinorOf(order.total_amount, input.currency) !== input.amountMinor) return null;
  const snapshot = tamaraSnapshot(order, input.currency);
  return {
    ...snapshot,
    ref: { sessionId: order.order_id, paymentId: order.order_id, extra: { readBack: 'order_reference_id' } },
    checkoutUrl: '',
    ...(input.buyer.phoneE164 ? { smsSentTo: input.buyer.phoneE164 } : {}),
  };
}

function bearerOf(req: WebhookRequest): string | undefined {
  const header = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Tamara authenticates the sender with an HS256 JWT (tamaraToken) keyed by the notification token. */
async function verifyWebhook(ctx: AdapterContext, req: WebhookRequest): Promise<WebhookNotice> {
  const key = ctx.credentials.notification_token;
  if (!key) throw new AppError('unauthorized', 'The Tamara app has no notification_token, so Tamara notifications cannot be verified. Add it in the Tamara org app.');
  const token = req.query.tamaraToken || bearerOf(req);
  if (!token) throw new AppError('unauthorized', 'The Tamara notification carried no tamaraToken; it was ignored.');
  try {
    await jwtVerify(token, new TextEncoder().encode(key), { algorithms: ['HS256'], currentDate: ctx.now() });
  } catch {
    throw new AppError('unauthorized', 'The Tamara notification token did not verify with the notification token; it was ignored.');
  }
  let body: { order_id?: unknown; order_reference_id?: unknown; order_status?: unknown };
  try {
    body = JSON.parse(req.rawBody) as typeof body;
  } catch {
    throw new AppError('invalid_json', 'The Tamara notification body is not JSON.');
  }
  // No delivery id is documented: identical bodies are the same notification.
  return {
    dedupeKey: `tamara:${createHash('sha256').update(req.rawBody).digest('hex')}`,
    ...(typeof body.order_id === 'string' ? { paymentId: body.order_id } : {}),
    ...(typeof body.order_reference_id === 'string' ? { reference: body.order_reference_id } : {}),
    // Only the per-checkout notification variant carries a status; event webhooks carry event_type.
    ...(typeof body.order_status === 'string' ? { providerStatus: body.order_status } : {}),
  };
}

export const tamaraAdapter: PaylinkAdapter = {
  id: 'tamara',
  moneyCalls: {
    create: { dedupes: false, readBack: true, source: 'tamara-solution/php-sdk src/Tamara/Request/Order/GetOrderByReferenceIdRequestHandler.php (lookup by order_reference_id; no idempotency key)' },
    capture: { dedupes: false, readBack: true, source: 'tamara-solution/php-sdk Request/Payment/CaptureRequest (no idempotency key); order captured_amount' },
    refund: { dedupes: false, readBack: true, source: 'tamara-solution/php-sdk simplified refund: merchant_refund_id optional, dedupe not stated; order refunded_amount' },
    cancel: { dedupes: false, readBack: true, source: 'tamara-solution/php-sdk VoidCheckoutSessionRequestHandler.php, CancelOrderRequestHandler; order status canceled' },
  },
  partialCapture: true,
  createPaylink,
  getStatus,
  capture,
  cancel,
  refund,
  resend,
  findCreatedPaylink,
  verifyWebhook,
};
