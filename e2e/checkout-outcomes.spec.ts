import { CheckoutCustomer } from './pages/CheckoutCustomer';
import { CheckoutPage } from './pages/CheckoutPage';
import { callAsManager, sandboxAction, signInAsCashier, stepShots } from './pages/CheckoutSupport';
import { ReceiptPage } from './pages/ReceiptPage';
import { expect, test } from './fixtures';

// The paths a cashier must never be unsure about: declined, expired, cancelled and switched, greyed-out
// providers with their reasons, auto-capture, and a store whose prices exclude VAT.

async function abayaAndCoffee(checkout: CheckoutPage): Promise<void> {
  await checkout.scan('6281000000042'); // abaya 450.00
  await checkout.scan('6281000000011'); // coffee 65.00
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '51500');
}

test('declined by the customer: the till says so, and the same sale goes to another provider', async ({ page, browser, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await abayaAndCoffee(checkout);
  await checkout.goToPayment();
  await checkout.chooseProvider('tabby');
  await checkout.createPaylink();

  const customer = await CheckoutCustomer.open(browser, server.url, 'tabby', await checkout.sessionId());
  await customer.decline();
  await customer.close();

  await expect(checkout.status()).toHaveAttribute('data-status', 'rejected');
  await expect(checkout.status()).toContainText('Tabby declined the payment');
  await expect(checkout.qr()).toHaveCount(0); // a dead link is not left on screen to scan
  await expect(page.getByTestId('try-another')).toBeFocused();
  await shot('declined');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('provider-total')).toContainText('515.00');
  await expect(checkout.cartLine('ABA-004')).toHaveCount(0); // the cart is on the sale step, kept in state
  await page.keyboard.press('Escape');
  await expect(checkout.cartLine('ABA-004')).toBeVisible();
  await expect(checkout.cartLine('COF-001')).toBeVisible();
});

