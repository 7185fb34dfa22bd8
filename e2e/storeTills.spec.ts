import { expect, test } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresCluster } from '../scripts/pg-test-server.mjs';
import { startServe } from './fixtures';
import { DayViewPage, signInAs } from './pages/ManagerPages';
import { PayDeskApi } from './pages/PayDeskApi';

// Issue 13: two tills (two `npm run serve`, each its own data folder) and one store database on PostgreSQL.
// Till B's manager sees till A's sale with its till; with the store database stopped the header says so and
// the day view shows this till only under a banner.

test('till B shows till A\'s sale with its till, and this till only with a banner while the store database is down', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const cluster = await startPostgresCluster({ dir: join(tmpdir(), `paydesk-pg-e2e-${process.pid}-${Date.now()}`) });
  const url = await cluster.createDatabase('store_e2e');
  const tillA = await startServe({ PAYDESK_STORE_DATABASE_URL: url, PAYDESK_TILL_ID: 'till-a', PAYDESK_TILL_NAME: 'Till A' });
  const tillB = await startServe({ PAYDESK_STORE_DATABASE_URL: url, PAYDESK_TILL_ID: 'till-b', PAYDESK_TILL_NAME: 'Till B' });
  try {
    const sale = await new PayDeskApi(tillA).sell('tabby', 'STORE-UI-1', '42.00');
    await signInAs(page, tillB, '9999');
    const store = page.getByTestId('storedb-indicator');
    await expect(store).toHaveAttribute('data-online', 'true');
    const day = new DayViewPage(page);
    await day.open();
    await expect(day.row(sale.paylink_id).getByTestId('row-till')).toHaveText('Till A', { timeout: 15_000 });
    await expect(page.getByTestId('store-scope-banner')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('01-store-day-view.png'), fullPage: true });

    await page.getByTestId('filter-till').selectOption('till-b');
    await expect(day.row(sale.paylink_id)).toHaveCount(0);
    await page.getByTestId('filter-till').selectOption('');
    await expect(day.row(sale.paylink_id)).toBeVisible();

    cluster.stop();
    await expect(store).toHaveAttribute('data-online', 'false', { timeout: 20_000 });
    await page.getByTestId('filter-till').selectOption('till-b');
    await expect(page.getByTestId('store-scope-banner')).toBeVisible();
    await expect(day.row(sale.paylink_id)).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('02-store-database-down.png'), fullPage: true });
  } finally {
    await page.context().close();
    await tillA.stop();
    await tillB.stop();
    cluster.destroy();
  }
});
