import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProviderId } from '../../shared/providers';
import { getGatewayPayment } from '../store/gatewayPayments';
import { startGatewayPayDesk, type GatewayPayDesk, type SandboxGatewayPayment } from '../testing/gatewayBed';
import { isDemoReferenceWithoutOrder } from './gatewayDemo';
import { startOfLocalDay } from './gatewaySync';

// Reconciliation over real HTTP: demo-mode PayDesk with its in-process sandbox and a real SQLite file.

const OVERLAP_MS = 10 * 60_000;
let pd: GatewayPayDesk;
let syncedAt: number;

beforeAll(async () => {
  pd = await startGatewayPayDesk();
});
afterAll(() => pd.close());

/** What the first run of the day reads: from local midnight (less the overlap) up to now. */
function inFirstWindow(p: SandboxGatewayPayment, nowMs: number): boolean {
  const at = Date.parse(p.created_at);
  return at >= startOfLocalDay(nowMs) - OVERLAP_MS && at <= nowMs;
}

function countRows(): number {
  return (pd.db.prepare(`SELECT COUNT(*) AS n FROM gateway_payments`).get() as { n: number }).n;
}

describe('gateway sync runs', () => {
  it('stores the seeded Stripe and Moyasar day, matched to the demo orders where they name one', async () => {
    // A payment made a minute ago, so the day is never empty whatever the clock says.
    await pd.seed('stripe', [{ id: 'pi_fresh_0001', status: 'succeeded', amount_minor: 4_500, created_at: new Date(Date.now() - 60_000).toISOString() }]);
    await pd.seed('moyasar', [{ id: '11111111-0000-4000-8000-000000000001', status: 'paid', amount_minor: 2_300, created_at: new Date(Date.now() - 60_000).toISOString() }]);
    syncedAt = Date.now();
    for (const gateway of ['stripe', 'moyasar'] as const) {
      const [run] = await pd.sync({ gateway });
      expect(run).toMatchObject({ gateway, org_app_id: `app_${gateway}_sandbox`, trigger: 'manual', errors: [] });
      const expected = (await pd.sandboxPayments(gateway)).filter((p) => inFirstWindow(p, syncedAt));
      expect(run!.inserted).toBe(expected.length);
      const view = await pd.payments({ gateway, from: 0, to: Date.now() + 1 });
      expect(view.payments.map((p) => p.gateway_id).sort()).toEqual(expected.map((p) => p.id).sort());
      for (const p of expected) {
        const stored = view.payments.find((s) => s.gateway_id === p.id)!;
        expect(stored.amount_minor).toBe(p.amount_minor);
        expect(stored.refunded_minor).toBe(p.refunded_minor);
        expect(stored.reference).toBe(p.reference);
        expect(stored.matched_order_id).toBe(p.reference && !isDemoReferenceWithoutOrder(p.reference) ? p.reference : null);
      }
      const totals = view.totals.find((t) => t.gateway === gateway)!;
      expect(totals.count).toBe(expected.length);
      expect(totals.amount_minor).toBe(expected.reduce((sum, p) => sum + p.amount_minor, 0));
      expect(totals.matched + totals.unmatched).toBe(expected.length);
    }
  });

  it('adds no duplicates on a second, overlapping run and starts where the last one ended', async () => {
    const before = countRows();
    const [run] = await pd.sync({ gateway: 'stripe' });
    expect(run!.inserted).toBe(0);
    expect(run!.fetched).toBeGreaterThan(0); // the overlap read the fresh payment again
    expect(Date.parse(run!.window_from!)).toBeLessThan(syncedAt);
    expect(Date.parse(run!.window_from!)).toBeGreaterThan(syncedAt - OVERLAP_MS - 60_000);
    expect(countRows()).toBe(before);
  });

  it('re-fetches a held payment outside the list window when the gateway has captured it since', async () => {
    // Held three days ago: no list window reaches it, only the per-id refresh of open payments does.
    const [held] = await pd.seed('stripe', [{ id: 'pi_held_0001', status: 'requires_capture', amount_minor: 9_900, created_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }]);
    expect((await pd.sandboxWebhook('stripe', held!.id)).delivered_status).toBe(200);
    expect(getGatewayPayment(pd.db, 'stripe', held!.id)?.status).toBe('authorized');

    await pd.patch('stripe', held!.id, { status: 'succeeded' });
    const [run] = await pd.sync({ gateway: 'stripe' });
    expect(run!.refetched).toBeGreaterThanOrEqual(1);
    expect(run!.updated).toBeGreaterThanOrEqual(1);
    expect(getGatewayPayment(pd.db, 'stripe', held!.id)).toMatchObject({ status: 'captured', gateway_status: 'succeeded' });
  });

  it('matches payments to payment orders and paylinks by reference, including orders made after the payment was read', async () => {
    // A payment order routed to Stripe goes to its sync app (seed 000), and its card payment matches it.
    const order = await pd.api('POST', '/api/v1/payments/orders', {
      body: { order: { currency: 'SAR', total_amount: '45.00', line_items: [{ name: 'Dates', qty: 1, price: '45.00' }] }, providers: ['stripe'] },
    });
    expect(order.status).toBe(201);
    expect(order.body.data).toMatchObject({ active_gateway: 'stripe', app_slug: 'stripe-payments', next_action: 'schedule_gateway_sync' });
    const orderId = order.body.data.order_id as string;
    const events = await pd.api('GET', `/api/v1/payments/orders/${orderId}/events`);
    expect(events.body.events.at(-1)).toMatchObject({ type: 'gateway_sync_scheduled', data: { org_app_id: 'app_stripe_sandbox' } });

    // Gateway-sync providers take no paylinks: the refusal points to payment orders.
    const refused = await pd.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'stripe', org_app_id: 'app_stripe_sandbox', order_id: 'POS-X', amount: '10.00', currency: 'SAR' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('provider_not_paylink');

    const paylink = await pd.api('POST', '/api/v1/providers/paylinks', {
      body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-MATCH-0001', amount: '150.00', currency: 'SAR', buyer_phone: '0500000001' },
    });
    expect(paylink.status).toBe(201);
    const paylinkId = paylink.body.paylink_id as string;

    const now = Date.now();
    await pd.seed('stripe', [
      { id: 'pi_match_order', status: 'succeeded', amount_minor: 4_500, reference: orderId, created_at: new Date(now - 30_000).toISOString() },
      { id: 'pi_match_later', status: 'succeeded', amount_minor: 7_000, reference: 'POS-LATER-0001', created_at: new Date(now - 30_000).toISOString() },
    ]);
    await pd.seed('moyasar', [{ id: '22222222-0000-4000-8000-000000000001', status: 'paid', amount_minor: 15_000, reference: paylinkId, created_at: new Date(now - 30_000).toISOString() }]);
    await pd.sync({});

    expect(getGatewayPayment(pd.db, 'stripe', 'pi_match_order')).toMatchObject({ matched_order_id: orderId, matched_paylink_id: null });
    expect(getGatewayPayment(pd.db, 'moyasar', '22222222-0000-4000-8000-000000000001')).toMatchObject({ matched_order_id: 'POS-MATCH-0001', matched_paylink_id: paylinkId });
    expect(getGatewayPayment(pd.db, 'stripe', 'pi_match_later')).toMatchObject({ matched_order_id: null, matched_paylink_id: null });

    // The order for that reference is rung up afterwards, on a till whose paylink names it.
    const late = await pd.api('POST', '/api/v1/providers/paylinks', {
      body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-LATER-0001', amount: '150.00', currency: 'SAR', buyer_phone: '0500000001' },
    });
    expect(late.status).toBe(201);
    await pd.sync({ gateway: 'stripe' });
    const rematched = getGatewayPayment(pd.db, 'stripe', 'pi_match_later');
    expect(rematched?.matched_paylink_id).toBeTruthy();

    const unmatched = await pd.payments({ from: now - 60_000, to: Date.now() + 1, matched: false });
    expect(unmatched.payments.every((p) => !p.matched)).toBe(true);
    const matched = await pd.payments({ from: now - 60_000, to: Date.now() + 1, matched: true });
    expect(matched.payments.map((p) => p.gateway_id).sort()).toEqual(['22222222-0000-4000-8000-000000000001', 'pi_match_later', 'pi_match_order']);
  });

  it('rides out a burst of 429s and still stores what the gateway has', async () => {
    await pd.seed('moyasar', [{ id: '33333333-0000-4000-8000-000000000001', status: 'paid', amount_minor: 1_200, created_at: new Date(Date.now() - 5_000).toISOString() }]);
    await pd.rateLimit('moyasar', 6);
    const [run] = await pd.sync({ gateway: 'moyasar' });
    expect(run!.errors).toEqual([]);
    expect(run!.rate_limited_retries).toBeGreaterThanOrEqual(1);
    expect((await pd.stats('moyasar')).rate_limited).toBe(6);
    expect(getGatewayPayment(pd.db, 'moyasar', '33333333-0000-4000-8000-000000000001')?.status).toBe('captured');
  });

  it('refuses to sync an app that is not a gateway app, and records errors a manager can read', async () => {
    const wrong = await pd.bridge('gateways.sync', { org_app_id: 'app_tabby_sandbox' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const cashier = await fetch(`${pd.url}/bridge/gateways.sync`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: pd.bridgeCookie }, body: '{}' });
    expect(((await cashier.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

    const faults = (method: string, body?: unknown) =>
      fetch(`${pd.url}/sandbox/_control/faults`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    await faults('POST', { provider: 'stripe', error_rate: 1 });
    const [run] = await pd.sync({ gateway: 'stripe' });
    await faults('DELETE');
    expect(run!.errors.length).toBeGreaterThan(0);
    expect(run!.synced_until).toBe(run!.window_from && new Date(Date.parse(run!.window_from) + OVERLAP_MS).toISOString());
    const overview = await pd.bridge<{ apps: { gateway: string; supports_list: boolean; last_run: { errors: string[] } | null; last_clean_sync_at: string | null }[] }>('gateways.runs', {});
    expect(overview.ok).toBe(true);
    const apps = overview.ok ? overview.value.apps : [];
    expect(apps.find((a) => a.gateway === 'stripe')?.last_run?.errors.length).toBeGreaterThan(0);
    expect(apps.find((a) => a.gateway === 'stripe')?.last_clean_sync_at).not.toBeNull();
    expect(apps.find((a) => a.gateway === 'dinero')?.supports_list).toBe(false);
  });

  it('runs every gateway app on the schedule, one run per app at a time', async () => {
    const runsOf = (trigger: string) => (pd.db.prepare(`SELECT org_app_id, COUNT(*) AS n FROM gateway_sync_runs WHERE trigger = ? GROUP BY org_app_id`).all(trigger) as { org_app_id: string; n: number }[]);
    // Single flight: two requests for the same app while one runs share that run.
    const [a, b] = await Promise.all([pd.engine.gateways.runSyncForApp('app_moyasar_sandbox'), pd.engine.gateways.runSyncForApp('app_moyasar_sandbox')]);
    expect(a.id).toBe(b.id);

    await pd.engine.gateways.stopScheduler();
    pd.engine.gateways.startScheduler(50);
    const deadline = Date.now() + 10_000;
    while (runsOf('schedule').length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await pd.engine.gateways.stopScheduler();
    const scheduled = runsOf('schedule');
    const gateways: GatewayProviderId[] = ['dinero', 'hyperpay', 'moyasar', 'paypal', 'stripe', 'tap'];
    expect(scheduled.map((r) => r.org_app_id).sort()).toEqual(gateways.map((g) => `app_${g}_sandbox`));
    // No app ever had two runs open at once.
    const overlapping = pd.db
      .prepare(`SELECT COUNT(*) AS n FROM gateway_sync_runs a JOIN gateway_sync_runs b ON a.org_app_id = b.org_app_id AND a.id < b.id AND b.started_at < a.finished_at`)
      .get() as { n: number };
    expect(overlapping.n).toBe(0);
  }, 30_000);
});
