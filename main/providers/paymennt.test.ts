import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../shared/status';
import { PAYMENNT_ROUTES } from './contracts/paymennt';
import { ProviderCallError } from './http';
import { startAdapterHarness, moneyCmd, cancelCmd, withContract, type AdapterHarness } from './adapterTestkit';
import { PAYMENNT_STATUS_MAP, mapPaymenntStatus, paymenntAdapter as adapter } from './paymennt';
import type { AdapterContext, CreatePaylinkInput, ProviderRef, WebhookRequest } from './types';

let h: AdapterHarness;
let ctx: AdapterContext & { calls: string[]; violations: string[] };
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
  ctx = withContract(h.context('paymennt'), 'paymennt', PAYMENNT_ROUTES);
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
  await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: true });
  // Every request PayDesk sent and every answer it read matched paymennt's contract.
  expect(ctx.violations).toEqual([]);
});

function input(overrides: Partial<CreatePaylinkInput> = {}): CreatePaylinkInput {
  seq += 1;
  return {
    paylinkId: `pl_paymennt_${Date.now()}_${seq}`,
    orderId: `ord_${seq}`,
    amountMinor: 300_00,
    currency: 'SAR',
    description: 'Store sale',
    buyer: { name: 'Sara Al Harbi', phoneE164: '+966500000001', email: 'sara@example.com' },
    lang: 'en',
    items: [{ name: 'Headphones', quantity: 2, unitPriceMinor: 150_00, sku: 'HP-1' }],
    options: {},
    ...overrides,
  };
}

async function customer(ref: ProviderRef, action: 'approve' | 'decline' | 'expire' | 'cancel') {
  const res = await h.control('POST', `/sandbox/_control/paymennt/sessions/${ref.sessionId}/${action}`);
  expect(res.status).toBe(200);
}

/** What the simulator holds for a checkout (its own record, not a paymennt answer). */
async function sandboxSession(ref: ProviderRef) {
  return (await h.control<{ paymentId: string; data: { type: string; customer: unknown; refunds: { note: string; referenceId: string | null }[] } }>('GET', `/sandbox/_control/paymennt/sessions/${ref.sessionId}`)).body;
}

const cancel = cancelCmd(300_00, 'o');
const refund = (key: string, amountMinor: number, orderId = 'ord-r', reason?: string) => ({ ...moneyCmd(key, amountMinor), orderId, capturedMinor: 300_00, ...(reason ? { reason } : {}) });

async function webhookFor(checkoutId: string, status: string): Promise<WebhookRequest> {
  return h.waitForWebhook((w) => w.provider === 'paymennt' && w.rawBody.includes(`"id":"${checkoutId}"`) && w.rawBody.includes(`"status":"${status}"`));
}