test('the link expires: the till shows it and offers another provider', async ({ page, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await abayaAndCoffee(checkout);
  await checkout.goToPayment();
  await checkout.chooseProvider('mispay');
  await checkout.createPaylink();

  await sandboxAction(server.url, 'mispay', await checkout.sessionId(), 'expire');
  await expect(checkout.status()).toHaveAttribute('data-status', 'expired');
  await expect(checkout.status()).toContainText('The payment link expired');
  await expect(page.getByTestId('countdown')).toHaveCount(0);
  await shot('expired');
  await expect(page.getByTestId('try-another')).toBeVisible();
  await page.keyboard.press('F9'); // next sale straight away is allowed once the link is dead
  await expect(page.getByTestId('cart-empty')).toBeVisible();
});

test('cancel a waiting link with Escape, switch provider, and get paid with the cart untouched', async ({ page, browser, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = new CheckoutPage(page);
  const receipt = new ReceiptPage(page);
  await signInAsCashier(page, server);
  await abayaAndCoffee(checkout);
  await checkout.goToPayment();
  await checkout.chooseProvider('tabby');
  await checkout.createPaylink();
  const tabbySession = await checkout.sessionId();
  const tabbyPaylink = await checkout.paylinkId();

  await checkout.cancelAndSwitch();
  await shot('back-to-providers');
  const cancelled = await fetch(`${server.url}/api/v1/providers/paylinks/${tabbyPaylink}`, { headers: { authorization: `Bearer ${server.apiToken}` } });
  expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
  // The customer's phone cannot pay the cancelled link any more.
  const late = await fetch(`${server.url}/sandbox/_control/tabby/sessions/${tabbySession}/approve`, { method: 'POST' });
  expect(late.status).toBe(409);

  await expect(page.getByTestId('provider-total')).toContainText('515.00');
  await checkout.chooseProvider('paymennt');
  await checkout.createPaylink();
  expect(await checkout.paylinkId()).not.toBe(tabbyPaylink);
  const customer = await CheckoutCustomer.open(browser, server.url, 'paymennt', await checkout.sessionId());
  await customer.approve();
  await customer.close();
  await expect(receipt.receipt()).toBeVisible();
  expect(await receipt.totalMinor()).toBe(515_00);
  await expect(receipt.provider()).toHaveText('paymennt');
  await shot('paid-with-second-provider');
});

test('providers that cannot take this sale are greyed out with the reason; Tamara asks for the phone', async ({ page, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await checkout.scan('2*6281000000059'); // two mint teas at 18.50
  await checkout.quickAmount('12.5'); // an item without a barcode
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '4950');
  await checkout.scanUnknown('9999999999999');
  await expect(checkout.scanMessage()).toHaveText('Nothing matches “9999999999999”.');
  await checkout.scan('6281000000028'); // the next scan replaces the unknown code: dates 45.00
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '9450');
  await checkout.oneLessOfLastLine(); // a double scan undone: the dates line goes away
  await expect(checkout.cartLine('DAT-002')).toHaveCount(0);

  await checkout.goToPayment();
  await expect(checkout.providerOption('mispay')).toHaveAttribute('data-available', 'false');
  await expect(checkout.providerReason('mispay')).toHaveText('MisPay takes SAR 200.00–SAR 5,000.00.');
  await expect(page.getByTestId('provider-mispay')).toBeDisabled();

  await checkout.chooseProvider('tamara');
  await expect(page.getByTestId('phone-note')).toHaveText('Tamara needs the customer’s phone.');
  await expect(page.getByTestId('create-paylink')).toBeDisabled();
  await page.keyboard.type('12345');
  await expect(page.getByTestId('phone-note')).toContainText('not a phone number');
  await expect(page.getByTestId('create-paylink')).toBeDisabled();
  await shot('reasons');
  await page.keyboard.press('Escape');
  await expect(checkout.root()).toHaveAttribute('data-step', 'cart');
});

test('auto-capture on: approval is captured without a keystroke', async ({ page, browser, server }) => {
  await callAsManager(server, 'settings.update', { auto_capture: true });
  try {
    const checkout = new CheckoutPage(page);
    await signInAsCashier(page, server);
    await abayaAndCoffee(checkout);
    await checkout.goToPayment();
    await checkout.chooseProvider('tabby');
    await checkout.createPaylink();
    await expect(page.getByText('Auto-capture is on')).toBeVisible();
    const customer = await CheckoutCustomer.open(browser, server.url, 'tabby', await checkout.sessionId());
    await customer.approve();
    await customer.close();
    await expect(new ReceiptPage(page).receipt()).toBeVisible();
    await expect(checkout.status()).toHaveAttribute('data-status', 'captured');
  } finally {
    await callAsManager(server, 'settings.update', { auto_capture: false });
  }
});

test('a store with VAT-exclusive prices adds 15% on top, and the receipt and ZATCA QR agree', async ({ page, browser, server }) => {
  await callAsManager(server, 'settings.update', { pricing_mode: 'TAX_EXCLUSIVE' });
  try {
    const checkout = new CheckoutPage(page);
    const receipt = new ReceiptPage(page);
    await signInAsCashier(page, server);
    await checkout.scan('6281000000011'); // 65.00 net + 9.75 VAT
    await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '7475');
    await expect(page.getByText('Prices exclude VAT')).toBeVisible();
    await checkout.goToPayment();
    await checkout.chooseProvider('paymennt');
    await checkout.createPaylink();
    await expect(page.getByTestId('payment-amount')).toHaveAttribute('data-amount', '74.75');
    const customer = await CheckoutCustomer.open(browser, server.url, 'paymennt', await checkout.sessionId());
    await customer.approve();
    await customer.close();
    await expect(receipt.receipt()).toBeVisible();
    expect(await receipt.vatMinor()).toBe(975);
    expect(await receipt.zatca()).toMatchObject({ totalWithVat: '74.75', vatAmount: '9.75' });
  } finally {
    await callAsManager(server, 'settings.update', { pricing_mode: 'TAX_INCLUSIVE' });
  }
});
