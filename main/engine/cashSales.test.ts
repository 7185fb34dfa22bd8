import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startTestPayDesk } from '../testing/payDesk';
import { createHandlers, dispatch } from './handlers';
import { endOfDay } from './reports';

// Cash when no payment link can be made: recorded like any payment, never stuck because the network is.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let call: (method: Parameters<typeof dispatch>[2], input: unknown) => ReturnType<typeof dispatch>;

beforeAll(async () => {
  pd = await startTestPayDesk();
  const handlers = createHandlers(pd.engine);
  const session = pd.engine.auth.signIn('1111').token;
  call = (method, input) => dispatch(pd.engine, handlers, method, input, { sessionToken: session });
});
afterAll(async () => {
  for (let i = 0; i < 100 && pd.engine.sync.status().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
  await pd.close();
});

async function backOfficePayments(orderId: string): Promise<{ methodUid?: string; type: string; status: string; amount: number }[]> {
  const { api_key, organization_id } = SANDBOX_CREDENTIALS.backoffice;
  const res = await fetch(`${pd.url}/backoffice/v1/om/payments?orderId=${encodeURIComponent(orderId)}`, { headers: { 'api-key': api_key, 'organization-id': organization_id } });
  return ((await res.json()) as { data: { items: { methodUid?: string; type: string; status: string; amount: number }[] } }).data.items;
}

describe('cash sales', () => {
  it('records a captured cash payment once, with its timeline, and sends the back office a cash receipt', async () => {
    const sale = { order_id: 'POS-CASH-1', amount: '57.50', currency: 'SAR', reason: 'providers_unavailable', items: [{ name: 'Mint tea', quantity: 2, unit_price: '28.75' }] };
    const first = await call('sales.recordCash', sale);
    expect(first).toMatchObject({ ok: true, value: { provider: 'cash', status: 'captured', captured_amount: '57.50', can: [] } });
    const again = await call('sales.recordCash', sale);
    const idOf = (r: Awaited<typeof first>) => (r.ok ? (r.value as { id: string }).id : undefined);
    expect(idOf(again)).toBe(idOf(first)); // the same sale, not a second one
    const id = idOf(first)!;
    const timeline = await call('paylinks.timeline', { id });
    expect((timeline.ok ? (timeline.value as { type: string }[]) : []).map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'captured']));

    await expect.poll(() => backOfficePayments('POS-CASH-1'), { timeout: 10_000 }).toEqual([expect.objectContaining({ methodUid: 'cash', type: 'receipt', status: 'complete', amount: 57.5 })]);
    const day = endOfDay(pd.engine.db, { from: 0, to: Date.now() + 60_000 }, pd.engine.now);
    expect(JSON.stringify(day)).toContain('"cash"');
    expect((await call('orgApps.list', {})).ok && JSON.stringify(await call('orgApps.list', {}))).not.toContain('app_cash');
  });

  it('refuses a cash amount with too many decimals instead of rounding it', async () => {
    expect(await call('sales.recordCash', { order_id: 'POS-CASH-2', amount: '10.005', currency: 'SAR' })).toMatchObject({ ok: false, error: { code: 'invalid_amount' } });
  });
});
