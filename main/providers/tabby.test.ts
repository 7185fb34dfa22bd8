import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../shared/status';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { ProviderCallError } from './http';
import { startAdapterHarness, adapterContext, customerDoes, thrownBy, moneyCmd, refundCmd, cancelCmd, ledgerOps, withContract, type AdapterHarness } from './adapterTestkit';
import { TABBY_ROUTES, TabbySession } from './contracts/tabby';
import type { HttpClient } from './http';
import { TABBY_STATUS_MAP, TABBY_WEBHOOK_HEADER, tabbyAdapter as adapter, tabbyBaseUrl, tabbySnapshot, type TabbyPayment } from './tabby';
import type { AdapterContext, CreatePaylinkInput, ProviderRef, WebhookRequest } from './types';

let h: AdapterHarness;
let ctx: AdapterContext & { calls: string[]; violations: string[] };
let seq = 0;

beforeAll(async () => {
  h = await startAdapterHarness();
  ctx = withContract(adapterContext(h, 'tabby'), 'tabby', TABBY_ROUTES);
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.control('DELETE', '/sandbox/_control/faults');
  // Every request PayDesk sent and every answer it read matched Tabby's contract.
  expect(ctx.violations).toEqual([]);
});

function input(overrides: Partial<CreatePaylinkInput> = {}): CreatePaylinkInput {
  seq += 1;
  return {
    paylinkId: `pl_tabby_${Date.now()}_${seq}`,
    orderId: `ord_${seq}`,
    amountMinor: 300_00,
    currency: 'SAR',
    description: 'Store sale',
    buyer: { name: 'Sara Al Harbi', phoneE164: '+966500000001', email: 'otp.success@tabby.ai' },
    lang: 'en',
    items: [{ name: 'Headphones', quantity: 2, unitPriceMinor: 150_00, sku: 'HP-1' }],
    options: {},
    ...overrides,
  };
}


async function authorizedPaylink(): Promise<ProviderRef> {
  const created = await adapter.createPaylink(ctx, input());
  await customerDoes(h, 'tabby', created.ref.sessionId, 'approve');
  return created.ref;
}

async function webhookFor(paymentId: string, status: string): Promise<WebhookRequest> {
  return h.waitForWebhook((w) => w.provider === 'tabby' && w.rawBody.includes(`"id":"${paymentId}"`) && w.rawBody.includes(`"status":"${status}"`));
}


describe('Tabby status table', () => {
  const payment = (status: string, captures: string[] = [], refunds: string[] = []): TabbyPayment => ({
    id: 'p1',
    status,
    amount: '300.00',
    currency: 'SAR',
    captures: captures.map((amount) => ({ amount })),
    refunds: refunds.map((amount) => ({ amount })),
  });

  it('maps every Tabby payment status, in either case', () => {
    const expected: Record<string, PaylinkStatus> = { CREATED: 'created', AUTHORIZED: 'authorized', CLOSED: 'captured', REJECTED: 'rejected', EXPIRED: 'expired' };
    expect(TABBY_STATUS_MAP).toEqual(expected);
    for (const [status, unified] of Object.entries(expected)) {
      const captures = status === 'CLOSED' ? ['300.00'] : [];
      expect(tabbySnapshot(payment(status, captures), 'SAR').status).toBe(unified);
      expect(tabbySnapshot(payment(status.toLowerCase(), captures), 'SAR').status).toBe(unified);
    }
    expect(tabbySnapshot(payment('ON_HOLD'), 'SAR')).toMatchObject({ status: 'unknown', providerStatus: 'ON_HOLD' });
  });

  it('derives captured and refunded amounts; CLOSED without captures is a cancellation', () => {
    expect(tabbySnapshot(payment('AUTHORIZED', ['100.00']), 'SAR')).toMatchObject({ status: 'authorized', capturedMinor: 100_00 });
    expect(tabbySnapshot(payment('CLOSED'), 'SAR')).toMatchObject({ status: 'cancelled', capturedMinor: 0 });
    expect(tabbySnapshot(payment('CLOSED', ['100.00', '200.00'], ['50.00']), 'SAR')).toMatchObject({ status: 'partially_refunded', capturedMinor: 300_00, refundedMinor: 50_00 });
    expect(tabbySnapshot(payment('CLOSED', ['300.00'], ['300.00']), 'SAR')).toMatchObject({ status: 'refunded', refundedMinor: 300_00 });
    expect(tabbySnapshot({ id: 'k', status: 'CLOSED', currency: 'KWD', captures: [{ amount: '1.250' }] }, 'SAR').capturedMinor).toBe(1250);
  });
});

