import { CheckoutPage } from './pages/CheckoutPage';
import { signInAsCashier } from './pages/CheckoutSupport';
import { DayViewPage, EndOfDayPage, signInAs } from './pages/ManagerPages';
import { expect, test } from './freshServer';

// Issue 15: cash when no link can be made. Every provider answers with an error (so no link can exist); the cashier takes the sale in
// cash, and it is recorded like any payment: receipt, timeline, day view, end of day and the back office.

test('with every provider down the cashier takes cash; it is on the receipt, the day, the end of day and in the back office', async ({ page, browser, server, api }, testInfo) => {
  test.setTimeout(90_000);
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await fetch(`${server.url}/sandbox/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error_rate: 1 }) });
  await checkout.scan('6281000000035'); // oud perfume 320.00
  await checkout.goToPayment();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('create-error')).toBeVisible(); // every provider refuses: certainly no link, so cash is safe
  await page.getByTestId('take-cash').click();
  await expect(page.getByTestId('cash-question')).toHaveText('Take SAR 320.00 in cash from the customer?');
  await page.getByTestId('cash-confirm').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('receipt-provider')).toHaveText('Cash · نقداً');
  await expect(page.getByTestId('receipt-total')).toHaveAttribute('data-minor', '32000');
  await page.screenshot({ path: testInfo.outputPath('cash-receipt.png') });
  const listed = (await (await fetch(`${server.url}/api/v1/providers/paylinks?provider=cash`, { headers: { authorization: `Bearer ${server.apiToken}` } })).json()) as { paylinks?: { order_id: string }[]; data?: { order_id: string }[] };
  const orderId = (listed.paylinks ?? listed.data ?? [])[0]?.order_id ?? '';
  expect(orderId).toMatch(/^POS-/);
  await fetch(`${server.url}/sandbox/_control/faults`, { method: 'DELETE' });

  await expect.poll(async () => (await api.backOfficePayments(orderId)).map((p) => `${p.type}:${p.status}:${p.amount}`), { timeout: 20_000 }).toEqual(['receipt:complete:320']);

  // The manager looks at the day on another till (a browser of their own).
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, server, '9999');
  const day = new DayViewPage(manager);
  await day.open();
  await expect(day.totalsFor('cash')).toHaveAttribute('data-captured', '320.00');
  const row = manager.locator('[data-testid^="paylink-row-"]').first();
  await expect(row).toContainText('Cash');
  await row.focus();
  await manager.keyboard.press('Enter');
  await expect(day.timelineEvent('captured')).toBeVisible();
  await expect(manager.getByTestId('refund-form')).toHaveCount(0); // cash goes back over the counter, not through a provider
  const report = new EndOfDayPage(manager);
  await report.open();
  await expect(report.row('cash')).toContainText('320.00');
  await managerContext.close();
});
