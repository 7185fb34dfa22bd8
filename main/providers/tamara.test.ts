import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { startAdapterHarness, adapterContext, customerDoes, thrownBy, moneyCmd, refundCmd, cancelCmd, ledgerOps, withContract, type AdapterHarness } from './adapterTestkit';
import { TAMARA_ROUTES } from './contracts/tamara';
import { TAMARA_STATUS_MAP, mapTamaraStatus, tamaraAdapter as adapter, tamaraSnapshot } from './tamara';
import type { AdapterContext, CreatePaylinkInput, ProviderRef, WebhookRequest } from './types';

let h: AdapterHarness;
let ctx: AdapterContext & { calls: string[]; violations: string[] };
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
  ctx = withContract(adapterContext(h, 'tamara'), 'tamara', TAMARA_ROUTES);
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
  await setAutoCapture(true);
  // Every request PayDesk sent and every answer it read matched Tamara's contract.
  expect(ctx.violations).toEqual([]);
});

async function setAutoCapture(on: boolean): Promise<void> {
  const res = await h.control('PUT', '/sandbox/tamara/_merchant', { auto_capture: on });
  expect(res.status).toBe(200);
}

function input(overrides: Partial<CreatePaylinkInput> = {}): CreatePaylinkInput {
  seq += 1;
  return {
    paylinkId: `pl_tamara_${Date.now()}_${seq}`,
    orderId: `ord_${seq}`,
    amountMinor: 300_00,
    currency: 'SAR',
    description: 'Store sale',
    buyer: { name: 'Sara Al Harbi', phoneE164: '+966534274516', email: 'sara@example.com' },
    lang: 'ar',
    items: [{ name: 'Headphones', quantity: 2, unitPriceMinor: 150_00, sku: 'HP-1' }],
    options: {},
    ...overrides,
  };
}


async function approvedPaylink(): Promise<ProviderRef> {
  const created = await adapter.createPaylink(ctx, input());
  await customerDoes(h, 'tamara', created.ref.sessionId, 'approve');
  return created.ref;
}

async function webhookFor(orderId: string, eventType: string): Promise<WebhookRequest> {
  return h.waitForWebhook((w) => w.provider === 'tamara' && w.rawBody.includes(`"order_id":"${orderId}"`) && w.rawBody.includes(`"event_type":"${eventType}"`));
}


describe('Tamara status table', () => {
  it('maps every Tamara order status', () => {
    const expected: Record<string, PaylinkStatus> = {
      new: 'created',
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
      on_hold: 'created',
    };
    expect(TAMARA_STATUS_MAP).toEqual(expected);
    for (const [status, unified] of Object.entries(expected)) expect(mapTamaraStatus(status.toUpperCase())).toBe(unified);
    expect(mapTamaraStatus('cancelled')).toBe('cancelled');
    // fidelity 17: Tamara's on_hold is an order still waiting on its outcome, not an unheard-of status.
    expect(mapTamaraStatus('on_hold')).toBe('created');
    expect(mapTamaraStatus('paused')).toBe('unknown');
  });

  it('reads captured and refunded amounts from the order, in any Tamara currency', () => {
    const order = { order_id: 'o', status: 'partially_refunded', captured_amount: { amount: 300, currency: 'SAR' }, refunded_amount: { amount: 100.5, currency: 'SAR' } };
    expect(tamaraSnapshot(order, 'SAR')).toMatchObject({ status: 'partially_refunded', capturedMinor: 300_00, refundedMinor: 100_50 });
    expect(tamaraSnapshot({ order_id: 'k', status: 'fully_captured', captured_amount: { amount: 1.25, currency: 'KWD' } }, 'KWD').capturedMinor).toBe(1250);
  });
});