describe('Tabby rules the adapter enforces before calling', () => {
  it('refuses currencies Tabby does not take, without calling Tabby', async () => {
    const before = ctx.calls.length;
    const err = await thrownBy(() => adapter.createPaylink(ctx, input({ currency: 'USD' })));
    expect(err).toMatchObject({ code: 'unsupported_currency', details: { field: 'currency' } });
    expect(ctx.calls.length).toBe(before);
  });

  it('reports a pre-scoring rejection (HTTP 200, status rejected) as provider_rejected with the reason', async () => {
    const err = await thrownBy(() => adapter.createPaylink(ctx, input({ amountMinor: 25_000_00, items: [] })));
    expect(err).toMatchObject({ code: 'provider_rejected', details: { rejection_reason: 'order_amount_too_high' } });
    expect(err.message).toContain('above what Tabby can offer');
  });

  it('a wrong secret key is refused by the sandbox with 401', async () => {
    const wrong = adapterContext(h, 'tabby', { credentials: { ...SANDBOX_CREDENTIALS.tabby, secret_key: 'sk_test_wrong' } });
    const err = await thrownBy(() => adapter.createPaylink(wrong, input()));
    expect(err).toBeInstanceOf(ProviderCallError);
    expect(err).toMatchObject({ failure: 'rejected', httpStatus_: 401 });
  });
});

