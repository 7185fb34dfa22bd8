import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DINERO_STATUS_MAP, dineroAdapter } from './dinero';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('Dinero Pay status-by-id against the sandbox', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('dinero');
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.clear());

  it('never lists (no documented list API) and refreshes the given ids one by one', async () => {
    const seeded = await bed.seed({ count: 3, created_from: at(0).toISOString(), statuses: ['pending', 'settled', 'decline'] });
    const result = await bed.sync({ since: at(0), until: at(60), nonTerminalIds: seeded.map((s) => s.id) });
    expect(result).toMatchObject({ pages: 0, windows: [], refetched: 3, errors: [] });
    expect(result.payments.map((p) => p.status)).toEqual(['created', 'captured', 'rejected']);
    await expect(dineroAdapter.listPage(bed.gatewayCtx(), { from: at(0), to: at(1) }, null)).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('maps every row of DINERO_STATUS_MAP, and unknown statuses to unknown', async () => {
    const rows = [...Object.entries(DINERO_STATUS_MAP).map(([status, expected]) => ({ status, expected })), { status: 'mystery', expected: 'unknown' }];
    const seeded = await bed.seed({ payments: rows.map((r) => ({ status: r.status, reference: 'POS-D1' })) });
    // 'mystery' is not a documented status: that call is left out of the contract check.
    const result = await bed.offContract(() => bed.sync({ since: at(0), until: at(1), nonTerminalIds: seeded.map((s) => s.id) }));
    const got = new Map(result.payments.map((p) => [p.gatewayId, p]));
    rows.forEach((row, i) => expect({ status: row.status, mapped: got.get(seeded[i]?.id ?? '')?.status }).toEqual({ status: row.status, mapped: row.expected }));
    expect(result.payments.find((p) => p.gatewayStatus === 'chargeback')?.flags).toEqual(['chargeback']);
    expect(result.payments[0]?.reference).toBe('POS-D1');
  });

  it('converts decimal strings (KWD 3 decimals) and reports amounts with too many decimals', async () => {
    const [kwd, odd] = await bed.seed({ payments: [{ currency: 'KWD', amount_minor: 2_250 }, { currency: 'SAR', extra: { wire_amount: '2.005' } }] });
    const result = await bed.sync({ since: at(0), until: at(1), nonTerminalIds: [kwd?.id ?? '', odd?.id ?? ''] });
    expect(result.payments).toEqual([expect.objectContaining({ gatewayId: kwd?.id, amountMinor: 2_250, currency: 'KWD' })]);
    expect(result.errors).toEqual([expect.stringMatching(/3 decimals but SAR allows at most 2/)]);
  });

  it('signs status calls with the merchant hash; a wrong password is refused', async () => {
    const [p] = await bed.seed({ payments: [{}] });
    const ctx = { ...bed.gatewayCtx(), credentials: { merchant_key: 'sandbox_dinero_key', merchant_password: 'wrong' } };
    await expect(dineroAdapter.getPayment(ctx, p?.id ?? '')).rejects.toMatchObject({ httpStatus_: 401 });
  });

  it('backs off after 429 on status calls', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'settled' }] });
    await bed.rateLimit(4);
    const result = await bed.sync({ since: at(0), until: at(1), nonTerminalIds: [p?.id ?? ''] });
    expect(result.errors).toEqual([]);
    expect(result.rateLimitedRetries).toBeGreaterThan(0);
    expect(result.payments).toHaveLength(1);
  });

  it('accepts a callback with a valid hash and refuses an altered one', async () => {
    const [p] = await bed.seed({ payments: [{ status: 'settled', reference: 'POS-D2' }] });
    expect(await bed.webhook(p?.id ?? '')).toMatchObject({ status: 200, notice: { paymentId: p?.id, reference: 'POS-D2', gatewayStatus: 'settled' } });
    expect((await bed.webhook(p?.id ?? '', true)).status).toBe(401);
  });

  it('every answer and webhook this suite got from the sandbox matches the contract', () => {
    expect(bed.contractProblems()).toEqual([]);
  });
});