describe('paymennt in-store checkout (QR) and link delivery', () => {
  it('opens a QR checkout, paymennt’s in-store type, which needs no customer; the answer has only documented fields', async () => {
    const created = await adapter.createPaylink(ctx, input({ buyer: { phoneE164: '+966500000001' } }));
    expect(created).toMatchObject({ status: 'created', providerStatus: 'PENDING', capturedMinor: 0 });
    expect(created.ref.paymentId).toBeUndefined();
    expect(ctx.calls.at(-1)).toBe('POST /sandbox/paymennt/mer/v2.0/checkout/qr');
    expect((await sandboxSession(created.ref)).data).toMatchObject({ type: 'QR', customer: null });
    expect((await fetch(created.checkoutUrl)).status).toBe(200);
  });

  it('texting the link uses /checkout/link and needs the customer’s first and last name and email (fidelity 5)', async () => {
    const fresh = withContract(h.context('paymennt'), 'paymennt', PAYMENNT_ROUTES);
    const err = await adapter.createPaylink(fresh, input({ buyer: { phoneE164: '+966500000001' }, options: { send_sms: true } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'buyer_details_required', details: { fields: ['buyer_name', 'buyer_email'] } });
    await expect(adapter.createPaylink(fresh, input({ buyer: { name: 'Sara', phoneE164: '+966500000001', email: 's@example.com' }, options: { send_sms: true } }))).rejects.toMatchObject({
      code: 'buyer_details_required',
    });
    expect(fresh.calls).toHaveLength(0);

    const sent = await adapter.createPaylink(fresh, input({ options: { send_sms: true, expires_in_minutes: 30 } }));
    expect(sent.smsSentTo).toBe('+966500000001');
    expect(fresh.calls).toEqual(['POST /sandbox/paymennt/mer/v2.0/checkout/link']);
    expect((await sandboxSession(sent.ref)).data.customer).toEqual({ firstName: 'Sara', lastName: 'Al Harbi', email: 'sara@example.com', phone: '966500000001' });
    expect(Date.parse(sent.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(fresh.violations).toEqual([]);
  });

  it('a create whose answer is lost is not sent again; findCreatedPaylink reads it back by requestId (fidelity 12)', async () => {
    const req = input();
    await h.control('POST', '/sandbox/_control/faults', { provider: 'paymennt', fail_after_commit_rate: 1 });
    const err = await adapter.createPaylink(ctx, req).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');
    const creates = (await h.ledger('paymennt')).filter((e) => e.op === 'create' && e.reference === req.paylinkId);
    expect(creates).toHaveLength(1);

    const found = await adapter.findCreatedPaylink!(ctx, req);
    expect(found).toMatchObject({ status: 'created', ref: { sessionId: creates[0]?.session_id } });
    expect(found?.checkoutUrl).toContain(`/checkout/${creates[0]?.session_id}`);
    expect(await adapter.findCreatedPaylink!(ctx, input())).toBeNull();
  });

  it.each([
    ['decline', 'rejected', 'FAILED'],
    ['expire', 'expired', 'EXPIRED'],
    ['cancel', 'cancelled', 'CANCELLED'],
  ] as const)('customer %s → %s', async (action, unified, providerStatus) => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, action);
    expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ status: unified, providerStatus });
  });

  it('cancels a pending link; cancelling again reports cancelled without a second cancel', async () => {
    const created = await adapter.createPaylink(ctx, input());
    expect(await adapter.cancel(ctx, created.ref, cancel)).toMatchObject({ status: 'cancelled', providerStatus: 'CANCELLED' });
    expect(await adapter.cancel(ctx, created.ref, cancel)).toMatchObject({ status: 'cancelled' });
    expect((await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'cancel')).toHaveLength(1);
  });
});

describe('paymennt refunds', () => {
  it('sends the required note: the reason given, else "Refund for order <id>" (fidelity 1)', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    expect(await adapter.refund(ctx, created.ref, refund('rf-a', 100_00, 'POS-77'))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, created.ref, refund('rf-b', 200_00, 'POS-77', 'Damaged box'))).toMatchObject({ status: 'refunded', refundedMinor: 300_00 });
    expect((await sandboxSession(created.ref)).data.refunds).toEqual([
      { referenceId: 'rf-a', amountMinor: 100_00, note: 'Refund for order POS-77' },
      { referenceId: 'rf-b', amountMinor: 200_00, note: 'Damaged box' },
    ]);
    await expect(adapter.refund(ctx, created.ref, refund('rf-c', 1_00))).rejects.toBeInstanceOf(ProviderCallError);
  });

  it('a refund whose answer is lost reaches paymennt once: no blind retry (fidelity 3)', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    await h.control('POST', '/sandbox/_control/faults', { provider: 'paymennt', fail_after_commit_rate: 1 });
    const err = await adapter.refund(ctx, created.ref, refund('rf-lost', 100_00)).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');
    expect((await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'refund')).toHaveLength(1);
    // The read-back shows it: this is what the engine settles the command by.
    expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ refundedMinor: 100_00 });
    expect(adapter.moneyCalls.refund).toMatchObject({ dedupes: false, readBack: true });
  });
});

describe('paymennt authorise-then-capture merchant (fidelity 10)', () => {
  it('reads no captured amount or payment id from the checkout; captures in full by payment id, with no amount', async () => {
    await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: false });
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    const authorized = await adapter.getStatus(ctx, created.ref, 300_00, 'SAR');
    expect(authorized).toMatchObject({ status: 'authorized', providerStatus: 'AUTHORIZED', capturedMinor: 0 });
    expect(authorized.ref?.paymentId).toBeUndefined();
    expect(adapter.partialCapture).toBe(false);

    await expect(adapter.capture(ctx, created.ref, moneyCmd('cap-1', 300_00))).rejects.toMatchObject({ code: 'provider_feature_unavailable' });
    expect((await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(0);

    // With the payment id known (e.g. from paymennt's dashboard), the capture names no amount.
    const withPayment = { ...created.ref, paymentId: (await sandboxSession(created.ref)).paymentId };
    expect(await adapter.capture(ctx, withPayment, moneyCmd('cap-2', 300_00))).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    expect(ctx.calls.filter((c) => c.endsWith('/capture'))).toEqual([`POST /sandbox/paymennt/mer/v2.0/payment/${withPayment.paymentId}/capture`]);
  });

  it('voids an uncaptured authorisation on cancel', async () => {
    await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: false });
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    expect(await adapter.cancel(ctx, created.ref, cancel)).toMatchObject({ status: 'cancelled' });
  });
});