describe('Tabby paylink lifecycle', () => {
  it('creates a session on the hosted page; the authenticated QR is left to the engine', async () => {
    const created = await adapter.createPaylink(ctx, input());
    expect(created).toMatchObject({ status: 'created', providerStatus: 'CREATED', capturedMinor: 0, refundedMinor: 0 });
    expect(created.ref.paymentId).toBeTruthy();
    expect(created.qrCodeUrl).toBeUndefined();
    expect(created.checkoutUrl).toBe(`${h.sandbox.url}/sandbox/tabby/checkout/${created.ref.sessionId}`);
    expect((await fetch(created.checkoutUrl)).status).toBe(200);
    expect(Date.parse(created.expiresAt ?? '') - Date.now()).toBeGreaterThan(19 * 60_000);
    expect(await ledgerOps(h, 'tabby', created.ref)).toEqual(['create:30000:-']);

    const qrUrl = `${ctx.baseUrl}/api/v2/checkout/${created.ref.sessionId}/hpp_link_qr`;
    const qr = await fetch(qrUrl, { headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.tabby.secret_key}` } });
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await qr.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(qrUrl)).status).toBe(401);
  });

  it('approve → authorized (webhook verifies) → full capture → captured', async () => {
    const ref = await authorizedPaylink();
    const hook = await webhookFor(ref.paymentId ?? '', 'authorized');
    const notice = await adapter.verifyWebhook(ctx, hook);
    expect(notice).toMatchObject({ paymentId: ref.paymentId, providerStatus: 'authorized' });
    expect(notice.reference).toMatch(/^pl_tabby_/);
    expect(notice.dedupeKey).toMatch(/^tabby:[0-9a-f]{64}$/);

    expect(await adapter.getStatus(ctx, ref, 300_00, 'SAR')).toMatchObject({ status: 'authorized', providerStatus: 'AUTHORIZED', capturedMinor: 0 });
    expect(await adapter.capture(ctx, ref, moneyCmd('cap-full', 300_00))).toMatchObject({ status: 'captured', providerStatus: 'CLOSED', capturedMinor: 300_00 });
    await webhookFor(ref.paymentId ?? '', 'closed');
  });

  it('partial capture stays authorized, then the rest captures it', async () => {
    const ref = await authorizedPaylink();
    expect(await adapter.capture(ctx, ref, moneyCmd('cap-part-1', 100_00))).toMatchObject({ status: 'authorized', providerStatus: 'AUTHORIZED', capturedMinor: 100_00 });
    expect(await adapter.capture(ctx, ref, moneyCmd('cap-part-2', 200_00))).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    expect(await ledgerOps(h, 'tabby', ref)).toEqual(['create:30000:-', 'capture:10000:cap-part-1', 'capture:20000:cap-part-2']);
  });

  it('the same reference_id twice captures once', async () => {
    const ref = await authorizedPaylink();
    await adapter.capture(ctx, ref, moneyCmd('cap-same', 100_00));
    expect(await adapter.capture(ctx, ref, moneyCmd('cap-same', 100_00))).toMatchObject({ status: 'authorized', capturedMinor: 100_00 });
    expect((await h.ledger('tabby', ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
  });

  it('partial then full refund; a repeated refund key refunds once', async () => {
    const ref = await authorizedPaylink();
    await adapter.capture(ctx, ref, moneyCmd('cap-for-refund', 300_00));
    expect(await adapter.refund(ctx, ref, refundCmd('refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('refund-1', 100_00))).toMatchObject({ status: 'partially_refunded', refundedMinor: 100_00 });
    expect(await adapter.refund(ctx, ref, refundCmd('refund-2', 200_00))).toMatchObject({ status: 'refunded', refundedMinor: 300_00 });
    expect((await ledgerOps(h, 'tabby', ref)).filter((op) => op.startsWith('refund'))).toEqual(['refund:10000:refund-1', 'refund:20000:refund-2']);
  });

  it('decline → rejected; expire → expired; customer cancel → expired', async () => {
    const outcomes = { decline: 'rejected', expire: 'expired', cancel: 'expired' } as const;
    for (const [action, status] of Object.entries(outcomes)) {
      const created = await adapter.createPaylink(ctx, input());
      await customerDoes(h, 'tabby', created.ref.sessionId, action as keyof typeof outcomes);
      expect(await adapter.getStatus(ctx, created.ref, 300_00, 'SAR')).toMatchObject({ status });
    }
  });

  it('cancel: a waiting session is cancelled, an authorized payment is closed; repeating is harmless', async () => {
    const waiting = await adapter.createPaylink(ctx, input());
    expect(await adapter.cancel(ctx, waiting.ref, cancelCmd())).toMatchObject({ status: 'cancelled', providerStatus: 'EXPIRED' });
    expect(await adapter.cancel(ctx, waiting.ref, cancelCmd())).toMatchObject({ providerStatus: 'EXPIRED' });
    expect(await ledgerOps(h, 'tabby', waiting.ref)).toEqual(['create:30000:-', 'cancel:30000:-']);

    const authorized = await authorizedPaylink();
    expect(await adapter.cancel(ctx, authorized, cancelCmd())).toMatchObject({ status: 'cancelled', providerStatus: 'CLOSED', capturedMinor: 0 });
    expect(await adapter.cancel(ctx, authorized, cancelCmd())).toMatchObject({ status: 'cancelled' });
    await webhookFor(authorized.paymentId ?? '', 'closed');
  });

  it('cancel after capture is refused with a message that says to refund', async () => {
    const ref = await authorizedPaylink();
    await adapter.capture(ctx, ref, moneyCmd('cap-then-cancel', 300_00));
    const err = await thrownBy(() => adapter.cancel(ctx, ref, cancelCmd()));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('refund it instead');
  });

  it('resend asks Tabby to send the link again', async () => {
    const created = await adapter.createPaylink(ctx, input());
    await adapter.resend?.(ctx, created.ref, '+966500000001');
    const session = await h.control<{ data: { hppLinkSends: { phone: string }[] } }>('GET', `/sandbox/_control/tabby/sessions/${created.ref.sessionId}`);
    expect(session.body.data.hppLinkSends.map((s) => s.phone)).toEqual(['+966500000001']);
  });
});

describe('Tabby webhooks and lost answers', () => {
  it('refuses a notification with a missing or wrong header, and honours a configured header name', async () => {
    const ref = await authorizedPaylink();
    const hook = await webhookFor(ref.paymentId ?? '', 'authorized');
    expect(hook.headers[TABBY_WEBHOOK_HEADER]).toBe(SANDBOX_CREDENTIALS.tabby.webhook_header_value);
    const tampered = { ...hook, headers: { ...hook.headers, [TABBY_WEBHOOK_HEADER]: `${SANDBOX_CREDENTIALS.tabby.webhook_header_value}x` } };
    expect(await thrownBy(() => adapter.verifyWebhook(ctx, tampered))).toMatchObject({ code: 'unauthorized' });
    const stripped = { ...hook, headers: { 'content-type': 'application/json' } };
    expect(await thrownBy(() => adapter.verifyWebhook(ctx, stripped))).toMatchObject({ code: 'unauthorized' });

    const renamed = adapterContext(h, 'tabby', { settings: { webhook_header_name: 'X-PayDesk-Hook' } });
    expect(await thrownBy(() => adapter.verifyWebhook(renamed, hook))).toMatchObject({ code: 'unauthorized' });
    const withRenamedHeader = { ...hook, headers: { 'x-paydesk-hook': SANDBOX_CREDENTIALS.tabby.webhook_header_value } };
    expect(await adapter.verifyWebhook(renamed, withRenamedHeader)).toMatchObject({ paymentId: ref.paymentId });
  });

  it('a capture whose answer is lost throws outcome unknown; Tabby captured exactly once', async () => {
    const ref = await authorizedPaylink();
    await h.control('POST', '/sandbox/_control/faults', { provider: 'tabby', fail_after_commit_rate: 1 });
    const err = await thrownBy(() => adapter.capture(ctx, ref, moneyCmd('cap-lost', 300_00)));
    expect(err).toBeInstanceOf(ProviderCallError);
    expect(err).toMatchObject({ failure: 'unknown', code: 'outcome_unknown' });
    await h.control('DELETE', '/sandbox/_control/faults');

    expect(await adapter.getStatus(ctx, ref, 300_00, 'SAR')).toMatchObject({ status: 'captured', capturedMinor: 300_00 });
    // The client retried the idempotent call; reference_id kept Tabby from capturing again.
    expect((await h.ledger('tabby', ref.sessionId)).filter((e) => e.op === 'capture')).toHaveLength(1);
  });
});

describe('Tabby fidelity', () => {
  it('cancels a waiting session by re-reading the payment, and reports it cancelled (fidelity 7)', async () => {
    const created = await adapter.createPaylink(ctx, input());
    expect(await adapter.cancel(ctx, created.ref, cancelCmd())).toMatchObject({ status: 'cancelled', providerStatus: 'EXPIRED' });
    expect(ctx.calls.slice(-2)).toEqual([`POST /sandbox/tabby/api/v2/checkout/${created.ref.sessionId}/cancel`, `GET /sandbox/tabby/api/v2/payments/${created.ref.paymentId}`]);
    // Cancelling again is answered from the payment, without a second cancel.
    expect((await adapter.cancel(ctx, created.ref, cancelCmd())).status).toBe('expired');
    expect((await ledgerOps(h, 'tabby', created.ref)).filter((op) => op.startsWith('cancel'))).toHaveLength(1);
  });

  it('puts the terminal id in payment.description when the org app names one (fidelity 17)', async () => {
    const pos = withContract(adapterContext(h, 'tabby', { settings: { terminal_id: 'TILL-07' } }), 'tabby', TABBY_ROUTES);
    const created = await adapter.createPaylink(pos, input());
    const session = await h.control<{ description: string }>('GET', `/sandbox/_control/tabby/sessions/${created.ref.sessionId}`);
    expect(session.body.description).toBe('TILL-07');
    expect(pos.violations).toEqual([]);
  });

  it('calls api.tabby.ai for UAE and Kuwait merchants and api.tabby.sa for KSA (fidelity 9)', async () => {
    const urls: string[] = [];
    const session = TabbySession.parse({
      id: 'sess_1',
      status: 'created',
      payment: { id: 'pay_1', created_at: '2026-01-01T00:00:00Z', status: 'CREATED', amount: '300.00', currency: 'AED', order: { reference_id: 'pl_1' }, captures: [], refunds: [] },
      configuration: { available_products: { installments: [{ web_url: 'https://checkout.tabby.ai/x' }] }, products: { installments: { is_available: true, rejection_reason: null } } },
    });
    const http: HttpClient = {
      async request(req) {
        urls.push(`${req.method} ${req.url}`);
        const text = JSON.stringify(req.url.includes('/payments/') ? session.payment : session);
        return { status: 200, headers: new Headers(), text, json: <T>() => JSON.parse(text) as T };
      },
    };
    const live = (settings: Record<string, string> = {}, baseUrl = 'https://api.tabby.sa') => ({ baseUrl, credentials: SANDBOX_CREDENTIALS.tabby, settings, http, now: () => new Date() });
    await adapter.createPaylink(live(), input({ currency: 'AED' }));
    await adapter.createPaylink(live(), input({ currency: 'KWD', amountMinor: 30_000 }));
    await adapter.createPaylink(live({}, 'https://api.tabby.ai'), input({ currency: 'SAR' }));
    await adapter.getStatus(live({ country: 'AE' }), { sessionId: 'sess_1', paymentId: 'pay_1' }, 300_00, 'SAR');
    expect(urls).toEqual([
      'POST https://api.tabby.ai/api/v2/checkout',
      'POST https://api.tabby.ai/api/v2/checkout',
      'POST https://api.tabby.sa/api/v2/checkout',
      'GET https://api.tabby.ai/api/v2/payments/pay_1',
    ]);
    // A sandbox or proxy base URL is used as configured.
    expect(tabbyBaseUrl(live({ country: 'AE' }, 'http://127.0.0.1:9/sandbox/tabby'), 'AED')).toBe('http://127.0.0.1:9/sandbox/tabby');
  });
});
