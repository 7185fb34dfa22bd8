import { CheckoutCustomer } from './pages/CheckoutCustomer';
import { CheckoutPage } from './pages/CheckoutPage';
import { countPrintCalls, signInAsCashier, stepShots, storeInfo } from './pages/CheckoutSupport';
import { ReceiptPage } from './pages/ReceiptPage';
import { expect, test } from './fixtures';

// The whole flow in Arabic, right to left: the same keys, Arabic labels and Arabic-Indic digits on
// screen, and a receipt that is bilingual whatever the screen language.

test('Arabic, right to left: scan, Tabby QR, approve, capture with F8, bilingual receipt and ZATCA QR', async ({ page, browser, server }, testInfo) => {
  await countPrintCalls(page);
  const shot = stepShots(page, testInfo);
  const checkout = new CheckoutPage(page);
  const receipt = new ReceiptPage(page);
  await signInAsCashier(page, server);
  await page.keyboard.press('Control+l');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');

  await checkout.scan('6281000000035'); // Oud perfume 320.00
  await checkout.scan('عباية'); // search by the Arabic name: black abaya 450.00
  await expect(checkout.cartLine('OUD-003')).toContainText('عطر عود');
  await expect(checkout.cartLine('ABA-004')).toContainText('عباية سوداء');
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '77000');
  await expect(checkout.cartTotal()).toContainText('٧٧٠٫٠٠'); // Arabic-Indic digits, Arabic decimal separator
  await expect(page.getByText('الأسعار شاملة الضريبة')).toBeVisible();
  await shot('cart-ar');

  await checkout.goToPayment();
  await expect(page.getByRole('heading', { name: 'كيف سيدفع العميل؟' })).toBeVisible();
  await expect(checkout.providerOption('tamara')).toContainText('يُرسل الرابط برسالة نصية');
  await checkout.chooseProvider('tabby');
  await shot('provider-ar');
  await checkout.createPaylink();
  await expect(checkout.status()).toHaveText('بانتظار العميل…');
  await expect(checkout.qr()).toBeVisible();
  await expect(page.getByTestId('countdown')).toContainText('ينتهي الرابط خلال');
  await shot('waiting-ar');

  const customer = await CheckoutCustomer.open(browser, server.url, 'tabby', await checkout.sessionId());
  await customer.approve();
  await customer.close();
  await expect(checkout.status()).toHaveText('وافق Tabby — حصّل المبلغ');
  await shot('approved-ar');
  await checkout.capture();

  await expect(receipt.receipt()).toBeVisible();
  await expect(checkout.status()).toHaveText('تم الدفع');
  await expect(receipt.receipt()).toContainText('Simplified tax invoice');
  await expect(receipt.receipt()).toContainText('فاتورة ضريبية مبسطة');
  await expect(receipt.receipt()).toContainText('٧٧٠٫٠٠ SAR'); // the store's digit setting (Arabic-Indic by default)
  const store = await storeInfo(server);
  // 770.00 incl. 15%: net 669.57, VAT 100.43.
  expect(await receipt.zatca()).toMatchObject({ sellerName: store.name_ar, vatNumber: store.vat_number, totalWithVat: '770.00', vatAmount: '100.43' });
  await receipt.print();
  await expect(receipt.printOutcome()).toHaveText('طُبع الإيصال');
  await shot('receipt-ar');

  await page.keyboard.press('Enter'); // Next sale is focused
  await expect(page.getByTestId('cart-empty')).toHaveText('امسح أو ابحث لإضافة الأصناف.');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});
