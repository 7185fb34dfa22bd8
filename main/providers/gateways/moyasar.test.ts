import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTerminal } from '../../../shared/status';
import { MOYASAR_STATUS_MAP } from './moyasar';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('Moyasar sync against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('moyasar');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('walks meta.next_page across 3 pages of 20 and returns every payment once', async () => {
    const seeded = await bed.seed({ count: 45, created_from: at(0).toISOString(), spacing_ms: 30_000, reference_prefix: 'POS-' });
    const result = await bed.sync({ since: at(0), until: at(60) });
    expect(result.errors).toEqual([]);
    expect(result.pages).toBe(3);
    expect(result.payments.map((p) => p.gatewayId).sort()).toEqual(seeded.map((s) => s.id).sort());
    expect(result.payments.find((p) => p.reference === 'POS-0045')).toMatchObject({ status: 'captured', currency: 'SAR', amountMinor: seeded[44]?.amount_minor });
  });

  it('keeps one row per payment when new payments shift the pages mid-sync, and over an overlapping window', async () => {
    const seeded = await bed.seed({ count: 45, created_from: at(0).toISOString(), spacing_ms: 30_000 });
    let rowsListed = 0;
    // Two sales land while the sync is between pages 1 and 2: page 2 then repeats the tail of page 1.
    const result = await bed.sync({
      since: at(0),
      until: at(60),
      onPage: async ({ pageNumber, count }) => {
        rowsListed += count;
        if (pageNumber === 1) await bed.seed({ count: 2, created_from: at(50).toISOString() });
      },
    });
    const ids = result.payments.map((p) => p.gatewayId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rowsListed).toBeGreaterThan(ids.length); // the repeats were listed, and dropped
    for (const s of seeded) expect(ids).toContain(s.id);
    // The two newcomers sit before the pages already read; the next run's overlap brings them in.
    const again = await bed.sync({ since: at(30), until: at(60), overlapMs: 30 * 60_000 });
    const againIds = again.payments.map((p) => p.gatewayId);
    expect(new Set(againIds).size).toBe(againIds.length);
    expect(againIds.length).toBe(47);
  });

  it('maps every row of MOYASAR_STATUS_MAP, partial refunds by amount, and unknown statuses', async () => {
    const rows: { status: string; expected: string; refunded_minor?: number }[] = Object.entries(MOYASAR_STATUS_MAP).map(([status, expected]) => ({ status, expected }));
    rows.push({ status: 'refunded', expected: 'partially_refunded', refunded_minor: 500 });
    rows.push({ status: 'paid', expected: 'partially_refunded', refunded_minor: 500 });
    rows.push({ status: 'brand_new_status', expected: 'unknown' });
    const seeded = await bed.seed({ payments: rows.map((r, i) => ({ status: r.status, amount_minor: 2_000, created_at: at(i).toISOString(), ...(r.refunded_minor ? { refunded_minor: r.refunded_minor } : {}) })) });
    const result = await bed.offContract(() => bed.sync({ since: at(0), until: at(60) })); // brand_new_status is undocumented
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    rows.forEach((row, i) => expect({ status: row.status, mapped: got.get(seeded[i]?.id ?? '')?.status }).toEqual({ status: row.status, mapped: row.expected }));
    expect(result.payments.find((p) => p.gatewayStatus === 'verified')?.flags).toContain('verification_only');
  });

  it('reads halalas as they are and KWD in fils (3 decimals)', async () => {
    const [sar, kwd] = await bed.seed({ payments: [{ amount_minor: 15_000, created_at: at(1).toISOString() }, { currency: 'KWD', amount_minor: 1_500, created_at: at(2).toISOString() }] });
    const got = new Map((await bed.sync({ since: at(0), until: at(5) })).payments.map((p) => [p.gatewayId, p]));
    expect(got.get(sar?.id ?? '')).toMatchObject({ amountMinor: 15_000, currency: 'SAR' });
    expect(got.get(kwd?.id ?? '')).toMatchObject({ amountMinor: 1_500, currency: 'KWD' });
  });

  it('re-fetches a payment that was still initiated', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'initiated', created_at: at(-600).toISOString() }] });
    await bed.patch(p?.id ?? '', { status: 'paid' });
    const result = await bed.sync({ since: at(0), until: at(5), nonTerminalIds: [p?.id ?? ''] });
    expect(result).toMatchObject({ refetched: 1, payments: [expect.objectContaining({ gatewayId: p?.id, status: 'captured' })] });
  });

  it('backs off after 429 and completes', async () => {
    await bed.seed({ count: 45, created_from: at(0).toISOString(), spacing_ms: 30_000 });
    await bed.rateLimit(5);
    const result = await bed.sync({ since: at(0), until: at(60) });
    expect(result.errors).toEqual([]);
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(45);
  });

  it('accepts a webhook with the secret_token and refuses a wrong one', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'paid', reference: 'POS-77' }] });
    const good = await bed.webhook(p?.id ?? '');
    expect(good).toMatchObject({ status: 200, notice: { paymentId: p?.id, reference: 'POS-77', gatewayStatus: 'paid' } });
    expect((await bed.webhook(p?.id ?? '', true)).status).toBe(401);
  });


  // Fidelity row 17: `verified` is a card check while saving a card (docs.moyasar.com
  // payment-status-reference): no money is held, so it is not an authorization.
  it('reads a verified payment as a finished card check, not an authorization', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'verified', amount_minor: 100, created_at: at(1).toISOString() }] });
    const result = await bed.sync({ since: at(0), until: at(5) });
    expect(result.payments).toEqual([expect.objectContaining({ gatewayId: p?.id, gatewayStatus: 'verified', status: 'cancelled', flags: ['verification_only'] })]);
    expect(isTerminal(result.payments[0]?.status ?? 'unknown')).toBe(true);
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
