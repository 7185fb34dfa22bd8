import { CheckoutCustomer } from './pages/CheckoutCustomer';
import { CheckoutPage } from './pages/CheckoutPage';
import { callAsCashier, countPrintCalls, printCalls, signInAsCashier, stepShots, storeInfo } from './pages/CheckoutSupport';
import { printerJobs } from './pages/PrinterSimulator';
import { ReceiptPage } from './pages/ReceiptPage';
import { expect, test } from './fixtures';

// The whole cashier flow, once per provider: keyboard-built cart with a scanned barcode → provider →
// QR or SMS → the customer approves on the provider's hosted page → capture → receipt with ZATCA QR.

/** 2 × Arabic coffee (65.00) + black abaya (450.00), prices include 15% VAT: inside MisPay's 200–5000 SAR. */
const BASKET = { totalMinor: 580_00, vatMinor: 75_65, total: '580.00', vat: '75.65' };
const SELF_CAPTURING = new Set(['tamara', 'paymennt']);

async function ringUpBasket(checkout: CheckoutPage): Promise<void> {
  await checkout.scan('6281000000011'); // the scanner: digits + Enter
  await checkout.oneMoreOfLastLine(); // a second coffee
  await checkout.scan('abaya'); // search by name, Enter adds the first match
  await expect(checkout.cartLine('COF-001').getByTestId('line-quantity')).toHaveValue('2');
  await expect(checkout.cartLine('ABA-004')).toBeVisible();
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', String(BASKET.totalMinor));
  await expect(checkout.cartTotal()).toHaveAttribute('data-vat-minor', String(BASKET.vatMinor));
}

for (const provider of ['tabby', 'tamara', 'mispay', 'paymennt'] as const) {
  test(`${provider}: scan, pay on the customer's phone, capture, print the receipt with a valid ZATCA QR`, async ({ page, browser, server }, testInfo) => {
    await countPrintCalls(page);
    const shot = stepShots(page, testInfo);
    const checkout = new CheckoutPage(page);
    const receipt = new ReceiptPage(page);
    await signInAsCashier(page, server);

    await ringUpBasket(checkout);
    await shot('cart');

    await checkout.goToPayment();
    await checkout.chooseProvider(provider);
    if (provider === 'tamara') await checkout.typeCustomerPhone('0500000001');
    await shot('provider');
    await checkout.createPaylink();
    await expect(checkout.status()).toHaveAttribute('data-status', 'created');
    await expect(page.getByTestId('payment-amount')).toHaveAttribute('data-amount', BASKET.total);
    if (provider === 'tabby' || provider === 'tamara') await expect(page.getByTestId('countdown')).toContainText(/expires in \d+:\d\d/);

    if (provider === 'tamara') {
      await expect(checkout.smsState()).toBeVisible();
      await expect(page.getByTestId('sms-sent-to')).toContainText('+9665');
      await page.keyboard.press('F7');
      await expect(page.getByText('SMS sent again.')).toBeVisible();
    } else {
      await expect(checkout.qr()).toBeVisible();
      const box = await checkout.qr().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(340); // readable from a metre away
      await expect(checkout.qr()).toHaveAttribute('data-checkout-url', /^https?:\/\//);
    }
    await shot('waiting-for-customer');

    const paylinkId = await checkout.paylinkId();
    const customer = await CheckoutCustomer.open(browser, server.url, provider, await checkout.sessionId());
    await expect(customer.amount()).toContainText(BASKET.total);
    await customer.approve();

    if (SELF_CAPTURING.has(provider)) {
      await expect(checkout.status()).toHaveAttribute('data-status', 'captured');
    } else {
      await expect(checkout.status()).toHaveAttribute('data-status', 'authorized');
      await expect(page.getByTestId('capture')).toBeFocused();
      await shot('approved');
      await checkout.capture();
    }

    await expect(receipt.receipt()).toBeVisible();
    await expect(checkout.status()).toHaveAttribute('data-status', 'captured');
    expect(await receipt.totalMinor()).toBe(BASKET.totalMinor);
    expect(await receipt.vatMinor()).toBe(BASKET.vatMinor);
    await expect(receipt.reference()).not.toBeEmpty();
    const store = await storeInfo(server);
    const zatca = await receipt.zatca();
    expect(zatca).toMatchObject({ sellerName: store.name_ar, vatNumber: store.vat_number, totalWithVat: BASKET.total, vatAmount: BASKET.vat });
    expect(zatca.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(zatca.timestamp) - Date.now())).toBeLessThan(5 * 60_000);
    await shot('receipt');

    const jobsBefore = (await printerJobs(server.url)).length;
    await receipt.print();
    await expect(receipt.printOutcome()).toHaveAttribute('data-outcome', 'printed');
    await expect(page.getByTestId('reprint-receipt')).toBeVisible();
    await receipt.print();
    await expect(receipt.printOutcome()).toHaveAttribute('data-outcome', 'reprinted');
    // Demo mode prints on the printer simulator (ESC/POS over TCP), not through the browser's dialog.
    expect(await printCalls(page)).toBe(0);
    const printed = await printerJobs(server.url);
    expect(printed.length - jobsBefore).toBe(2);
    expect(printed.at(-1)).toMatchObject({ width_dots: 576, cut: true });
    const timeline = await callAsCashier<{ type: string }[]>(page, 'paylinks.timeline', { id: paylinkId });
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'captured', 'receipt_printed', 'receipt_reprinted']));

    await page.emulateMedia({ media: 'print' });
    await shot('print-preview');
    await page.emulateMedia({ media: 'screen' });

    await receipt.nextSale();
    await expect(page.getByTestId('cart-empty')).toBeVisible();
    await expect(checkout.root()).toHaveAttribute('data-step', 'cart');
    await customer.close();
  });
}
