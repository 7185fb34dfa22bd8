import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaylinkStatus } from '../../../shared/status';
import { classifyResultCode, HYPERPAY_RESULT_PATTERNS, hyperpayAdapter, type HyperPayOutcome } from './hyperpay';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const DEBIT_STATUS: Record<HyperPayOutcome, PaylinkStatus> = {
  success: 'captured',
  review: 'captured',
  pending: 'created',
  failed: 'rejected',
  communication_error: 'unknown',
  chargeback: 'refunded',
};

describe('HyperPay sync against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('hyperpay');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('lists by merchantTransactionId, one order per page, across 3 pages with every transaction of each order', async () => {
    const seeded = await bed.seed({
      payments: [
        { reference: 'POS-00001', status: '000.000.000', extra: { payment_type: 'DB' }, created_at: at(1).toISOString() },
        { reference: 'POS-00002', status: '000.100.110', extra: { payment_type: 'PA' }, created_at: at(2).toISOString() },
        { reference: 'POS-00002', status: '000.000.000', extra: { payment_type: 'CP' }, created_at: at(3).toISOString() },
        { reference: 'POS-00003', status: '000.000.000', extra: { payment_type: 'DB' }, created_at: at(4).toISOString() },
        { reference: 'POS-00003', status: '000.000.000', extra: { payment_type: 'RF' }, amount_minor: 500, created_at: at(5).toISOString() },
      ],
    });
    const result = await bed.sync({ since: at(0), until: at(60), references: ['POS-00001', 'POS-00002', 'POS-00003'] });
    expect(result.errors).toEqual([]);
    expect(result.pages).toBe(3);
    expect(result.payments.map((p) => [p.reference, p.status])).toEqual([
      ['POS-00001', 'captured'],
      ['POS-00002', 'authorized'],
      ['POS-00002', 'captured'],
      ['POS-00003', 'captured'],
      ['POS-00003', 'refunded'],
    ]);
    expect(result.payments[4]).toMatchObject({ gatewayId: seeded[4]?.id, refundedMinor: 500, flags: ['refund_transaction'] });
  });

  it('returns each transaction once when references repeat across overlapping runs', async () => {
    await bed.seed({ payments: [{ reference: 'ORDER-A1' }, { reference: 'ORDER-B1' }, { reference: 'ORDER-B1', extra: { payment_type: 'RF' } }] });
    const result = await bed.sync({ since: at(0), until: at(60), references: ['ORDER-A1', 'ORDER-B1', 'ORDER-A1', 'ORDER-B1'] });
    expect(result.payments).toHaveLength(3);
    expect(new Set(result.payments.map((p) => p.gatewayId)).size).toBe(3);
  });

  it('maps every row of HYPERPAY_RESULT_PATTERNS, in order, end to end', async () => {
    for (const row of HYPERPAY_RESULT_PATTERNS) expect({ code: row.example, row: classifyResultCode(row.example)?.meaning }).toEqual({ code: row.example, row: row.meaning });
    const rows = [...HYPERPAY_RESULT_PATTERNS.map((r) => ({ code: r.example, expected: DEBIT_STATUS[r.outcome] })), { code: '123.456.789', expected: 'unknown' as const }];
    const seeded = await bed.seed({ payments: rows.map((r, i) => ({ status: r.code, reference: `RESULT-${i}` })) });
    const result = await bed.sync({ since: at(0), until: at(60), references: rows.map((_, i) => `RESULT-${i}`) });
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    rows.forEach((row, i) => expect({ code: row.code, mapped: got.get(seeded[i]?.id ?? '')?.status }).toEqual({ code: row.code, mapped: row.expected }));
    const flagsOf = (code: string) => result.payments.find((p) => p.gatewayStatus === `DB ${code}`)?.flags;
    expect(flagsOf('000.400.000')).toEqual(['manual_review']);
    expect(flagsOf('000.100.200')).toEqual(['chargeback']);
  });

  it('maps success by payment type: PA authorized, RV cancelled, RF refunded', async () => {
    const types = { PA: 'authorized', RV: 'cancelled', RF: 'refunded', CP: 'captured' } as const;
    const seeded = await bed.seed({ payments: Object.keys(types).map((t) => ({ status: '000.000.000', extra: { payment_type: t } })) });
    const ctx = bed.gatewayCtx();
    for (const [i, expected] of Object.values(types).entries()) expect((await hyperpayAdapter.getPayment(ctx, seeded[i]?.id ?? '')).status).toBe(expected);
  });

  it('converts decimal strings (KWD "1.500") and refuses amounts with too many decimals', async () => {
    await bed.seed({ payments: [{ reference: 'ORDER-K1', currency: 'KWD', amount_minor: 1_500 }, { reference: 'ORDER-S1', currency: 'SAR', amount_minor: 9_200, extra: { wire_amount: '92.005' } }] });
    const result = await bed.sync({ since: at(0), until: at(60), references: ['ORDER-K1', 'ORDER-S1'] });
    expect(result.payments).toEqual([expect.objectContaining({ reference: 'ORDER-K1', amountMinor: 1_500, currency: 'KWD' })]);
    expect(result.errors[0]).toMatch(/3 decimals but SAR allows at most 2/);
  });

  it('re-fetches a pending transaction by id and refuses a wrong entityId', async () => {
    const [p] = await bed.seed({ payments: [{ status: '000.200.000', reference: 'POS-0000P' }] });
    await bed.patch(p?.id ?? '', { status: '000.000.000' });
    const result = await bed.sync({ since: at(0), until: at(60), nonTerminalIds: [p?.id ?? ''] });
    expect(result).toMatchObject({ refetched: 1, payments: [expect.objectContaining({ status: 'captured', reference: 'POS-0000P' })] });
    await expect(hyperpayAdapter.getPayment(bed.gatewayCtx({ entity_id: 'someone_else' }), p?.id ?? '')).rejects.toMatchObject({ httpStatus_: 401 });
  });

  it('backs off after 429 and completes', async () => {
    await bed.seed({ payments: ['ORDER-A1', 'ORDER-B1', 'ORDER-C1'].map((reference) => ({ reference })) });
    await bed.rateLimit(4);
    const result = await bed.sync({ since: at(0), until: at(60), references: ['ORDER-A1', 'ORDER-B1', 'ORDER-C1'] });
    expect(result.errors).toEqual([]);
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(3);
  });

  it('decrypts an AES-GCM notification and refuses one that does not decrypt', async () => {
    const [p] = await bed.seed({ payments: [{ reference: 'POS-0000W' }] });
    const good = await bed.webhook(p?.id ?? '');
    expect(good).toMatchObject({ status: 200, notice: { paymentId: p?.id, reference: 'POS-0000W', gatewayStatus: '000.000.000' } });
    expect((await bed.webhook(p?.id ?? '', true)).status).toBe(401);
  });


  // Fidelity row 16: one reference HyperPay refuses must not stop the listing of the others.
  it('reports a reference HyperPay refuses (4xx) and still lists the ones after it', async () => {
    await bed.seed({ payments: [{ reference: 'POS-00001' }, { reference: 'POS-00003' }] });
    const result = await bed.sync({ since: at(0), until: at(60), references: ['POS-00001', 'POS-2', 'POS-00003', 'POS-00004'] });
    expect(result.payments.map((p) => p.reference)).toEqual(['POS-00001', 'POS-00003']);
    expect(result.errors).toEqual([expect.stringMatching(/merchantTransactionId POS-2 .*HTTP 400, 200\.300\.404/)]);
    expect(result.pages).toBe(4);
    expect(result.syncedUntil).toEqual(at(60));
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