describe('Tamara rules the adapter enforces before calling', () => {
  it('refuses currencies Tamara does not take and a missing or invalid phone, without calling Tamara', async () => {
    const before = ctx.calls.length;
    expect(await thrownBy(() => adapter.createPaylink(ctx, input({ currency: 'USD' })))).toMatchObject({ code: 'unsupported_currency', details: { field: 'currency' } });
    expect(await thrownBy(() => adapter.createPaylink(ctx, input({ buyer: { name: 'No Phone' } })))).toMatchObject({
      code: 'validation_failed',
      details: { field: 'phone_number' },
    });
    expect(await thrownBy(() => adapter.createPaylink(ctx, input({ buyer: { phoneE164: '+9661' } })))).toMatchObject({ code: 'validation_failed', details: { field: 'phone_number' } });
    expect(ctx.calls.length).toBe(before);
  });

  it('a wrong API token is refused by the sandbox with 401', async () => {
    const wrong = adapterContext(h, 'tamara', { credentials: { api_token: 'wrong', notification_token: 'x' } });
    expect(await thrownBy(() => adapter.createPaylink(wrong, input()))).toMatchObject({ failure: 'rejected', httpStatus_: 401 });
  });
});

describe('Tamara in-store lifecycle (auto-capture merchant)', () => {
  it('creates an SMS session: national phone sent, deeplink on the hosted page; resend texts the same link', async () => {
    const created = await adapter.createPaylink(ctx, input());
    expect(created).toMatchObject({ status: 'created', providerStatus: 'new', smsSentTo: '+966534274516' });
    expect(created.ref.paymentId).toBeTruthy();
    expect(created.checkoutUrl).toBe(`${h.sandbox.url}/sandbox/tamara/checkout/${created.ref.sessionId}`);
    expect((await fetch(created.checkoutUrl)).status).toBe(200);
    expect(Date.parse(created.expiresAt ?? '') - Date.now()).toBeGreaterThan(14 * 60_000);

    await adapter.resend?.(ctx, created.ref, '+966534274516');
    const session = await h.control<{ data: { sms: { phone: string; kind: string }[]; smsResends: number } }>('GET', `/sandbox/_control/tamara/sessions/${created.ref.sessionId}`);
    expect(session.body.data.sms.map((s) => `${s.kind}:${s.phone}`)).toEqual(['initial:534274516', 'resend:534274516']);
    expect(session.body.data.smsResends).toBe(1);
    expect(await ledgerOps(h, 'tamara', created.ref)).toEqual(['create:30000:-']);
  });

  it('approve → Tamara captures by itself; both webhooks verify (query token and bearer)', async () => {
    const ref = await approvedPaylink();
    expect(await adapter.getStatus(ctx, ref, 300_00, 'SAR')).toMatchObject({ status: 'captured', providerStatus: 'fully_captured', capturedMinor: 300_00 });
    const hook = await webhookFor(ref.paymentId ?? '', 'order_captured');
    expect(hook.query.tamaraToken).toBeTruthy();
    expect(hook.headers.authorization).toBe(`Bearer ${hook.query.tamaraToken}`);
    const notice = await adapter.verifyWebhook(ctx, hook);
    expect(notice).toMatchObject({ paymentId: ref.paymentId });
    expect(notice.reference).toMatch(/^pl_tamara_/);
    expect(notice.dedupeKey).toMatch(/^tamara:[0-9a-f]{64}$/);
    expect(await adapter.verifyWebhook(ctx, { ...hook, query: {} })).toMatchObject({ paymentId: ref.paymentId });
    expect((await ledgerOps(h, 'tamara', ref)).filter((op) => op.startsWith('capture'))).toEqual(['capture:30000:-']);
  });

  it('partial then full refund; merchant_refund_id is not a dedupe key, so a repeat refunds again (the engine never repeats)', async () => {
    const ref = await approvedPaylink();
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 200_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-2', 100_00))).toMatchObject({ status: 'refunded', providerStatus: 'fully_refunded', refundedMinor: 300_00 });
    expect((await ledgerOps(h, 'tamara', ref)).filter((op) => op.startsWith('refund'))).toEqual(['refund:10000:t-refund-1', 'refund:10000:t-refund-1', 'refund:10000:t-refund-2']);
    expect(adapter.moneyCalls.refund).toMatchObject({ dedupes: false, readBack: true });
    await webhookFor(ref.paymentId ?? '', 'order_refunded');
  });

  it('decline → rejected; expire → expired; customer cancel → expired', async () => {
    const outcomes = { decline: 'rejected', expire: 'expired', cancel: 'expired' } as const;
    for (const [action, status] of Object.entries(outcomes)) {
      const created = await adapter.createPaylink(ctx, input());
      await customerDoes(h, 'tamara', created.ref.sessionId, action as keyof typeof outcomes);
      expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ status });
    }
  });

  it('cancel voids a waiting session; repeating is harmless; a paid order is refused with "refund"', async () => {
    const waiting = await adapter.createPaylink(ctx, input());
    expect(await adapter.cancel(ctx, waiting.ref, cancelCmd())).toMatchObject({ status: 'cancelled', providerStatus: 'canceled' });
    expect(await adapter.cancel(ctx, waiting.ref, cancelCmd())).toMatchObject({ status: 'cancelled' });
    expect(await ledgerOps(h, 'tamara', waiting.ref)).toEqual(['create:30000:-', 'cancel:30000:-']);

    const paid = await approvedPaylink();
    const err = await thrownBy(() => adapter.cancel(ctx, paid, cancelCmd()));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('Refund it instead');
  });
});

