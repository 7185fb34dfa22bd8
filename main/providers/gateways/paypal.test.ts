import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAYPAL_AUTHORIZATION_STATUS_MAP, PAYPAL_CAPTURE_STATUS_MAP, PAYPAL_MAX_WINDOW_MS, PAYPAL_ORDER_STATUS_MAP, PAYPAL_REPORTING_DELAY_MS, PAYPAL_SEARCH_STATUS_MAP, paypalAdapter } from './paypal';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const DAY_MIN = 24 * 60;
/** Capture status the sandbox needs to produce each Transaction Search letter. */
const CAPTURE_FOR_LETTER: Record<string, string> = { S: 'COMPLETED', P: 'PENDING', D: 'DECLINED', V: 'REFUNDED' };

describe('PayPal sync against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('paypal');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('pages Transaction Search by page/total_pages across 3 pages', async () => {
    const seeded = await bed.seed({ count: 12, created_from: at(0).toISOString(), currency: 'USD', reference_prefix: 'POS-' });
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.pages).toBe(3);
    expect(result.payments).toHaveLength(12);
    expect(result.payments.find((p) => p.reference === 'POS-0002')).toMatchObject({ status: 'captured', currency: 'USD', amountMinor: seeded[1]?.amount_minor, gatewayStatus: 'S' });
  });

  it('splits a long range into ≤31-day windows; a payment on a window boundary comes back once', async () => {
    const boundary = new Date(T0 + PAYPAL_MAX_WINDOW_MS);
    const seeded = await bed.seed({ payments: [0, 10, 25, 40, 55, 68].map((d) => ({ created_at: at(d * DAY_MIN).toISOString() })).concat([{ created_at: boundary.toISOString() }]) });
    let rowsListed = 0;
    const result = await bed.sync({ since: at(0), until: at(70 * DAY_MIN), onPage: ({ count }) => void (rowsListed += count) });
    expect(result.errors).toEqual([]);
    expect(result.windows).toHaveLength(3);
    for (const w of result.windows) expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(PAYPAL_MAX_WINDOW_MS);
    expect(result.payments.map((p) => p.gatewayId).sort()).toEqual(seeded.map((s) => `3C${s.id.slice(2)}`).sort());
    expect(rowsListed).toBe(seeded.length + 1); // the boundary payment was listed by both windows
  });

  it('stops before the last 3 hours that Transaction Search may not have yet', async () => {
    const now = Date.now();
    await bed.seed({ payments: [{ created_at: new Date(now - 5 * 3600_000).toISOString() }, { created_at: new Date(now - 3600_000).toISOString() }] });
    const result = await bed.sync({ since: new Date(now - 24 * 3600_000), until: new Date(now) });
    expect(result.payments).toHaveLength(1);
    expect(result.syncedUntil.getTime()).toBeLessThanOrEqual(now - PAYPAL_REPORTING_DELAY_MS + 1_000);
  });

  it('caches the OAuth token across syncs, renews it near expiry and after a 401', async () => {
    await bed.seed({ count: 3, created_from: at(0).toISOString() });
    const cache = new Map<string, unknown>();
    const before = (await bed.stats()).token_requests;
    await bed.sync({ since: at(0), until: at(10), ctx: bed.gatewayCtx({}, cache) });
    await bed.sync({ since: at(0), until: at(10), ctx: bed.gatewayCtx({}, cache) });
    expect((await bed.stats()).token_requests - before).toBe(1);
    const later = { ...bed.gatewayCtx({}, cache), now: () => new Date(Date.now() + 10 * 3600_000) };
    await bed.sync({ since: at(0), until: at(10), ctx: later });
    expect((await bed.stats()).token_requests - before).toBe(2);
    for (const key of cache.keys()) cache.set(key, { accessToken: 'revoked', expiresAtMs: Date.now() + 3600_000 });
    const result = await bed.sync({ since: at(0), until: at(10), ctx: bed.gatewayCtx({}, cache) });
    expect(result.payments).toHaveLength(3);
    expect((await bed.stats()).token_requests - before).toBe(3);
  });

  it('maps every letter of PAYPAL_SEARCH_STATUS_MAP', async () => {
    const letters = Object.keys(PAYPAL_SEARCH_STATUS_MAP) as (keyof typeof PAYPAL_SEARCH_STATUS_MAP)[];
    const seeded = await bed.seed({ payments: letters.map((l, i) => ({ status: CAPTURE_FOR_LETTER[l], created_at: at(i).toISOString() })) });
    const got = new Map((await bed.sync({ since: at(0), until: at(10) })).payments.map((p) => [p.gatewayId, p]));
    letters.forEach((letter, i) => {
      const payment = got.get(`3C${seeded[i]?.id.slice(2)}`);
      expect({ letter, gatewayStatus: payment?.gatewayStatus, status: payment?.status }).toEqual({ letter, gatewayStatus: letter, status: PAYPAL_SEARCH_STATUS_MAP[letter] });
    });
  });

  it('maps every order, capture and authorization status of orders v2 (getPayment)', async () => {
    const rows = [
      ...Object.entries(PAYPAL_ORDER_STATUS_MAP).map(([s, expected]) => ({ status: `order:${s}`, expected })),
      ...Object.entries(PAYPAL_CAPTURE_STATUS_MAP).map(([s, expected]) => ({ status: `capture:${s}`, expected })),
      ...Object.entries(PAYPAL_AUTHORIZATION_STATUS_MAP).map(([s, expected]) => ({ status: `authorization:${s}`, expected })),
      { status: 'capture:SOMETHING_NEW', expected: 'unknown' },
    ];
    const seeded = await bed.seed({ payments: rows.map((r) => ({ status: r.status, amount_minor: 4_000, currency: 'EUR' })) });
    const ctx = bed.gatewayCtx();
    for (const [i, row] of rows.entries()) {
      const read = () => paypalAdapter.getPayment(ctx, seeded[i]?.id ?? '');
      const payment = row.expected === 'unknown' ? await bed.offContract(read) : await read(); // SOMETHING_NEW is undocumented
      expect({ row: row.status, mapped: payment.status }).toEqual({ row: row.status, mapped: row.expected });
    }
    const partial = await bed.seed({ payments: [{ status: 'capture:PARTIALLY_REFUNDED', amount_minor: 4_000, refunded_minor: 1_000 }] });
    expect(await paypalAdapter.getPayment(ctx, partial[0]?.id ?? '')).toMatchObject({ status: 'partially_refunded', refundedMinor: 1_000 });
  });

  it('re-fetches a pending capture by its Transaction Search id and converts decimal amounts', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'PENDING', currency: 'USD', amount_minor: 1_050, created_at: at(-40 * DAY_MIN).toISOString() }] });
    await bed.patch(p?.id ?? '', { status: 'COMPLETED' });
    const captureId = `3C${p?.id.slice(2)}`;
    const result = await bed.sync({ since: at(0), until: at(10), nonTerminalIds: [captureId] });
    expect(result).toMatchObject({ refetched: 1, payments: [expect.objectContaining({ gatewayId: captureId, status: 'captured', amountMinor: 1_050, currency: 'USD' })] });
    const [odd] = await bed.seed({ payments: [{ currency: 'USD', created_at: at(1).toISOString(), extra: { wire_amount: '10.505' } }] });
    const withOdd = await bed.sync({ since: at(0), until: at(10) });
    expect(withOdd.payments.some((x) => x.gatewayId === `3C${odd?.id.slice(2)}`)).toBe(false);
    expect(withOdd.errors[0]).toMatch(/3 decimals but USD allows at most 2/);
  });

  it('backs off after 429 and completes', async () => {
    await bed.seed({ count: 12, created_from: at(0).toISOString() });
    await bed.rateLimit(4);
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(12);
  });

  it('accepts a webhook PayPal verifies and refuses one it does not', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'COMPLETED', reference: 'POS-5' }] });
    const good = await bed.webhook(p?.id ?? '');
    expect(good).toMatchObject({ status: 200, notice: { paymentId: `3C${p?.id.slice(2)}`, reference: 'POS-5' } });
    expect(good.notice?.dedupeKey).toMatch(/^WH-/);
    expect((await bed.webhook(p?.id ?? '', true)).status).toBe(401);
  });


  // Fidelity row 15: PayPal checks its signature over the event's exact bytes; an event parsed and
  // serialized again (spacing, 1.0 → 1) is answered FAILURE.
  it('sends the webhook event to verify-webhook-signature byte for byte as it arrived', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'COMPLETED', reference: 'POS-15' }] });
    const before = bed.traffic().length;
    const got = await bed.webhook(p?.id ?? '');
    expect(got).toMatchObject({ status: 200, notice: { reference: 'POS-15' } });
    const verify = bed.traffic().slice(before).find((ex) => ex.path === '/v1/notifications/verify-webhook-signature');
    const event = (JSON.parse(verify?.requestBody ?? '{}') as { webhook_event?: { id?: string } }).webhook_event;
    expect(event?.id).toBe(got.notice?.dedupeKey);
    // The sandbox sends PayPal-style spacing; the compact re-serialization must not be what went back.
    expect(verify?.requestBody).toContain(`"webhook_event":{"id": "${event?.id}"`);
  });


  it('keeps every Transaction Search call within 31 days when the window does not start on a whole second', async () => {
    const from = new Date(T0 + 500);
    const seeded = await bed.seed({ payments: [5, 33, 50].map((d) => ({ created_at: at(d * DAY_MIN).toISOString() })) });
    const result = await bed.sync({ since: from, until: new Date(from.getTime() + 60 * DAY_MIN * 60_000) });
    expect(result.errors).toEqual([]);
    expect(result.payments).toHaveLength(seeded.length);
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
