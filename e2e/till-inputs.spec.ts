import type { Page } from '@playwright/test';
import { CheckoutPage } from './pages/CheckoutPage';
import { signInAsCashier } from './pages/CheckoutSupport';
import { signInAs } from './pages/ManagerPages';
import { bridgeFromPage } from './pages/PayDeskApi';
import { SignInPage } from './pages/SignInPage';
import { expect, test } from './fixtures';

/** The till's catalog index has not arrived yet (a slow start) and every look-up takes a moment; returns the release of the index. */
async function slowCatalog(page: Page): Promise<() => void> {
  let releaseIndex!: () => void;
  const indexHeld = new Promise<void>((resolve) => (releaseIndex = resolve));
  await page.route('**/bridge/catalog.listProducts', async (route) => {
    const { query } = JSON.parse(route.request().postData() ?? '{}') as { query?: string };
    if (!query) await indexHeld;
    else await new Promise((resolve) => setTimeout(resolve, 300));
    await route.fulfill({ response: await route.fetch() });
  });
  return releaseIndex;
}

// Issue 15: inputs say no instead of changing what was typed, and Arabic-Indic digits are read as digits.

test('a cart quantity that is not 1 to 9,999 whole units is refused at its row, and the line keeps its quantity', async ({ page, server }, testInfo) => {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await checkout.scan('6281000000011'); // coffee 65.00
  const line = checkout.cartLine('COF-001');
  const quantity = line.getByTestId('line-quantity');
  const refused: [string, string, RegExp][] = [
    ['0', 'too_small', /At least 1\. \(1 to 9,999\)/],
    ['-2', 'too_small', /At least 1/],
    ['1.5', 'not_whole', /whole number/],
    ['e5', 'not_whole', /whole number/],
    ['100000', 'too_large', /At most 9,999/],
  ];
  for (const [typed, problem, message] of refused) {
    await quantity.fill(typed);
    await quantity.press('Enter');
    await expect(quantity).toHaveValue(typed); // what was typed stays on screen: nothing is coerced
    await expect(line.getByTestId('line-quantity-error')).toHaveAttribute('data-problem', problem);
    await expect(line.getByTestId('line-quantity-error')).toHaveText(message);
    await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '6500'); // the line is unchanged, not deleted
  }
  await page.screenshot({ path: testInfo.outputPath('quantity-refused.png') });
  await quantity.fill('3');
  await expect(line.getByTestId('line-quantity-error')).toHaveCount(0); // the complaint goes with the next keystroke
  await quantity.press('Enter');
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '19500');
});

test('a quick amount that is negative, not a number or has too many decimals is refused with the reason', async ({ page, server }) => {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  const error = page.getByTestId('quick-amount-error');
  for (const [typed, problem, message] of [
    ['-5', 'notPositive', 'The amount must be more than zero.'],
    ['0', 'notPositive', 'The amount must be more than zero.'],
    ['12abc', 'notNumber', 'Use digits and one decimal point, e.g. 12.50.'],
    ['1.234', 'decimals', 'SAR has at most 2 decimals.'],
  ] as const) {
    await page.getByTestId('quick-amount').fill('');
    await checkout.quickAmount(typed);
    await expect(page.getByTestId('quick-amount')).toHaveValue(typed);
    await expect(error).toHaveAttribute('data-problem', problem);
    await expect(error).toHaveText(message);
    await expect(page.getByTestId('cart-empty')).toBeVisible(); // nothing was added
  }
  await page.getByTestId('quick-amount').fill('');
  await expect(error).toHaveCount(0);
  await checkout.quickAmount('7.50');
  await checkout.quickAmount('2');
  await expect(checkout.cartLine('quick-1')).toContainText('Amount 1');
  await expect(checkout.cartLine('quick-2')).toContainText('Amount 2');
});

test('Arabic-Indic digits are read in the PIN, the quick amount, the quantity and the customer phone', async ({ page, server }, testInfo) => {
  const signIn = new SignInPage(page);
  await signIn.open(server);
  await page.getByTestId('pin').focus();
  await page.keyboard.type('١١١١');
  await expect(page.getByTestId('pin')).toHaveValue('1111');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('who')).toContainText('Sara');

  const checkout = new CheckoutPage(page);
  await checkout.quickAmount('١٢٫٥٠');
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '1250');
  await checkout.scan('٦٢٨١٠٠٠٠٠٠٠١١'); // a scanner set to an Arabic keyboard layout
  const quantity = checkout.cartLine('COF-001').getByTestId('line-quantity');
  await quantity.fill('٣');
  await quantity.press('Enter');
  await expect(checkout.cartTotal()).toHaveAttribute('data-minor', String(1250 + 3 * 6500));

  await checkout.goToPayment();
  await checkout.chooseProvider('tamara');
  await checkout.typeCustomerPhone('٠٥٠٠٠٠٠٠٠١');
  await expect(page.getByTestId('phone-note')).toHaveText('');
  await expect(page.getByTestId('create-paylink')).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath('arabic-indic-phone.png') });
});

