import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { MISPAY_STATUS_MAP, assertMispayAmount, createMispayAdapter, mapMispayStatus, type MispayTrack } from './mispay';
import type { MispayTokenCache } from './mispay-api';
import { sealForMerchant } from '../sandbox/mispay-crypto';
import { MISPAY_ROUTES } from './contracts/mispay';
import { decryptMispayPayload } from './mispay-crypto';
import { startAdapterHarness, moneyCmd, withContract, type AdapterHarness } from './adapterTestkit';
import type { AdapterContext, CreatePaylinkInput, ProviderRef } from './types';

let h: AdapterHarness;
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
});

function input(overrides: Partial<CreatePaylinkInput> = {}): CreatePaylinkInput {
  seq += 1;
  return {
    paylinkId: `pl_mispay_${Date.now()}_${seq}`,
    orderId: `ord_${seq}`,
    amountMinor: 450_00,
    currency: 'SAR',
    buyer: { phoneE164: '+966500000001', email: 'buyer@example.com' },
    lang: 'ar',
    items: [{ name: 'Coffee grinder', quantity: 1, unitPriceMinor: 450_00 }],
    options: {},
    ...overrides,
  };
}

const contexts: { violations: string[] }[] = [];
afterEach(() => {
  // Every request PayDesk sent and every answer it read matched MisPay's contract.
  for (const c of contexts.splice(0)) expect(c.violations).toEqual([]);
});

function setup(cache: MispayTokenCache = new Map()) {
  const ctx = withContract(h.context('mispay'), 'mispay', MISPAY_ROUTES);
  contexts.push(ctx);
  return { adapter: createMispayAdapter(cache), ctx };
}

/** The checkoutId as MisPay's webhook carries it (the engine stores it as the paylink's payment id). */
async function checkoutIdFromWebhook(ctx: AdapterContext, adapter: ReturnType<typeof createMispayAdapter>, paylinkId: string): Promise<string> {
  const hook = await h.waitForWebhook((w) => w.provider === 'mispay' && w.rawBody.includes(paylinkId) && w.rawBody.includes('MP00'));
  const notice = await adapter.verifyWebhook(ctx, hook);
  expect(notice.paymentId).toMatch(/^chk_/);
  return notice.paymentId as string;
}

async function customer(ref: ProviderRef, action: 'approve' | 'decline' | 'expire' | 'cancel') {
  const res = await h.control('POST', `/sandbox/_control/mispay/sessions/${ref.sessionId}/${action}`);
  expect(res.status).toBe(200);
}

/** Approved by the customer, with the checkoutId taken from the webhook as the engine does. */
async function approvedPaylink(ctx: AdapterContext, adapter = createMispayAdapter()) {
  const req = input();
  const created = await adapter.createPaylink(ctx, req);
  await customer(created.ref, 'approve');
  return { ...created, ref: { ...created.ref, paymentId: await checkoutIdFromWebhook(ctx, adapter, req.paylinkId) } };
}


