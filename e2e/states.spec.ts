import { CheckoutPage } from './pages/CheckoutPage';
import { DayViewPage, SyncQueuePage, signInAs } from './pages/ManagerPages';
import { expect, test } from './freshServer';

// Issue 15: states that tell the truth. Loading is not empty, a filter that hides everything says so, the
// sync queue is live, and the header tells the back office, the network and a provider apart.

test('the day view says it is loading, then that there is nothing yet, and a filter that hides everything can be cleared', async ({ page, server, api }, testInfo) => {
  await signInAs(page, server, '9999');
  // Hold the first page of the day back: until it arrives the list says it is loading, not that it is empty.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/bridge/paylinks.list', async (route) => {
    await held;
    await route.continue();
  });
  const day = new DayViewPage(page);
  await day.open();
  await expect(page.getByTestId('day-loading')).toHaveText('Loading the day’s paylinks…');
  await expect(page.getByTestId('day-empty')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('day-loading.png') });
  release();
  await expect(page.getByTestId('day-empty')).toHaveText('No paylinks yet today.');
  await page.unroute('**/bridge/paylinks.list');

  await api.sell('tabby', 'E2E-STATES-1', '80.00');
  await expect(day.rows()).toHaveCount(1); // pushed: no reload
  await day.filterProvider('paymennt');
  await expect(page.getByTestId('day-empty-filtered')).toContainText('No paylinks match these filters.');
  await page.getByTestId('clear-filters').click();
  await expect(day.rows()).toHaveCount(1);
  await expect(page.getByTestId('filter-provider')).toHaveValue('');
});

test('the end-of-day report shows it is loading before it shows the day', async ({ page, server }) => {
  await signInAs(page, server, '9999');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/bridge/reports.endOfDay', async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.press('F10');
  await expect(page.getByTestId('report-loading')).toBeVisible();
  await expect(page.getByTestId('eod-report')).toHaveCount(0);
  release();
  await expect(page.getByTestId('eod-report')).toBeVisible();
  await expect(page.getByTestId('report-loading')).toHaveCount(0);
});

test('during a back-office outage the header says so with the count, and the open sync queue empties live when it is back', async ({ page, server, api }, testInfo) => {
  test.setTimeout(120_000);
  const sync = new SyncQueuePage(page);
  await signInAs(page, server, '9999');
  await api.backOfficeDown();
  await api.sell('tabby', 'E2E-LIVE-1', '45.00');
  await expect(sync.indicator()).toHaveAttribute('data-state', 'backoffice_down', { timeout: 15_000 });
  await expect(sync.indicator()).toContainText(/Back office unreachable — \d+ waiting/);
  await sync.open();
  await page.getByTestId('sync-tab-pending').click();
  await expect(page.locator('[data-testid^="sync-item-"]')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('queue-during-outage.png') });

  await api.backOfficeUp();
  // Same screen, no reopening, no reload: the delivered rows leave on their own.
  await expect(page.locator('[data-testid^="sync-item-"]')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('sync-queue')).toContainText('Nothing is waiting');
  await expect(sync.indicator()).toHaveAttribute('data-state', 'ok');
});

test('the header tells "no network" apart, and names a provider that does not answer', async ({ page, server, context }) => {
  const checkout = new CheckoutPage(page);
  await signInAs(page, server, '1111');
  await context.setOffline(true);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'no_network');
  await expect(page.getByTestId('sync-indicator')).toContainText(/No network — \d+ waiting/);
  await context.setOffline(false);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');

  await fetch(`${server.url}/sandbox/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'tabby', reset_rate: 1 }) });
  await checkout.scan('6281000000042');
  await checkout.goToPayment();
  await checkout.chooseProvider('tabby');
  await page.keyboard.press('Enter');
  // A reset leaves the create's outcome unknown: the till checks with Tabby and the header names it.
  await expect(page.getByTestId('create-checking')).toBeVisible();
  await expect(page.getByTestId('provider-down-tabby')).toHaveText('Tabby not answering');
  await fetch(`${server.url}/sandbox/_control/faults`, { method: 'DELETE' });
});
