import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TAP_RESPONSE_CODE_OVERRIDES, TAP_STATUS_MAP } from './tap';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('Tap sync against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('tap');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('pages POST /v2/charges/list with starting_after + limit across 3 pages', async () => {
    const seeded = await bed.seed({ count: 13, created_from: at(0).toISOString(), reference_prefix: 'POS-' });
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.pages).toBe(3);
    expect(result.payments.map((p) => p.gatewayId).sort()).toEqual(seeded.map((s) => s.id).sort());
    expect(result.payments.find((p) => p.reference === 'POS-0003')).toMatchObject({ status: 'captured', gatewayStatus: 'CAPTURED (000)' });
  });

  it('an overlapping second run re-lists the overlap without duplicates', async () => {
    const seeded = await bed.seed({ count: 10, created_from: at(0).toISOString() });
    const first = await bed.sync({ since: at(0), until: at(5) }, { page_size: '2' });
    const second = await bed.sync({ since: at(5), until: at(10), overlapMs: 2 * 60_000 }, { page_size: '2' });
    for (const run of [first, second]) expect(new Set(run.payments.map((p) => p.gatewayId)).size).toBe(run.payments.length);
    expect(second.payments.some((p) => first.payments.some((q) => q.gatewayId === p.gatewayId))).toBe(true);
    expect(new Set([...first.payments, ...second.payments].map((p) => p.gatewayId)).size).toBe(seeded.length);
  });

  it('maps every row of TAP_STATUS_MAP and of TAP_RESPONSE_CODE_OVERRIDES', async () => {
    const rows: { status: string; expected: string; extra?: Record<string, string> }[] = [
      ...Object.entries(TAP_STATUS_MAP).map(([status, expected]) => ({ status, expected })),
      ...Object.entries(TAP_RESPONSE_CODE_OVERRIDES).map(([code, expected]) => ({ status: code === '304' ? 'CANCELLED' : 'IN_PROGRESS', expected, extra: { response_code: code } })),
      { status: 'SOMETHING_NEW', expected: 'unknown' },
    ];
    const seeded = await bed.seed({ payments: rows.map((r, i) => ({ status: r.status, created_at: at(i).toISOString(), ...(r.extra ? { extra: r.extra } : {}) })) });
    const result = await bed.offContract(() => bed.sync({ since: at(0), until: at(60) })); // SOMETHING_NEW is undocumented
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    rows.forEach((row, i) => expect({ row, mapped: got.get(seeded[i]?.id ?? '')?.status }).toEqual({ row, mapped: row.expected }));
  });

  it('converts decimal major units to minor units (KWD 3 decimals) and refuses to round extra decimals', async () => {
    const [kwd, sar, tooPrecise] = await bed.seed({
      payments: [
        { currency: 'KWD', amount_minor: 1_234, created_at: at(1).toISOString() },
        { currency: 'SAR', amount_minor: 10_050, created_at: at(2).toISOString() },
        { currency: 'SAR', amount_minor: 1_055, created_at: at(3).toISOString(), extra: { wire_amount: '10.555' } },
      ],
    });
    const result = await bed.sync({ since: at(0), until: at(5) });
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    expect(got.get(kwd?.id ?? '')).toMatchObject({ amountMinor: 1_234, currency: 'KWD' });
    expect(got.get(sar?.id ?? '')).toMatchObject({ amountMinor: 10_050, currency: 'SAR' });
    expect(got.has(tooPrecise?.id ?? '')).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(new RegExp(`${tooPrecise?.id}.*3 decimals but SAR allows at most 2`))]);
  });

  it('re-fetches an in-progress charge by id', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'INITIATED', created_at: at(-900).toISOString() }] });
    await bed.patch(p?.id ?? '', { status: 'CAPTURED' });
    const result = await bed.sync({ since: at(0), until: at(5), nonTerminalIds: [p?.id ?? ''] });
    expect(result).toMatchObject({ refetched: 1, payments: [expect.objectContaining({ gatewayId: p?.id, status: 'captured' })] });
  });

  it('backs off after 429 and completes', async () => {
    await bed.seed({ count: 12, created_from: at(0).toISOString() });
    await bed.rateLimit(4);
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result).toMatchObject({ errors: [], pages: 3 });
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(12);
  });

  it('accepts a webhook with a valid hashstring and refuses an altered charge', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'CAPTURED', currency: 'KWD', amount_minor: 1_500, reference: 'POS-9' }] });
    const good = await bed.webhook(p?.id ?? '');
    expect(good).toMatchObject({ status: 200, notice: { paymentId: p?.id, dedupeKey: `${p?.id}:CAPTURED`, reference: 'POS-9' } });
    expect((await bed.webhook(p?.id ?? '', true)).status).toBe(401);
  });


  // Fidelity row 6: Tap answers an empty window with 400 "Charges not found", and what `has_more`
  // says at the end of a list is undocumented, so paging must not depend on it.
  it('takes an empty window (400 "Charges not found") as an empty page and moves syncedUntil on', async () => {
    const result = await bed.sync({ since: at(0), until: at(60) });
    expect(result).toMatchObject({ errors: [], pages: 1, payments: [] });
    expect(result.syncedUntil).toEqual(at(60));
  });

  it('pages by full pages without has_more, and a cursor past the last charge ends the list cleanly', async () => {
    const seeded = await bed.seed({ count: 10, created_from: at(0).toISOString() });
    const result = await bed.sync({ since: at(0), until: at(60) }, { page_size: '5' });
    expect(result.errors).toEqual([]);
    expect(result.payments.map((p) => p.gatewayId).sort()).toEqual(seeded.map((s) => s.id).sort());
    // Two full pages, then the question after the last charge, answered "Charges not found".
    expect(result.pages).toBe(3);
    expect(bed.traffic().every((ex) => !ex.responseText.includes('has_more'))).toBe(true);
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
