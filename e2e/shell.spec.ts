import { AppShell } from './pages/AppShell';
import { SignInPage } from './pages/SignInPage';
import { expect, test } from './fixtures';

const PAYLINK_PROVIDERS = ['tabby', 'tamara', 'mispay', 'paymennt'];
const ALL_PROVIDERS = [...PAYLINK_PROVIDERS, 'stripe', 'moyasar', 'tap', 'dinero', 'paypal', 'hyperpay'];

test('a cashier signs in with the demo PIN, switches to Arabic and sees providers and sandbox apps', async ({ page, server }, testInfo) => {
  const signIn = new SignInPage(page);
  const shell = new AppShell(page);
  await signIn.open(server);
  await expect(signIn.demoStaff()).toContainText('1111');
  await expect(signIn.demoStaff()).toContainText('9999');
  await expect(page.getByTestId('demo-pins-public')).toContainText('public');

  await signIn.signIn('1111');
  await expect(shell.who()).toContainText('Sara');

  await shell.toggleLanguage();
  expect(await shell.dir()).toBe('rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');

  await shell.openSettings();
  for (const id of ALL_PROVIDERS) await expect(shell.providerRow(id)).toBeVisible();
  await expect(page.getByText('مزودو الدفع')).toBeVisible();
  for (const id of ALL_PROVIDERS) await expect(shell.orgAppRow(id)).toContainText('sandbox');
  await page.screenshot({ path: testInfo.outputPath('settings-ar.png'), fullPage: true });
});

test('a wrong PIN is refused with a clear message, and a manager sees the failed attempt', async ({ page, browser, server }) => {
  const signIn = new SignInPage(page);
  await signIn.open(server);
  await signIn.signIn('4321');
  await expect(signIn.error()).toContainText(/PIN/);

  const manager = await browser.newPage();
  await new SignInPage(manager).open(server);
  await new SignInPage(manager).signIn('9999');
  await new AppShell(manager).openSettings();
  const table = manager.getByTestId('failed-signins');
  await expect(table.getByTestId('failed-signin').first()).toContainText('Browser tab');
  await expect(table).not.toContainText('4321');
  await manager.close();
});

test('a manager adds a product and changes its price in settings; a cashier has no catalog editor', async ({ browser, server }) => {
  const manager = await browser.newPage();
  await new SignInPage(manager).open(server);
  await new SignInPage(manager).signIn('9999');
  await new AppShell(manager).openSettings();
  const card = manager.getByTestId('products-card');
  const add = card.getByRole('form');
  await add.getByPlaceholder('SKU').fill('E2E-DATES');
  await add.getByPlaceholder('Name (English)').fill('Ajwa dates 250 g');
  await add.getByPlaceholder('Name (Arabic)').fill('تمر عجوة ٢٥٠ غ');
  await add.getByPlaceholder('Price (SAR)').fill('5.001');
  await add.getByRole('button').click();
  await expect(card.getByRole('alert')).toBeVisible();
  await expect(manager.getByTestId('product-E2E-DATES')).toHaveCount(0);
  await add.getByPlaceholder('Price (SAR)').fill('35.00');
  await add.getByRole('button').click();
  const row = manager.getByTestId('product-E2E-DATES');
  await expect(row).toContainText('35.00');
  await row.getByRole('textbox').fill('37.25');
  await row.getByRole('button').click();
  await expect(row).toContainText('37.25');
  const res = await fetch(`${server.url}/api/v1/catalog/products?q=E2E-DATES`, { headers: { authorization: `Bearer ${server.apiToken}` } });
  expect(((await res.json()) as { products: { price: string }[] }).products[0]?.price).toBe('37.25');

  const cashier = await browser.newPage();
  await new SignInPage(cashier).open(server);
  await new SignInPage(cashier).signIn('1111');
  await new AppShell(cashier).openSettings();
  await expect(cashier.getByTestId('providers-table')).toBeVisible();
  await expect(cashier.getByTestId('products-card')).toHaveCount(0);
});

test('a tab opened without the launch link loads the page but cannot reach the till', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('launch-required')).toBeVisible();
  await expect(page.getByTestId('pin')).toHaveCount(0);
  const refused = await page.evaluate(async () => (await fetch('/bridge/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
  expect(refused).toBe(403);
  await new SignInPage(page).open(server);
  await expect(page.getByTestId('launch-required')).toHaveCount(0);
});
