import { CheckoutCustomer } from './pages/CheckoutCustomer';
import { CheckoutPage } from './pages/CheckoutPage';
import { signInAsCashier } from './pages/CheckoutSupport';
import { CustomerDisplayPage } from './pages/CustomerDisplayPage';
import { expect, test } from './fixtures';

// A till and the screen facing its customer, in two browsers: the display pairs with the code on the till,
// then follows the sale (each scanned line, the QR, the outcome) without a control or an internal id.

test('the customer display follows its till: lines, the QR to the same checkout page, and the paid state', async ({ page, browser, server }) => {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);

  const display = await CustomerDisplayPage.open(browser, server.url);
  await expect(display.pairingForm()).toBeVisible();
  await page.getByTestId('pair-display').click();
  const code = (await page.getByTestId('pairing-code-shown').textContent())!.trim();
  expect(code).toMatch(/^\d{6}$/);
  await display.pair(code);

  await expect(display.root()).toHaveAttribute('data-phase', 'idle');
  await expect(display.root()).toContainText('PayDesk Demo Store');
  await expect(display.root()).toContainText('متجر باي ديسك التجريبي');

  await checkout.scan('6281000000011');
  await expect(display.lines()).toHaveCount(1);
  await expect(display.lines().first()).toContainText('Arabic coffee beans 500 g');
  await expect(display.lines().first()).toContainText('65.00');
  await checkout.oneMoreOfLastLine();
  await expect(display.lines().first()).toContainText('2 ×');
  await checkout.scan('abaya');
  await expect(display.lines()).toHaveCount(2);
  await expect(display.lines().nth(1)).toContainText('عباية سوداء');
  await expect(page.getByTestId('display-total')).toHaveCount(0); // the till has its own total, the display its own
  await expect(display.page.getByTestId('display-total')).toHaveAttribute('data-amount', '580.00');

  await checkout.goToPayment();
  await checkout.chooseProvider('tabby');
  await checkout.createPaylink();
  await expect(display.qr()).toBeVisible();
  await expect(display.page.getByTestId('display-provider')).toHaveText('Tabby');
  await expect(display.page.getByTestId('display-amount')).toContainText('580.00 SAR');
  await expect(display.page.getByTestId('display-countdown')).toContainText(/Link expires in \d+:\d\d/);
  const checkoutUrl = await checkout.qr().getAttribute('data-checkout-url');
  expect(await display.decodeQr()).toBe(checkoutUrl);
  // The cashier's own QR stays on the till as a fallback.
  await expect(checkout.qr()).toBeVisible();

  const ids = [await checkout.paylinkId(), await checkout.sessionId(), 'prod_demo_', 'POS-', 'app_tabby'];
  const customer = await CheckoutCustomer.open(browser, server.url, 'tabby', await checkout.sessionId());
  await customer.approve();
  await expect(display.root()).toHaveAttribute('data-phase', 'paid');
  await expect(display.page.getByTestId('display-outcome')).toContainText('Thank you');
  await expect(display.page.getByTestId('display-outcome')).toContainText('شكراً');

  const text = await display.page.locator('body').innerText();
  const html = await display.page.content();
  for (const id of ids) {
    expect(text, id).not.toContain(id);
    expect(html, id).not.toContain(id);
  }
  expect(await display.page.locator('button, [role=button], a[href]').count()).toBe(0);

  // The next sale clears the display back to the welcome screen.
  await checkout.capture();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await page.keyboard.press('F9');
  await expect(display.root()).toHaveAttribute('data-phase', 'idle');
  await customer.close();
  await display.close();
});

test('a display without a pairing code gets nothing, and a wrong code is refused', async ({ browser, server, page }) => {
  const display = await CustomerDisplayPage.open(browser, server.url);
  await expect(display.pairingForm()).toBeVisible();
  expect(await display.statusOf('/display/state')).toBe(401);
  expect(await display.statusOf('/display/events')).toBe(401);
  expect(await display.statusOf('/bridge/app.info', 'POST')).toBe(403);
  await expect(display.page.locator('body')).not.toContainText('PayDesk Demo Store');

  await display.pair('000000');
  await expect(display.page.getByTestId('pairing-wrong')).toBeVisible();
  expect(await display.statusOf('/display/state')).toBe(401);

  // A used code does not pair a second screen.
  await signInAsCashier(page, server);
  await page.getByTestId('pair-display').click();
  const code = (await page.getByTestId('pairing-code-shown').textContent())!.trim();
  await display.pair(code);
  await expect(display.root()).toBeVisible();
  const second = await CustomerDisplayPage.open(browser, server.url);
  await second.pair(code);
  await expect(second.page.getByTestId('pairing-wrong')).toBeVisible();
  // The paired display's cookie does not open the bridge either.
  expect(await display.statusOf('/bridge/app.info', 'POST')).toBe(403);
  await second.close();
  await display.close();
});

test('an SMS payment shows the masked phone and the countdown; a declined one says what to do next', async ({ page, browser, server }) => {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  const display = await CustomerDisplayPage.open(browser, server.url);
  await page.getByTestId('pair-display').click();
  await display.pair((await page.getByTestId('pairing-code-shown').textContent())!.trim());
  await expect(display.root()).toHaveAttribute('data-phase', 'idle');

  await checkout.scan('6281000000028');
  await expect(display.lines()).toHaveCount(1);
  await checkout.goToPayment();
  await checkout.chooseProvider('tamara');
  await checkout.typeCustomerPhone('0500000001');
  await checkout.createPaylink();
  const pay = display.page.getByTestId('display-pay');
  await expect(pay).toContainText('SMS sent to');
  await expect(pay).toContainText('+9665•••••001');
  await expect(pay).toContainText('أُرسلت رسالة نصية إلى');
  await expect(display.qr()).toHaveCount(0);
  await expect(display.page.getByTestId('display-countdown')).toContainText(/\d+:\d\d/);
  await expect(display.page.locator('body')).not.toContainText('+966500000001');

  const customer = await CheckoutCustomer.open(browser, server.url, 'tamara', await checkout.sessionId());
  await customer.decline();
  await expect(display.root()).toHaveAttribute('data-phase', 'declined');
  await expect(display.page.getByTestId('display-outcome')).toContainText('Nothing was charged');
  await expect(display.page.getByTestId('display-outcome')).toContainText('لم يُخصم أي مبلغ');
  expect(await display.page.locator('button, [role=button], a[href]').count()).toBe(0);
  await customer.close();
  await display.close();
});
