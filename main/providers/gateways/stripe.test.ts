import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import { STRIPE_STATUS_MAP, stripeAdapter } from './stripe';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('Stripe sync against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('stripe');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('follows has_more/starting_after across 3 pages and returns every payment once', async () => {
    const seeded = await bed.seed({ count: 12, created_from: at(0).toISOString(), spacing_ms: 60_000, reference_prefix: 'POS-' });
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.pages).toBe(3);
    expect(result.payments.map((p) => p.gatewayId).sort()).toEqual(seeded.map((s) => s.id).sort());
    const first = result.payments.find((p) => p.gatewayId === seeded[0]?.id);
    expect(first).toMatchObject({ gateway: 'stripe', status: 'captured', reference: 'POS-0001', currency: 'SAR', amountMinor: seeded[0]?.amount_minor, createdAt: at(0).toISOString() });
  });

  it('lists the overlap again on the next run and never returns a payment twice', async () => {
    const seeded = await bed.seed({ count: 10, created_from: at(0).toISOString(), spacing_ms: 60_000 });
    const first = await bed.sync({ since: at(0), until: at(5) }, { page_size: '3' });
    const second = await bed.sync({ since: first.syncedUntil, until: at(10), overlapMs: 3 * 60_000 }, { page_size: '3' });
    for (const run of [first, second]) expect(new Set(run.payments.map((p) => p.gatewayId)).size).toBe(run.payments.length);
    const overlap = second.payments.filter((p) => first.payments.some((q) => q.gatewayId === p.gatewayId));
    expect(overlap.length).toBeGreaterThan(0);
    const merged = new Map([...first.payments, ...second.payments].map((p) => [p.gatewayId, p]));
    expect([...merged.keys()].sort()).toEqual(seeded.map((s) => s.id).sort());
  });

  it('maps every row of STRIPE_STATUS_MAP, a declined attempt, refunds by amount, and unknown statuses', async () => {
    const rows = Object.entries(STRIPE_STATUS_MAP).map(([status, expected], i) => ({ status, expected, created_at: at(i).toISOString() }));
    const special = [
      { status: 'requires_payment_method', expected: 'rejected', extra: { last_payment_error: 'Your card was declined.' } },
      { status: 'succeeded', expected: 'partially_refunded', amount_minor: 10_000, refunded_minor: 2_500 },
      { status: 'succeeded', expected: 'refunded', amount_minor: 10_000, refunded_minor: 10_000 },
      { status: 'requires_new_thing', expected: 'unknown' },
    ].map((row, i) => ({ ...row, created_at: at(20 + i).toISOString() }));
    const all = [...rows, ...special];
    const seeded = await bed.seed({ payments: all.map(({ expected: _e, ...p }) => p) });
    const result = await bed.offContract(() => bed.sync({ since: at(0), until: at(60) })); // requires_new_thing is undocumented
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    all.forEach((row, i) => expect({ status: row.status, mapped: got.get(seeded[i]?.id ?? '')?.status }).toEqual({ status: row.status, mapped: row.expected }));
    expect(got.get(seeded[rows.length + 1]?.id ?? '')?.refundedMinor).toBe(2_500);
    expect(got.get(seeded[rows.length]?.id ?? '')?.flags).toContain('failed_attempt');
  });

  it('reads integer minor units with the lower-case currency, including 3-decimal KWD', async () => {
    const [kwd] = await bed.seed({ payments: [{ currency: 'KWD', amount_minor: 12_340, created_at: at(1).toISOString() }] });
    const result = await bed.sync({ since: at(0), until: at(5) });
    expect(result.payments).toEqual([expect.objectContaining({ gatewayId: kwd?.id, currency: 'KWD', amountMinor: 12_340 })]);
  });

  it('re-fetches a non-terminal payment that the window no longer covers', async () => {
    const [old] = await bed.seed({ payments: [{ status: 'processing', created_at: at(-3 * 24 * 60).toISOString() }] });
    await bed.patch(old?.id ?? '', { status: 'succeeded' });
    const result = await bed.sync({ since: at(0), until: at(10), nonTerminalIds: [old?.id ?? ''] });
    expect(result.refetched).toBe(1);
    expect(result.payments).toEqual([expect.objectContaining({ gatewayId: old?.id, status: 'captured' })]);
  });

  it('backs off after 429 and resumes on the same page', async () => {
    await bed.seed({ count: 12, created_from: at(0).toISOString() });
    const before = await bed.stats();
    // The HTTP helper absorbs three 429s itself; the fourth reaches the sync's backoff.
    await bed.rateLimit(4);
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(12);
    expect((await bed.stats()).rate_limited - before.rate_limited).toBe(4);
  });

  it('accepts a signed webhook and refuses a tampered body', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'succeeded' }] });
    const good = await bed.webhook(p?.id ?? '');
    expect(good.status).toBe(200);
    expect(good.notice).toMatchObject({ paymentId: p?.id, gatewayStatus: 'succeeded' });
    expect(good.notice?.dedupeKey).toMatch(/^evt_/);
    const bad = await bed.webhook(p?.id ?? '', true);
    expect(bad.status).toBe(401);
  });

  it('refuses a correctly signed webhook whose timestamp is outside the tolerance', async () => {
    const body = JSON.stringify({ id: 'evt_old', data: { object: { id: 'pi_1', object: 'payment_intent' } } });
    const t = Math.floor(Date.now() / 1000) - 301;
    const v1 = createHmac('sha256', SANDBOX_CREDENTIALS.stripe.webhook_secret).update(`${t}.${body}`).digest('hex');
    const req = { headers: { 'stripe-signature': `t=${t},v1=${v1}` }, query: {}, rawBody: body };
    await expect(stripeAdapter.verifyWebhook(bed.gatewayCtx(), req)).rejects.toMatchObject({ code: 'unauthorized' });
    const fresh = Math.floor(Date.now() / 1000) - 10;
    const ok = createHmac('sha256', SANDBOX_CREDENTIALS.stripe.webhook_secret).update(`${fresh}.${body}`).digest('hex');
    await expect(stripeAdapter.verifyWebhook(bed.gatewayCtx(), { ...req, headers: { 'stripe-signature': `t=${fresh},v1=bad,v1=${ok}` } })).resolves.toMatchObject({ paymentId: 'pi_1' });
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
