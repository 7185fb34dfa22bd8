import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../shared/status';
import { ProviderCallError } from './http';
import { startAdapterHarness, moneyCmd, refundCmd, cancelCmd, type AdapterHarness } from './adapterTestkit';
import { PAYMENNT_STATUS_MAP, mapPaymenntStatus, paymenntAdapter as adapter } from './paymennt';
import type { AdapterContext, CreatePaylinkInput, ProviderRef, WebhookRequest } from './types';

let h: AdapterHarness;
let ctx: AdapterContext & { calls: string[] };
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
  ctx = h.context('paymennt');
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
  await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: true });
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

const cancel = cancelCmd(300_00, 'o');

async function webhookFor(checkoutId: string, status: string): Promise<WebhookRequest> {
  return h.waitForWebhook((w) => w.provider === 'paymennt' && w.rawBody.includes(`"id":"${checkoutId}"`) && w.rawBody.includes(`"status":"${status}"`));
}

describe('paymennt checkout lifecycle (self-capturing card links)', () => {
  it('creates a link on the hosted page; the same requestId returns the same checkout', async () => {
    const req = input({ options: { send_sms: true, expires_in_minutes: 30 } });
    const created = await adapter.createPaylink(ctx, req);
    expect(created).toMatchObject({ status: 'created', providerStatus: 'PENDING', capturedMinor: 0, smsSentTo: '+966500000001' });
    expect(created.checkoutUrl).toBe(`${h.sandbox.url}/sandbox/paymennt/checkout/${created.ref.sessionId}`);
    expect((await fetch(created.checkoutUrl)).status).toBe(200);
    expect(created.ref.extra).toMatchObject({ requestId: req.paylinkId });
    expect(Date.parse(created.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 60_000);

    const again = await adapter.createPaylink(ctx, req);
    expect(again.ref.sessionId).toBe(created.ref.sessionId);
    const creates = (await h.ledger('paymennt')).filter((e) => e.op === 'create' && e.reference === req.paylinkId);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.idempotency_key).toBe(req.paylinkId);
  });

  it('approve → PAID by itself; the webhook verifies; capture is then a no-op', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    const notice = await adapter.verifyWebhook(ctx, await webhookFor(created.ref.sessionId, 'PAID'));
    expect(notice).toMatchObject({ sessionId: created.ref.sessionId, providerStatus: 'PAID' });
    expect(notice.dedupeKey).toMatch(/^whd_/);

    expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    expect(await adapter.capture(ctx, created.ref, moneyCmd('cap', 300_00))).toMatchObject({ status: 'captured' });
    expect((await h.ledger('paymennt', created.ref.sessionId)).map((e) => e.op)).toEqual(['create', 'capture']);
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

  it('refunds partially then fully, once per referenceId', async () => {
    const req = input();
    const created = await adapter.createPaylink(ctx, req);
    await customer(created.ref, 'approve');
    const refundCmd = (key: string, amountMinor: number) => ({ ...moneyCmd(key, amountMinor), orderId: req.orderId, capturedMinor: 300_00 });

    expect(await adapter.refund(ctx, created.ref, refundCmd('rf-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, created.ref, refundCmd('rf-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, created.ref, refundCmd('rf-2', 200_00))).toMatchObject({ status: 'refunded', refundedMinor: 300_00 });
    // A retry of the last refund after it completed is still "done".
    expect(await adapter.refund(ctx, created.ref, refundCmd('rf-2', 200_00))).toMatchObject({ status: 'refunded' });

    const refunds = (await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'refund');
    expect(refunds.map((e) => [e.amount_minor, e.idempotency_key])).toEqual([
      [100_00, 'rf-1'],
      [200_00, 'rf-2'],
    ]);
    await expect(adapter.refund(ctx, created.ref, refundCmd('rf-3', 1_00))).rejects.toBeInstanceOf(ProviderCallError);
  });
});

describe('paymennt authorise-then-capture merchant', () => {
  it('approve → AUTHORIZED; a partial capture stays authorized; the rest makes it PAID', async () => {
    await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: false });
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    const authorized = await adapter.getStatus(ctx, created.ref, 300_00, 'SAR');
    expect(authorized).toMatchObject({ status: 'authorized', providerStatus: 'AUTHORIZED', capturedMinor: 0 });
    expect(authorized.ref?.paymentId).toBeTruthy();

    expect(await adapter.capture(ctx, created.ref, moneyCmd('cap-1', 120_00))).toMatchObject({ status: 'authorized', capturedMinor: 120_00 });
    await expect(adapter.capture(ctx, created.ref, moneyCmd('cap-x', 200_00))).rejects.toMatchObject({ code: 'amount_exceeds_remaining' });
    expect(await adapter.capture(ctx, created.ref, moneyCmd('cap-2', 180_00))).toMatchObject({ status: 'captured', capturedMinor: 300_00 });

    const captures = (await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'capture');
    expect(captures.map((e) => e.amount_minor)).toEqual([120_00, 180_00]);
  });

  it('voids an uncaptured authorisation on cancel', async () => {
    await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: false });
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    expect(await adapter.cancel(ctx, created.ref, cancel)).toMatchObject({ status: 'cancelled' });
  });

  it('reports an unknown outcome when a capture is applied but the answer is lost, then reads captured', async () => {
    await h.control('PUT', '/sandbox/paymennt/_merchant', { auto_capture: false });
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'approve');
    await h.control('POST', '/sandbox/_control/faults', { provider: 'paymennt', fail_after_commit_rate: 1 });
    const err = await adapter.capture(ctx, created.ref, moneyCmd('cap-lost', 300_00)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure).toBe('unknown');
    await h.control('DELETE', '/sandbox/_control/faults');

    expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    expect((await h.ledger('paymennt', created.ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
  });
});

describe('paymennt auth and webhooks', () => {
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

  it('refuses a tampered body, a missing signature and a foreign key', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await customer(created.ref, 'decline');
    const hook = await webhookFor(created.ref.sessionId, 'FAILED');
    expect((await adapter.verifyWebhook(ctx, hook)).providerStatus).toBe('FAILED');

    const tampered = { ...hook, rawBody: hook.rawBody.replace('"FAILED"', '"PAID"') };
    await expect(adapter.verifyWebhook(ctx, tampered)).rejects.toMatchObject({ code: 'unauthorized' });
    const unsigned = { ...hook, headers: { ...hook.headers, 'x-paymennt-signature': undefined } };
    await expect(adapter.verifyWebhook(ctx, unsigned)).rejects.toMatchObject({ code: 'unauthorized' });
    const forged = { ...hook, headers: { ...hook.headers, 'x-paymennt-signature': createHmac('sha256', 'other-key').update(hook.rawBody).digest('hex') } };
    await expect(adapter.verifyWebhook(ctx, forged)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('reads the signature from a configured header name', async () => {
    const rawBody = JSON.stringify({ id: 'whd_custom', event: 'checkout.paid', checkout: { id: '1', status: 'PAID', requestId: 'pl_1' } });
    const signature = createHmac('sha256', 'sandbox_paymennt_hmac').update(rawBody).digest('hex');
    const custom = h.context('paymennt', { settings: { webhook_signature_header: 'X-Signature' } });
    expect(await adapter.verifyWebhook(custom, { headers: { 'x-signature': signature }, query: {}, rawBody })).toMatchObject({
      dedupeKey: 'whd_custom',
      sessionId: '1',
      reference: 'pl_1',
    });
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