describe('paymennt auth and notifications', () => {
  it('refuses wrong API credentials with paymennt’s own reason', async () => {
    const bad = h.context('paymennt', { credentials: { api_key: 'sandbox_paymennt_key', api_secret: 'nope', webhook_hmac_key: 'x' } });
    const err = await adapter.createPaylink(bad, input()).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'rejected', message: expect.stringContaining('Invalid API key or secret') });
    expect((err as Error).message).not.toContain('nope');
  });

  it('speaks the older X-PointCheckout header names when configured', async () => {
    const legacy = h.context('paymennt', { settings: { api_key_header: 'X-PointCheckout-Api-Key', api_secret_header: 'X-PointCheckout-Api-Secret' } });
    expect((await adapter.createPaylink(legacy, input())).status).toBe('created');
  });

  it('takes an unsigned notification as a hint to re-read; a signed one must match the hmacKey (fidelity 11)', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'decline');
    const hook = await webhookFor(created.ref.sessionId, 'FAILED');
    expect(await adapter.verifyWebhook(ctx, hook)).toMatchObject({ sessionId: created.ref.sessionId, providerStatus: 'FAILED' });

    const unsigned = { ...hook, headers: { ...hook.headers, 'x-paymennt-signature': undefined } };
    expect(await adapter.verifyWebhook(ctx, unsigned)).toMatchObject({ sessionId: created.ref.sessionId });
    const noKey = h.context('paymennt', { credentials: { api_key: 'k', api_secret: 's' } });
    expect(await adapter.verifyWebhook(noKey, hook)).toMatchObject({ sessionId: created.ref.sessionId });

    const tampered = { ...hook, rawBody: hook.rawBody.replace('"FAILED"', '"PAID"') };
    await expect(adapter.verifyWebhook(ctx, tampered)).rejects.toMatchObject({ code: 'unauthorized' });
    const forged = { ...hook, headers: { ...hook.headers, 'x-paymennt-signature': createHmac('sha256', 'other-key').update(hook.rawBody).digest('hex') } };
    await expect(adapter.verifyWebhook(ctx, forged)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('reads the signature from a configured header name and the id from a wrapped body', async () => {
    const rawBody = JSON.stringify({ checkout: { id: '1', status: 'PAID', requestId: 'pl_1' } });
    const signature = createHmac('sha256', 'sandbox_paymennt_hmac').update(rawBody).digest('hex');
    const custom = h.context('paymennt', { settings: { webhook_signature_header: 'X-Signature' } });
    expect(await adapter.verifyWebhook(custom, { headers: { 'x-signature': signature }, query: {}, rawBody })).toMatchObject({ sessionId: '1', reference: 'pl_1' });
    await expect(adapter.verifyWebhook(custom, { headers: { 'x-signature': 'ab' }, query: {}, rawBody })).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('paymennt status table and validation', () => {
  it.each(Object.entries(PAYMENNT_STATUS_MAP) as [string, PaylinkStatus][])('%s → %s', (status, unified) => {
    expect(mapPaymenntStatus(status)).toBe(unified);
  });

  it('normalises the display spellings and leaves unheard-of statuses unknown', () => {
    expect(mapPaymenntStatus('Partially refunded')).toBe('partially_refunded');
    expect(mapPaymenntStatus('partially-refunded')).toBe('partially_refunded');
    expect(mapPaymenntStatus(' Pending confirmation ')).toBe('created');
    expect(mapPaymenntStatus('Paid')).toBe('captured');
    expect(mapPaymenntStatus('ON_HOLD')).toBe('unknown');
  });

  it('refuses currencies paymennt links do not support, before any call', async () => {
    const fresh = h.context('paymennt');
    await expect(adapter.createPaylink(fresh, input({ currency: 'JOD', amountMinor: 10_000 }))).rejects.toMatchObject({ code: 'unsupported_currency' });
    await expect(adapter.createPaylink(fresh, input({ options: { expires_in_minutes: 5 } }))).rejects.toMatchObject({ code: 'validation_failed' });
    expect(fresh.calls).toHaveLength(0);
  });
});
