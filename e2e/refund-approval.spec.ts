import { DayViewPage, signInAs } from './pages/ManagerPages';
import { expect, test } from './freshServer';

// Issue 15: money actions that cannot happen by accident. A refund opens empty, asks for the amount and a
// reason, says what will happen before it happens, and a cashier's refund is approved by a manager's PIN
// typed on the same till: the cashier stays signed in, and the timeline names the reason and the manager.

test('a cashier refunds with a manager’s PIN typed on the till: confirmation, reason and approver on the timeline', async ({ page, server, api }, testInfo) => {
  const paid = await api.sell('tabby', 'E2E-REFUND-1', '605.50');
  await signInAs(page, server, '1111');
  const day = new DayViewPage(page);
  await day.open();
  await day.openPaylink(paid.paylink_id);
  await expect(day.timelineEvent('captured')).toBeVisible();

  await expect(page.getByTestId('refund-amount')).toHaveValue(''); // opens empty: no full amount waiting for Enter
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-amount-error')).toHaveText('Type an amount.');
  await expect(page.getByTestId('refund-reason-error')).toBeVisible();
  await day.askRefund('700', 'Customer returned the abaya');
  await expect(page.getByTestId('refund-amount-error')).toHaveText('At most SAR 605.50 can still be refunded.');

  await page.getByTestId('refund-full').click();
  await page.getByTestId('refund-submit').click();
  await expect(day.refundQuestion()).toHaveText('Refund SAR 605.50 to the Tabby customer?');
  await expect(page.getByTestId('manager-pin')).toBeFocused();
  await page.keyboard.type('1111'); // a cashier's own PIN does not approve
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('refund-confirm-error')).toHaveAttribute('data-code', 'forbidden');
  await expect(day.panel().getByTestId('panel-refunded')).toHaveAttribute('data-amount', '0.00');
  await page.screenshot({ path: testInfo.outputPath('refund-confirmation.png') });

  await page.getByTestId('manager-pin').fill('');
  await page.keyboard.type('٩٩٩٩'); // a manager's PIN, typed in Arabic-Indic digits
  await page.keyboard.press('Enter');
  await expect(day.refundResult()).toHaveText('Refunded SAR 605.50. The payment is fully refunded.');
  await expect(day.panel().getByTestId('panel-refunded')).toHaveAttribute('data-amount', '605.50');
  await expect(day.timelineEvent('refund_requested').getByTestId('timeline-reason')).toHaveText('Reason: Customer returned the abaya');
  await expect(day.timelineEvent('refund_requested').getByTestId('timeline-approved-by')).toHaveText('Approved by Khalid · خالد');
  await expect(day.timelineEvent('refunded')).toBeVisible();
  await expect(page.getByTestId('who')).toContainText('Sara'); // the cashier never signed out
  await page.screenshot({ path: testInfo.outputPath('refund-done.png') });
});

test('a manager’s own refund is confirmed without a PIN; Escape backs out and nothing moves', async ({ page, server, api }) => {
  const paid = await api.sell('paymennt', 'E2E-REFUND-2', '200.00');
  await signInAs(page, server, '9999');
  const day = new DayViewPage(page);
  await day.open();
  await day.openPaylink(paid.paylink_id);
  await day.askRefund('٥٠٫٢٥', 'Price matched'); // Arabic-Indic digits in the refund amount
  await expect(day.refundQuestion()).toHaveText('Refund SAR 50.25 to the paymennt customer?');
  await expect(page.getByTestId('manager-pin')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(day.refundQuestion()).toHaveCount(0);
  await expect(day.panel().getByTestId('panel-refunded')).toHaveAttribute('data-amount', '0.00');
  await page.getByTestId('refund-submit').click();
  await page.getByTestId('refund-confirm-confirm').click();
  await expect(day.refundResult()).toHaveText('Refunded SAR 50.25. SAR 149.75 can still be refunded.');
  await expect(day.timelineEvent('refund_requested').getByTestId('timeline-approved-by')).toHaveCount(0);
});

test('a cashier cancels another cashier’s waiting link with a manager’s approval, still signed in', async ({ page, server, api }) => {
  const waiting = await api.createPaylink('tabby', 'E2E-CANCEL-1', '150.00'); // made through the API, not by this cashier
  await signInAs(page, server, '1111');
  const day = new DayViewPage(page);
  await day.open();
  await day.openPaylink(waiting.paylink_id);
  await page.getByTestId('cancel-link').click();
  await expect(page.getByTestId('cancel-confirm-question')).toHaveText('Cancel the Tabby link for SAR 150.00? The customer can no longer pay with it.');
  await page.getByTestId('manager-pin').fill('9999');
  await page.getByTestId('cancel-confirm-confirm').click();
  await expect(day.panel().getByTestId('panel-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(day.timelineEvent('cancel_requested').getByTestId('timeline-approved-by')).toHaveText('Approved by Khalid · خالد');
  await expect(page.getByTestId('who')).toContainText('Sara');
});
