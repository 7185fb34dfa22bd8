import { AppShell } from './pages/AppShell';
import { ReconciliationPage } from './pages/ReconciliationPage';
import { SignInPage } from './pages/SignInPage';
import { expect, test, type PayDeskServer } from './fixtures';

// A manager reconciles the demo day: "Sync now" per gateway reads the sandbox's Stripe and Moyasar
// payments, and the screen shows each matched or not, with totals equal to what the gateway holds.

interface SandboxPayment {
  id: string;
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  created_at: string;
  reference: string | null;
}

async function sandboxPayments(server: PayDeskServer, gateway: string): Promise<SandboxPayment[]> {
  const res = await fetch(`${server.url}/sandbox/_control/gateways/${gateway}/payments`);
  return ((await res.json()) as { payments: SandboxPayment[] }).payments;
}

/** Whether PayDesk knows the order a reference names, asked through its own API. */
async function orderExists(server: PayDeskServer, reference: string): Promise<boolean> {
  const res = await fetch(`${server.url}/api/v1/payments/orders/${encodeURIComponent(reference)}`, { headers: { authorization: `Bearer ${server.apiToken}` } });
  return res.status === 200;
}

/** A sale rung up just now and paid by card, plus a card payment nobody rang up, so the day is never empty. */
async function addPaymentsMadeNow(server: PayDeskServer, gateway: 'stripe' | 'moyasar'): Promise<void> {
  const order = await fetch(`${server.url}/api/v1/payments/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ order: { currency: 'SAR', total_amount: '64.00', line_items: [{ name: 'Coffee beans', qty: 1, price: '64.00' }] }, providers: [gateway] }),
  });
  const orderId = ((await order.json()) as { data: { order_id: string } }).data.order_id;
  const at = new Date(Date.now() - 60_000).toISOString();
  const ids = gateway === 'stripe' ? ['pi_e2e_now_matched', 'pi_e2e_now_walkin'] : ['e2e00000-0000-4000-8000-000000000001', 'e2e00000-0000-4000-8000-000000000002'];
  await fetch(`${server.url}/sandbox/_control/gateways/${gateway}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      payments: [
        { id: ids[0], status: gateway === 'stripe' ? 'succeeded' : 'paid', amount_minor: 6_400, reference: orderId, created_at: at },
        { id: ids[1], status: gateway === 'stripe' ? 'succeeded' : 'paid', amount_minor: 2_750, created_at: at },
      ],
    }),
  });
}

test('a manager syncs Stripe and Moyasar and sees the day matched and unmatched, with the gateway totals', async ({ page, server }, testInfo) => {
  const signIn = new SignInPage(page);
  const shell = new AppShell(page);
  const recon = new ReconciliationPage(page);
  await signIn.open(server);
  await signIn.signIn('9999');
  await expect(shell.who()).toContainText('Khalid');
  await recon.open();
  await expect(recon.noListNote('dinero')).toBeVisible();

  const dayStart = await recon.startOfDay();
  for (const gateway of ['stripe', 'moyasar'] as const) {
    await addPaymentsMadeNow(server, gateway);
    await recon.syncNow(gateway);
    await expect(recon.syncErrors(gateway)).toHaveCount(0);

    const syncedAt = Date.now();
    const expected = (await sandboxPayments(server, gateway)).filter((p) => Date.parse(p.created_at) >= dayStart && Date.parse(p.created_at) <= syncedAt);
    const matchedIds = new Set<string>();
    for (const p of expected) if (p.reference && (await orderExists(server, p.reference))) matchedIds.add(p.id);
    expect(matchedIds.size).toBeGreaterThan(0);
    expect(matchedIds.size).toBeLessThan(expected.length);

    await expect(recon.rows(gateway)).toHaveCount(expected.length);
    for (const p of expected) await expect(recon.paymentRow(p.id)).toHaveAttribute('data-matched', String(matchedIds.has(p.id)));
    await expect.poll(() => recon.totals(gateway)).toEqual({
      count: expected.length,
      amountMinor: expected.reduce((sum, p) => sum + p.amount_minor, 0),
      paidMinor: expect.any(Number),
      refundedMinor: expected.reduce((sum, p) => sum + p.refunded_minor, 0),
      matched: matchedIds.size,
      unmatched: expected.length - matchedIds.size,
    });
  }

  await recon.filter('unmatched');
  await expect(recon.paymentRow('pi_e2e_now_walkin')).toBeVisible();
  await expect(recon.paymentRow('pi_e2e_now_matched')).toHaveCount(0);
  await recon.filter('all');
  await recon.section('stripe').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('reconciliation.png'), fullPage: true });

  await shell.toggleLanguage();
  expect(await shell.dir()).toBe('rtl');
  await expect(page.getByRole('heading', { name: 'المطابقة' })).toBeVisible();
  await expect(recon.section('moyasar').getByRole('button', { name: 'مزامنة الآن' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('reconciliation-ar.png'), fullPage: true });
});

test('a cashier has no reconciliation screen', async ({ page, server }) => {
  const signIn = new SignInPage(page);
  await signIn.open(server);
  await signIn.signIn('1111');
  await expect(new AppShell(page).who()).toContainText('Sara');
  await page.keyboard.press('F6');
  await expect(page.getByTestId('nav-reconciliation')).toHaveCount(0);
  await expect(page.getByTestId('reconciliation')).toHaveCount(0);
});
