import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { startAdapterHarness, adapterContext, customerDoes, thrownBy, moneyCmd, refundCmd, cancelCmd, ledgerOps, type AdapterHarness } from './adapterTestkit';
import { TAMARA_STATUS_MAP, mapTamaraStatus, tamaraAdapter as adapter, tamaraSnapshot } from './tamara';
import type { AdapterContext, CreatePaylinkInput, ProviderRef, WebhookRequest } from './types';

let h: AdapterHarness;
let ctx: AdapterContext & { calls: string[] };
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
  ctx = adapterContext(h, 'tamara');
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
  await setAutoCapture(true);
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
    };
    expect(TAMARA_STATUS_MAP).toEqual(expected);
    for (const [status, unified] of Object.entries(expected)) expect(mapTamaraStatus(status.toUpperCase())).toBe(unified);
    expect(mapTamaraStatus('cancelled')).toBe('cancelled');
    expect(mapTamaraStatus('on_hold')).toBe('unknown');
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

  it('partial then full refund; a repeated merchant_refund_id refunds once', async () => {
    const ref = await approvedPaylink();
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('t-refund-2', 200_00))).toMatchObject({ status: 'refunded', providerStatus: 'fully_refunded', refundedMinor: 300_00 });
    expect((await ledgerOps(h, 'tamara', ref)).filter((op) => op.startsWith('refund'))).toEqual(['refund:10000:t-refund-1', 'refund:20000:t-refund-2']);
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