describe('Tamara authorise-then-capture merchant', () => {
  it('approve → getStatus authorises → partial capture → the rest', async () => {
    await setAutoCapture(false);
    const ref = await approvedPaylink();
    expect(await adapter.getStatus(ctx, ref, 300_00, 'SAR')).toMatchObject({ status: 'authorized', providerStatus: 'authorised' });
    await webhookFor(ref.paymentId ?? '', 'order_authorised');
    expect(await adapter.capture(ctx, ref, moneyCmd('ignored-1', 100_00))).toMatchObject({ status: 'authorized', providerStatus: 'partially_captured', capturedMinor: 100_00 });
    expect(await adapter.capture(ctx, ref, moneyCmd('ignored-2', 200_00))).toMatchObject({ status: 'captured', providerStatus: 'fully_captured', capturedMinor: 300_00 });
  });

  it('has no idempotency key: the same capture sent twice captures twice (the engine must not repeat it)', async () => {
    await setAutoCapture(false);
    const ref = await approvedPaylink();
    await adapter.getStatus(ctx, ref, 300_00, 'SAR');
    await adapter.capture(ctx, ref, moneyCmd('same', 100_00));
    expect(await adapter.capture(ctx, ref, moneyCmd('same', 100_00))).toMatchObject({ capturedMinor: 200_00 });
    expect((await ledgerOps(h, 'tamara', ref)).filter((op) => op.startsWith('capture'))).toEqual(['capture:10000:-', 'capture:10000:-']);
  });

  it('cancel of an authorised order releases it', async () => {
    await setAutoCapture(false);
    const ref = await approvedPaylink();
    expect(await adapter.cancel(ctx, ref, cancelCmd())).toMatchObject({ status: 'cancelled', providerStatus: 'canceled' });
    expect(await ledgerOps(h, 'tamara', ref)).toEqual(['create:30000:-', 'cancel:30000:-']);
  });

  it('a capture whose answer is lost throws outcome unknown, is not retried, and shows captured once', async () => {
    await setAutoCapture(false);
    const ref = await approvedPaylink();
    await adapter.getStatus(ctx, ref, 300_00, 'SAR');
    await h.control('POST', '/sandbox/_control/faults', { provider: 'tamara', fail_after_commit_rate: 1 });
    const err = await thrownBy(() => adapter.capture(ctx, ref, moneyCmd('lost', 300_00)));
    expect(err).toBeInstanceOf(ProviderCallError);
    expect(err).toMatchObject({ failure: 'unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');
    expect(await adapter.getStatus(ctx, ref, 300_00, 'SAR')).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    expect((await h.ledger('tamara', ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
  });
});

describe('Tamara webhook authentication', () => {
  it('refuses a token signed with another key, an expired token and no token at all', async () => {
    const ref = await approvedPaylink();
    const hook = await webhookFor(ref.paymentId ?? '', 'order_approved');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('not-the-notification-token'));
    const forgedHook = { ...hook, query: { tamaraToken: forged }, headers: { authorization: `Bearer ${forged}` } };
    expect(await thrownBy(() => adapter.verifyWebhook(ctx, forgedHook))).toMatchObject({ code: 'unauthorized' });
    expect(await thrownBy(() => adapter.verifyWebhook(ctx, { ...hook, query: {}, headers: {} }))).toMatchObject({ code: 'unauthorized' });
    const later = adapterContext(h, 'tamara', { now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(await thrownBy(() => adapter.verifyWebhook(later, hook))).toMatchObject({ code: 'unauthorized' });
  });
});

describe('Tamara fidelity', () => {
  it('voids with order_id and store_code both in the query (docs) and in a JSON body (SDK) (fidelity 14)', async () => {
    const store = withContract(adapterContext(h, 'tamara', { settings: { store_code: 'RUH-01' } }), 'tamara', TAMARA_ROUTES);
    const waiting = await adapter.createPaylink(store, input());
    const sent: { url: string; json: unknown }[] = [];
    const inner = store.http;
    const spying = { ...store, http: { request: (req: Parameters<typeof inner.request>[0]) => (sent.push({ url: req.url, json: req.json }), inner.request(req)) } };
    expect(await adapter.cancel(spying, waiting.ref, cancelCmd())).toMatchObject({ status: 'cancelled' });
    const voidCall = sent.find((c) => c.url.includes('/void'));
    expect(new URL(voidCall?.url ?? 'http://x').searchParams.toString()).toBe(`order_id=${waiting.ref.paymentId}&store_code=RUH-01`);
    expect(voidCall?.json).toEqual({ order_id: waiting.ref.paymentId, store_code: 'RUH-01' });
    expect(store.violations).toEqual([]);
  });

  it('resend is unavailable against Tamara’s own hosts, with a clear code and no call (fidelity 13)', async () => {
    const calls: string[] = [];
    const live = { ...ctx, baseUrl: 'https://api.tamara.co', http: { request: async (req: { url: string }) => (calls.push(req.url), Promise.reject(new Error('no call expected'))) } };
    const err = await thrownBy(() => adapter.resend!(live as AdapterContext, { sessionId: 'chk', paymentId: 'ord' }, '+966534274516'));
    expect(err).toMatchObject({ code: 'provider_feature_unavailable' });
    expect(err.message).toContain('cannot send the link again');
    const tamaraSandbox = { ...live, baseUrl: 'https://api-sandbox.tamara.co/' };
    expect(await thrownBy(() => adapter.resend!(tamaraSandbox as AdapterContext, { sessionId: 'chk' }, '+966534274516'))).toMatchObject({ code: 'provider_feature_unavailable' });
    expect(calls).toEqual([]);
  });

  it('findCreatedPaylink reads the order back by order_reference_id, or answers null when Tamara has none', async () => {
    const req = input();
    await h.control('POST', '/sandbox/_control/faults', { provider: 'tamara', fail_after_commit_rate: 1 });
    expect(await thrownBy(() => adapter.createPaylink(ctx, req))).toMatchObject({ failure: 'unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');
    const creates = (await h.ledger('tamara')).filter((e) => e.op === 'create' && e.reference === req.paylinkId);
    expect(creates).toHaveLength(1);

    const found = await adapter.findCreatedPaylink!(ctx, req);
    expect(found).toMatchObject({ status: 'created', providerStatus: 'new', ref: { paymentId: creates[0]?.payment_id } });
    expect(await adapter.findCreatedPaylink!(ctx, input())).toBeNull();
    // The read-back has no checkout id, so a void is refused with a clear message instead of a wrong call.
    expect(await thrownBy(() => adapter.cancel(ctx, found!.ref, cancelCmd()))).toMatchObject({ code: 'conflict' });
  });
});
