import { SyncQueuePage, signInAs } from './pages/ManagerPages';
import { expect, test } from './freshServer';

// Issue 5: the back office goes down while the shop keeps selling. Payments wait in the outbox, the
// header shows the queue growing, and once the back office is back everything drains — each payment once.

const OUTAGE_SALES = [
  { provider: 'tabby', order: 'OUT-1', amount: '110.00' },
  { provider: 'paymennt', order: 'OUT-2', amount: '220.50' },
  { provider: 'tabby', order: 'OUT-3', amount: '35.75' },
  { provider: 'paymennt', order: 'OUT-4', amount: '99.99' },
] as const;
/** Each captured payment is two back-office calls: record it, then confirm it. */
const ITEMS_PER_PAYMENT = 2;

test('sales go on through a back-office outage, the queue shows it, and every payment syncs exactly once', async ({ page, server, api }, testInfo) => {
  test.setTimeout(180_000);
  const sync = new SyncQueuePage(page);
  await signInAs(page, server, '9999');
  await expect(sync.indicator()).toHaveAttribute('data-online', 'true');
  await expect.poll(() => sync.headerPending()).toBe(0);

  await api.backOfficeDown();
  for (const sale of OUTAGE_SALES) await api.sell(sale.provider, sale.order, sale.amount);

  // The header, visible on every screen, counts what has not reached the back office yet.
  await expect.poll(() => sync.headerPending(), { timeout: 15_000 }).toBe(OUTAGE_SALES.length * ITEMS_PER_PAYMENT);
  await expect(sync.indicator()).toHaveAttribute('data-online', 'false');
  await sync.open();
  await expect(sync.summary()).toContainText(/offline/);
  await expect(page.getByTestId('sync-summary-pending')).toHaveText(String(OUTAGE_SALES.length * ITEMS_PER_PAYMENT));
  await page.getByTestId('sync-tab-pending').click();
  await expect(page.locator('[data-testid^="sync-item-"]')).toHaveCount(OUTAGE_SALES.length * ITEMS_PER_PAYMENT);
  await page.screenshot({ path: testInfo.outputPath('01-outage-sync-queue.png'), fullPage: true });

  // A few seconds of outage, then the back office is back.
  await page.waitForTimeout(3_000);
  await api.backOfficeUp();
  const backAt = Date.now();
  await expect.poll(() => sync.headerPending(), { timeout: 120_000, intervals: [500] }).toBe(0);
  const drainMs = Date.now() - backAt;
  testInfo.annotations.push({ type: 'drain after outage', description: `${drainMs} ms from faults cleared to 0 pending in the header` });
  console.log(`outage drain: ${drainMs} ms`);
  await expect(sync.indicator()).toHaveAttribute('data-online', 'true');
  await expect(page.getByTestId('sync-summary-dead')).toHaveText('0');
  await page.screenshot({ path: testInfo.outputPath('02-drained.png'), fullPage: true });

  // The back office holds each payment exactly once, complete, for the captured amount.
  for (const sale of OUTAGE_SALES) {
    const payments = await api.backOfficePayments(sale.order);
    expect(payments, sale.order).toHaveLength(1);
    expect(payments[0]).toMatchObject({ type: 'receipt', status: 'complete', amount: Number(sale.amount) });
  }
  const created = (await api.backOfficeLedger()).filter((e) => e.op === 'create' && !e.duplicate);
  expect(created.map((e) => e.order_id).sort()).toEqual(OUTAGE_SALES.map((s) => s.order).sort());
});
