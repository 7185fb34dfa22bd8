import { countPrintCalls, printCalls } from './pages/CheckoutSupport';
import { CatalogLinksPage, DayViewPage, EndOfDayPage, signInAs } from './pages/ManagerPages';
import { bridgeFromPage } from './pages/PayDeskApi';
import { expect, test } from './freshServer';

// Issue 6: the manager's day. Sales come in through the REST API as an integration would make them; the
// manager filters, reads a timeline, refunds part of a payment, prints and exports the end of day.

test('a manager filters the day to Tabby, refunds part of a payment live, prints and exports the end of day', async ({ page, server, api }, testInfo) => {
  const tabbyPaid = await api.sell('tabby', 'E2E-TABBY-1', '300.00');
  const tabbyWaiting = await api.createPaylink('tabby', 'E2E-TABBY-2', '150.00');
  const paymenntPaid = await api.sell('paymennt', 'E2E-PMNT-1', '200.00');
  await api.sell('paymennt', 'E2E-PMNT-2', '80.00');

  await countPrintCalls(page);
  await signInAs(page, server, '9999');
  const day = new DayViewPage(page);
  await day.open();
  await expect(day.rows()).toHaveCount(4);

  await day.filterProvider('tabby');
  await expect(day.rows()).toHaveCount(2);
  await expect(day.row(paymenntPaid.paylink_id)).toHaveCount(0);
  await expect(day.row(tabbyWaiting.paylink_id)).toBeVisible();
  await expect(day.totalsFor('tabby')).toHaveAttribute('data-captured', '300.00');
  await expect(day.totalsFor('paymennt')).toHaveCount(0); // totals follow the filter
  await page.screenshot({ path: testInfo.outputPath('01-day-view-tabby.png'), fullPage: true });

  await day.openPaylink(tabbyPaid.paylink_id);
  for (const type of ['created', 'authorized', 'captured']) await expect(day.timelineEvent(type)).toBeVisible();
  await expect(day.timelineEvent('synced')).toBeVisible(); // the payment reached the back office
  await expect(day.timelineEvent('refunded')).toHaveCount(0);

  await day.refund('75.25');
  // No reload: the panel, its timeline, the row and the totals all move on their own.
  await expect(day.panel().getByTestId('panel-refunded')).toHaveAttribute('data-amount', '75.25');
  await expect(day.timelineEvent('refunded')).toBeVisible();
  await expect(day.totalsFor('tabby')).toHaveAttribute('data-refunded', '75.25');
  await expect(day.totalsFor('tabby')).toHaveAttribute('data-net', '224.75');
  await expect(day.row(tabbyPaid.paylink_id).getByTestId('row-status')).toHaveAttribute('data-status', 'partially_refunded');
  await expect(page.getByTestId('refund-amount')).toHaveValue(''); // the next refund starts empty again
  await expect(day.refundResult()).toContainText('SAR 224.75 can still be refunded');
  await page.screenshot({ path: testInfo.outputPath('02-timeline-after-refund.png'), fullPage: true });

  const report = new EndOfDayPage(page);
  await report.open();
  await expect(report.row('tabby')).toContainText('300.00');
  await expect(report.row('tabby')).toContainText('75.25');
  await expect(report.row('tabby')).toContainText('224.75');
  await expect(report.row('paymennt')).toContainText('280.00');
  await expect(report.total('SAR')).toContainText('504.75');

  await report.print();
  expect(await printCalls(page)).toBe(1);
  // What the printer gets: the report alone, without the header, navigation or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(report.report()).toBeVisible();
  await expect(report.report()).toContainText('End-of-day report');
  await expect(report.row('tabby')).toContainText('224.75');
  await expect(page.getByTestId('sync-indicator')).toBeHidden();
  await expect(page.getByTestId('report-print')).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('03-report-print-view.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const csv = await report.downloadCsv();
  expect(csv.name).toMatch(/^end-of-day-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.text.split('\r\n');
  expect(lines[0]).toBe('\uFEFFProvider,Currency,Links,Paid,Captured,Refunded,Net');
  expect(lines.slice(1, 3).sort()).toEqual(['Tabby,SAR,2,1,300.00,75.25,224.75', 'paymennt,SAR,2,2,280.00,0.00,280.00'].sort());
  expect(lines.slice(3)).toEqual(['Total,SAR,4,3,580.00,75.25,504.75', '']);

  // The same report in Arabic, right to left.
  await page.getByTestId('toggle-lang').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(report.report()).toContainText('تقرير نهاية اليوم');
  await page.screenshot({ path: testInfo.outputPath('04-report-ar.png'), fullPage: true });
});

test('a cashier is refused a refund without a manager’s approval, in the UI and by the API', async ({ page, server, api }, testInfo) => {
  const paid = await api.sell('tabby', 'E2E-CASHIER-1', '120.00');
  await signInAs(page, server, '1111');
  await expect(page.getByTestId('nav-endOfDay')).toHaveCount(0); // manager screens are not offered

  const day = new DayViewPage(page);
  await day.open();
  await day.openPaylink(paid.paylink_id);
  await expect(day.timelineEvent('captured')).toBeVisible();
  await expect(day.refundNeedsManager()).toContainText('A manager approves this with their PIN on this till');
  await day.askRefund('10.00', 'Customer changed their mind');
  await expect(page.getByTestId('manager-pin')).toBeFocused(); // the confirmation asks for a manager
  await expect(page.getByTestId('refund-confirm-confirm')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('cashier-refund-refused.png'), fullPage: true });

  // Going around the UI does not help: the engine refuses with `forbidden`, and nothing moved.
  const attempt = await bridgeFromPage(page, 'paylinks.refund', { id: paid.paylink_id, amount: '10.00' });
  expect(attempt).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(await api.bridgeAs('1111', 'paylinks.refund', { id: paid.paylink_id, amount: '10.00' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  const after = await api.bridgeAs('1111', 'paylinks.get', { id: paid.paylink_id, refresh: false });
  expect(after).toMatchObject({ ok: true, value: { refunded_amount: '0.00' } });
});

test('a manager creates a catalog payment link, deactivates it and deletes it', async ({ page, server }, testInfo) => {
  await signInAs(page, server, '9999');
  const links = new CatalogLinksPage(page);
  await links.open();
  await links.create('Two bags of coffee', 'prod_demo_1', 2);
  const row = links.row('Two bags of coffee');
  await expect(row).toContainText('130.00'); // 2 × 65.00, priced by the engine from the catalog
  await expect(row.getByTestId('link-availability')).toHaveText('Active');
  await row.getByTestId('link-toggle').click();
  await expect(row.getByTestId('link-availability')).toHaveText('Inactive');
  await page.screenshot({ path: testInfo.outputPath('catalog-links.png'), fullPage: true });
  await row.getByTestId('link-delete').click();
  await row.getByTestId('link-delete-confirm').click();
  await expect(row).toHaveCount(0);
});