describe('MisPay token scheme', () => {
  it('decrypts the salt|nonce|ciphertext|tag envelope the simulator seals on its own, and refuses a wrong secret', async () => {
    const blob = await sealForMerchant('{"token":"a.b.c"}', 'app-secret');
    expect(Buffer.from(blob, 'base64').length).toBe(16 + 12 + '{"token":"a.b.c"}'.length + 16);
    expect(await decryptMispayPayload(blob, 'app-secret')).toBe('{"token":"a.b.c"}');
    await expect(decryptMispayPayload(blob, 'other-secret')).rejects.toMatchObject({ code: 'provider_error' });
  });

  it('gets an encrypted JWT from /token and caches it until it expires', async () => {
    const { adapter, ctx } = setup();
    const created = await adapter.createPaylink(ctx, input());
    await adapter.getStatus(ctx, created.ref, 450_00, 'SAR');
    await adapter.getStatus(ctx, created.ref, 450_00, 'SAR');
    expect(ctx.calls.filter((c) => c.endsWith('/v1/api/token'))).toHaveLength(1);

    const later = { ...ctx, now: () => new Date(Date.now() + 2 * 3600_000) };
    await adapter.getStatus(later, created.ref, 450_00, 'SAR');
    expect(ctx.calls.filter((c) => c.endsWith('/v1/api/token'))).toHaveLength(2);
  });

  it('decrypts the sandbox token to {token: JWT, expiration}', async () => {
    const res = await fetch(`${h.sandbox.url}/sandbox/mispay/v1/api/token`, { headers: { 'x-app-id': 'sandbox_mispay_app', 'x-app-secret': 'sandbox_mispay_secret' } });
    const body = (await res.json()) as { status: string; result: { token: string } };
    expect(body.status).toBe('success');
    const payload = JSON.parse(await decryptMispayPayload(body.result.token, 'sandbox_mispay_secret')) as { token: string; expiration: string };
    expect(payload.token.split('.')).toHaveLength(3);
    expect(Date.parse(payload.expiration)).toBeGreaterThan(Date.now());
  });

  it('drops a refused cached token and retries once with a fresh one', async () => {
    const cache: MispayTokenCache = new Map();
    const { adapter, ctx } = setup(cache);
    cache.set(`${ctx.baseUrl}|sandbox_mispay_app`, { jwt: 'not.a.jwt', expiresAtMs: Date.now() + 3600_000 });
    const created = await adapter.createPaylink(ctx, input());
    expect(created.status).toBe('created');
    expect(cache.get(`${ctx.baseUrl}|sandbox_mispay_app`)?.jwt).not.toBe('not.a.jwt');
  });

  it('explains refused app credentials and never echoes the secret', async () => {
    const { adapter } = setup();
    const ctx = h.context('mispay', { credentials: { app_id: 'sandbox_mispay_app', app_secret: 'wrong-secret' } });
    const err = await adapter.createPaylink(ctx, input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure).toBe('rejected');
    expect((err as Error).message).toContain('ME03');
    expect((err as Error).message).not.toContain('wrong-secret');
  });

  it('answers API calls without a bearer token with ExceptionType.ME10', async () => {
    const res = await fetch(`${h.sandbox.url}/sandbox/mispay/v1/api/track-checkout/trk_x`, { headers: { 'x-app-id': 'sandbox_mispay_app' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: 'error : 401', result: 'ExceptionType.ME10' });
  });
});

describe('MisPay checkout lifecycle', () => {
  it('creates a QR link, approves, and finalizes with the checkoutId from the webhook — track-checkout has none (fidelity 2)', async () => {
    const { adapter, ctx } = setup();
    const req = input();
    const created = await adapter.createPaylink(ctx, req);
    expect(created.checkoutUrl).toBe(`${h.sandbox.url}/sandbox/mispay/checkout/${created.ref.sessionId}`);
    expect((await fetch(created.checkoutUrl)).status).toBe(200);
    expect(created.ref.extra).toMatchObject({ trackId: created.ref.sessionId, orderId: req.paylinkId });
    expect((await adapter.getStatus(ctx, created.ref, 450_00, 'SAR')).status).toBe('created');

    await customer(created.ref, 'approve');
    const approved = await adapter.getStatus(ctx, created.ref, 450_00, 'SAR');
    expect(approved).toMatchObject({ status: 'authorized', providerStatus: 'success', capturedMinor: 0 });
    expect(approved.ref?.paymentId).toBeUndefined();
    // Without the checkoutId there is nothing to end: nothing reaches MisPay, and the engine keeps the capture pending.
    await expect(adapter.capture(ctx, created.ref, moneyCmd('cap-0', 450_00))).rejects.toMatchObject({ failure: 'unreachable', message: expect.stringContaining("checkout's id") });
    expect(ctx.calls.filter((c) => c.includes('/end'))).toHaveLength(0);

    const checkoutId = await checkoutIdFromWebhook(ctx, adapter, req.paylinkId);
    const ref = { ...created.ref, paymentId: checkoutId };
    const captured = await adapter.capture(ctx, ref, moneyCmd('cap-1', 450_00));
    expect(captured).toMatchObject({ status: 'captured', capturedMinor: 450_00, refundedMinor: 0, ref: { paymentId: checkoutId } });
    expect(captured.ref?.extra?.transactionId).toMatch(/^txn_/);
    expect((await h.ledger('mispay', created.ref.sessionId)).map((e) => e.op)).toEqual(['create', 'capture']);
  });

  it('always sends customerDetails and orderDetails, even with no buyer and no item lines (fidelity 8)', async () => {
    const { adapter, ctx } = setup();
    const created = await adapter.createPaylink(ctx, input({ buyer: {}, items: [], description: 'Till sale' }));
    expect(created.status).toBe('created');
    const session = await h.control<{ data: { items: unknown[] } }>('GET', `/sandbox/_control/mispay/sessions/${created.ref.sessionId}`);
    expect(session.body.data.items).toEqual([{ quantity: 1, unitPrice: 450, nameEnglish: 'Till sale' }]);
  });

  it('a second end-checkout is refused by MisPay (ME04) and read as "already ended": it never finalizes twice', async () => {
    const { adapter, ctx } = setup();
    const created = await approvedPaylink(ctx, adapter);
    await adapter.capture(ctx, created.ref, moneyCmd('cap', 450_00));
    expect(await adapter.capture(ctx, created.ref, moneyCmd('cap', 450_00))).toMatchObject({ status: 'captured', capturedMinor: 450_00 });
    expect((await h.ledger('mispay', created.ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
    expect(adapter.partialCapture).toBe(false);
  });

  it.each([
    ['decline', 'rejected', 'error'],
    ['expire', 'expired', 'expired'],
    ['cancel', 'cancelled', 'canceled'],
  ] as const)('customer %s → %s', async (action, unified, providerStatus) => {
    const { adapter, ctx } = setup();
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, action);
    expect(await adapter.getStatus(ctx, created.ref, 450_00, 'SAR')).toMatchObject({ status: unified, providerStatus });
    // No cancel API: an ended checkout reports its state, a still-open one is a clear conflict.
    expect((await adapter.cancel(ctx, created.ref, { idempotencyKey: 'c', orderId: 'o', amountMinor: 450_00, currency: 'SAR' })).status).toBe(unified);
  });

  it('explains that an open checkout cannot be cancelled from the till', async () => {
    const { adapter, ctx } = setup();
    const created = await adapter.createPaylink(ctx, input());
    const err = await adapter.cancel(ctx, created.ref, { idempotencyKey: 'c', orderId: 'o', amountMinor: 450_00, currency: 'SAR' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'conflict', message: expect.stringContaining('no way to cancel') });
  });

  it('refunds partially then fully by checkoutId and notifies MP03; a refund past the total is refused', async () => {
    const { adapter, ctx } = setup();
    const created = await approvedPaylink(ctx, adapter);
    await adapter.capture(ctx, created.ref, moneyCmd('cap', 450_00));
    const refund = (key: string, amountMinor: number, refundedMinor: number) => ({ ...moneyCmd(key, amountMinor), orderId: 'ord', capturedMinor: 450_00, refundedMinor });

    expect(await adapter.refund(ctx, created.ref, refund('rf-1', 150_00, 0))).toMatchObject({ status: 'partially_refunded', refundedMinor: 150_00, capturedMinor: 450_00 });
    expect(await adapter.refund(ctx, created.ref, refund('rf-2', 300_00, 150_00))).toMatchObject({ status: 'refunded', refundedMinor: 450_00 });
    const refunds = (await h.ledger('mispay', created.ref.sessionId)).filter((e) => e.op === 'refund');
    expect(refunds.map((e) => [e.amount_minor, e.idempotency_key])).toEqual([
      [150_00, 'rf-1'],
      [300_00, 'rf-2'],
    ]);
    await expect(adapter.refund(ctx, created.ref, refund('rf-3', 1_00, 450_00))).rejects.toMatchObject({ failure: 'rejected', message: expect.stringContaining('ME97') });
    const hook = await h.waitForWebhook((w) => w.rawBody.includes(created.ref.extra?.orderId ?? '?') && w.rawBody.includes('"isFullyRefunded":true'));
    expect(await adapter.verifyWebhook(ctx, hook)).toMatchObject({ providerStatus: 'MP03' });
  });

  it('an end-checkout whose answer is lost is reported unknown; sending it again is harmless (ME04 → ended)', async () => {
    const { adapter, ctx } = setup();
    const created = await approvedPaylink(ctx, adapter);
    await adapter.getStatus(ctx, created.ref, 450_00, 'SAR'); // token fetched before the faults start
    await h.control('POST', '/sandbox/_control/faults', { provider: 'mispay', fail_after_commit_rate: 1 });
    const err = await adapter.capture(ctx, created.ref, moneyCmd('cap-lost', 450_00)).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');
    expect((await h.ledger('mispay', created.ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
    expect(await adapter.capture(ctx, created.ref, moneyCmd('cap-lost', 450_00))).toMatchObject({ status: 'captured' });
    expect((await h.ledger('mispay', created.ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
    expect(adapter.moneyCalls.capture).toMatchObject({ dedupes: true, readBack: false });
    expect(adapter.moneyCalls.refund).toMatchObject({ dedupes: false, readBack: false });
  });
});

describe('MisPay webhook verification', () => {
  const { adapter } = { adapter: createMispayAdapter() };
  const body = (o: Record<string, unknown>) => ({ headers: {}, query: {}, rawBody: JSON.stringify(o) });

  it('accepts our app id with an orderId and keys dedupe on the body', async () => {
    const ctx = h.context('mispay');
    const payload = body({ checkoutId: 'chk_1', orderId: 'pl_1', code: 'MP00', appId: 'sandbox_mispay_app' });
    const a = await adapter.verifyWebhook(ctx, payload);
    expect(a).toMatchObject({ paymentId: 'chk_1', reference: 'pl_1', providerStatus: 'MP00' });
    expect((await adapter.verifyWebhook(ctx, payload)).dedupeKey).toBe(a.dedupeKey);
  });

  it('takes the checkoutId from the encrypted browser callback ?_= too, and refuses one sealed with another secret', async () => {
    const ctx = h.context('mispay');
    const blob = await sealForMerchant(JSON.stringify({ code: 'MP00', checkoutId: 'chk_cb', orderId: 'pl_cb' }), 'sandbox_mispay_secret');
    expect(await adapter.verifyWebhook(ctx, { headers: {}, query: { _: blob }, rawBody: '' })).toMatchObject({ paymentId: 'chk_cb', reference: 'pl_cb', providerStatus: 'MP00' });
    const foreign = await sealForMerchant(JSON.stringify({ code: 'MP00', checkoutId: 'chk_cb', orderId: 'pl_cb' }), 'other-secret');
    await expect(adapter.verifyWebhook(ctx, { headers: {}, query: { _: foreign }, rawBody: '' })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['another app id', body({ checkoutId: 'chk_1', orderId: 'pl_1', code: 'MP00', appId: 'someone_else' })],
    ['no app id', body({ checkoutId: 'chk_1', orderId: 'pl_1', code: 'MP00' })],
    ['no orderId', body({ checkoutId: 'chk_1', code: 'MP00', appId: 'sandbox_mispay_app' })],
    ['a body that is not JSON', { headers: {}, query: {}, rawBody: 'code=MP00' }],
  ])('refuses %s', async (_what, req) => {
    await expect(adapter.verifyWebhook(h.context('mispay'), req)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('MisPay status table and validation', () => {
  const tracks: Record<keyof typeof MISPAY_STATUS_MAP, MispayTrack> = {
    pending: { status: 'pending' },
    'in-progress': { status: 'in-progress' },
    success: { status: 'success' },
    canceled: { status: 'canceled' },
    error: { status: 'error' },
    expired: { status: 'expired' },
  };

  it.each(Object.entries(MISPAY_STATUS_MAP) as [keyof typeof MISPAY_STATUS_MAP, PaylinkStatus][])('%s → %s', (key, unified) => {
    expect(mapMispayStatus(tracks[key])).toBe(unified);
  });

  it('maps case variants and leaves unheard-of statuses unknown', () => {
    expect(mapMispayStatus({ status: 'SUCCESS' })).toBe('authorized');
    expect(mapMispayStatus({ status: 'on-hold' })).toBe('unknown');
  });

  it('accepts SAR 200.00–5000.00 only, before any call', async () => {
    expect(() => assertMispayAmount(200_00, 'SAR')).not.toThrow();
    expect(() => assertMispayAmount(5000_00, 'SAR')).not.toThrow();
    expect(() => assertMispayAmount(199_99, 'SAR')).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    expect(() => assertMispayAmount(5000_01, 'SAR')).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    const { adapter, ctx } = setup();
    await expect(adapter.createPaylink(ctx, input({ currency: 'AED' }))).rejects.toMatchObject({ code: 'unsupported_currency' });
    await expect(adapter.createPaylink(ctx, input({ amountMinor: 100_00 }))).rejects.toMatchObject({ code: 'invalid_amount' });
    expect(ctx.calls).toHaveLength(0);
  });

  it('the simulator refuses a v1.1 body and out-of-bounds amounts with ExceptionType.ME97', async () => {
    const { ctx } = setup();
    const cache: MispayTokenCache = new Map();
    const adapter = createMispayAdapter(cache);
    await adapter.createPaylink(ctx, input()); // fills the cache with a valid JWT
    const jwt = [...cache.values()][0]?.jwt ?? '';
    const res = await fetch(`${ctx.baseUrl}/v1/api/start-checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'x-app-id': 'sandbox_mispay_app', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 'v1.1', orderId: 'o-small', purchaseAmount: 150, purchaseCurrency: 'SAR', lang: 'en' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 'error : 400', result: 'ExceptionType.ME97' });
  });
});