test('Tamara refuses a Riyadh landline and names the country of a foreign mobile', async ({ page, server }, testInfo) => {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await checkout.scan('6281000000042'); // abaya 450.00
  await checkout.goToPayment();
  await checkout.chooseProvider('tamara');
  await checkout.typeCustomerPhone('0112345678');
  await expect(page.getByTestId('phone-note')).toHaveAttribute('data-problem', 'not_mobile');
  await expect(page.getByTestId('phone-note')).toHaveText('This is a landline number. Tamara texts the link, so it needs a mobile number.');
  await expect(page.getByTestId('create-paylink')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('tamara-landline.png') });

  await page.getByTestId('customer-phone').fill('+971501234567');
  await expect(page.getByTestId('phone-note')).toHaveText('A mobile number from United Arab Emirates.');
  await expect(page.getByTestId('create-paylink')).toBeEnabled();
  await page.getByTestId('customer-phone').fill('+97430123456');
  await expect(page.getByTestId('phone-note')).toContainText('This is a number from Qatar; Tamara serves Saudi Arabia');
  await expect(page.getByTestId('create-paylink')).toBeDisabled();
});

test('the engine refuses a landline for Tamara too, with the reason in the details', async ({ page, server }) => {
  await signInAsCashier(page, server);
  const result = await bridgeFromPage(page, 'paylinks.create', { provider: 'tamara', org_app_id: 'app_tamara_sandbox', order_id: 'E2E-LANDLINE', amount: '450.00', currency: 'SAR', phone_number: '0112345678' });
  expect(result).toMatchObject({ ok: false, error: { code: 'validation_failed', details: { field: 'phone_number', reason: 'not_mobile', country: 'SA' } } });
});

test('a catalog link quantity of 0 is refused at its row instead of becoming 10; a duplicate SKU says so', async ({ page, server }) => {
  await signInAs(page, server, '9999');
  await page.keyboard.press('F12');
  await page.getByTestId('link-name').fill('Coffee box');
  await page.getByTestId('link-product-0').selectOption('prod_demo_1');
  await page.getByTestId('link-qty-0').fill('0');
  await expect(page.getByTestId('link-qty-0')).toHaveValue('0');
  await expect(page.getByTestId('link-qty-error-0')).toHaveText('At least 1.');
  await expect(page.getByTestId('link-create')).toBeDisabled();
  await page.getByTestId('link-qty-0').fill('1001');
  await expect(page.getByTestId('link-qty-error-0')).toHaveText('At most 1,000.');
  await page.getByTestId('link-qty-0').fill('٢');
  await expect(page.getByTestId('link-qty-error-0')).toHaveCount(0);
  await expect(page.getByTestId('link-create')).toBeEnabled();

  await page.keyboard.press('F3');
  const card = page.getByTestId('products-card');
  await card.getByPlaceholder('SKU').fill('COF-001'); // the demo coffee's SKU
  await card.getByPlaceholder('Name (English)').fill('Another coffee');
  await card.getByPlaceholder('Name (Arabic)').fill('قهوة أخرى');
  await card.getByPlaceholder('Price (SAR)').fill('10.00');
  await card.getByRole('button', { name: 'Add product' }).click();
  await expect(page.getByTestId('product-add-error')).toHaveAttribute('data-code', 'conflict');
  await expect(page.getByTestId('product-add-error')).toHaveText('That conflicts with something already recorded.Another product already uses the SKU you typed.');
});

test('a + typed while a scan is still being looked up adds to that scan’s line, not to nothing', async ({ page, server }) => {
  const checkout = new CheckoutPage(page);
  // A scan goes to the engine, and a + typed meanwhile must wait for it.
  const releaseIndex = await slowCatalog(page);
  try {
    await signInAsCashier(page, server);
    await checkout.scan('6281000000011'); // coffee 65.00, looked up over the bridge
    await checkout.oneMoreOfLastLine(); // typed before the look-up answers, with the cart still empty
    await expect(checkout.cartLine('COF-001').getByTestId('line-quantity')).toHaveValue('2');
    await expect(checkout.cartTotal()).toHaveAttribute('data-minor', '13000');
  } finally {
    releaseIndex();
  }
});

test('F4 pressed while a scan is still being looked up goes on to payment with that scan in the total', async ({ page, server }) => {
  const checkout = new CheckoutPage(page);
  // F4 comes before the scan's line does.
  const releaseIndex = await slowCatalog(page);
  try {
    await signInAsCashier(page, server);
    await checkout.scan('6281000000011'); // coffee 65.00, looked up over the bridge
    await expect(checkout.cartLine('COF-001')).toHaveCount(0); // still on its way
    await checkout.goToPayment();
    await expect(page.getByTestId('provider-total')).toHaveText(/65\.00/);
  } finally {
    releaseIndex();
  }
});
