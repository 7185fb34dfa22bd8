import type { Locator } from '@playwright/test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { callAsManager } from './pages/CheckoutSupport';
import { signInAs } from './pages/ManagerPages';
import { printerJobs } from './pages/PrinterSimulator';
import { SignInPage } from './pages/SignInPage';
import { expect, test } from './freshServer';

async function decodeQrOf(locator: Locator): Promise<string | null> {
  const image = await loadImage(await locator.screenshot());
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  return jsQR(g.getImageData(0, 0, image.width, image.height).data, image.width, image.height)?.data ?? null;
}

// A manager sets the store up from Settings: the store profile with its VAT number, staff with PINs typed
// twice, and the receipt printer with a test print on the printer simulator.

test('store profile: a 14-digit VAT number is refused; a valid profile is saved and reaches the receipt data', async ({ page, server }) => {
  await signInAs(page, server, '9999');
  await page.keyboard.press('F3');
  const card = page.getByTestId('store-profile');
  await card.getByTestId('profile-vat_number').fill('31012239350000');
  await card.getByTestId('profile-save').click();
  await expect(card.getByTestId('profile-error')).toContainText('15 digits and starts and ends with 3');

  await card.getByTestId('profile-name_en').fill('Olaya Perfumes');
  await card.getByTestId('profile-name_ar').fill('عطور العليا');
  await card.getByTestId('profile-vat_number').fill('٣١٠١٢٢٣٩٣٥٠٠٠٠٣'); // Arabic-Indic digits are the same digits
  await card.getByTestId('profile-cr_number').fill('1010123456');
  await card.getByTestId('profile-save').click();
  await expect(card.getByTestId('profile-saved')).toBeVisible();
  await page.reload();
  await page.keyboard.press('F3');
  await expect(page.getByTestId('profile-vat_number')).toHaveValue('310122393500003');
  await expect(page.getByTestId('profile-name_ar')).toHaveValue('عطور العليا');
});

test('staff: a PIN mismatch is refused, a new cashier signs in with their PIN, the last manager stays', async ({ page, server }) => {
  await signInAs(page, server, '9999');
  await page.keyboard.press('F3');
  const card = page.getByTestId('staff-card');
  await card.getByTestId('staff-name').fill('Noura');
  await card.getByTestId('staff-pin').fill('4321');
  await card.getByTestId('staff-pin-again').fill('4312');
  await card.getByTestId('staff-add').click();
  await expect(card.getByTestId('staff-error')).toContainText('do not match');
  await expect(card.getByTestId('staff-pin')).toHaveValue(''); // typed again, never kept

  await card.getByTestId('staff-pin').fill('4321');
  await card.getByTestId('staff-pin-again').fill('4321');
  await card.getByTestId('staff-add').click();
  await expect(card.getByTestId('staff-added')).toContainText('Noura');
  await expect(card.locator('[data-testid=staff-row][data-name=Noura]')).toBeVisible();
  await expect(card).not.toContainText('4321');

  await card.getByTestId('deactivate-staff_manager_demo').click();
  await expect(card.getByTestId('deactivate-error')).toContainText('last manager');

  await page.getByRole('button', { name: /sign out/i }).click();
  const signIn = new SignInPage(page);
  await signIn.signIn('4321');
  await expect(page.getByTestId('who')).toContainText('Noura');
});

test('receipt printer: 58 mm on the simulator with a test print; a printer that refuses says so', async ({ page, server }) => {
  await signInAs(page, server, '9999');
  await page.keyboard.press('F3');
  const card = page.getByTestId('printer-card');
  await expect(card.getByTestId('printer-simulator')).toBeVisible();
  await expect(page.getByTestId('customer-display-browser')).toContainText('/customer');
  await card.getByTestId('printer-paper-58').check();
  await card.getByTestId('printer-save').click();
  await expect(card.getByTestId('printer-saved')).toBeVisible();
  await card.getByTestId('printer-test').click();
  await expect(card.getByTestId('printer-test-ok')).toBeVisible();
  expect((await printerJobs(server.url)).at(-1)).toMatchObject({ width_dots: 384, cut: true });

  await card.getByTestId('printer-host').fill('127.0.0.1');
  await card.getByTestId('printer-port').fill('9');
  await card.getByTestId('printer-save').click();
  await card.getByTestId('printer-test').click();
  await expect(card.getByTestId('printer-error')).toContainText('refused the connection');
});

test('end of day: VAT summary per rate, cashiers, refunds and outcomes; printed on the thermal printer', async ({ page, server, api }) => {
  await api.sell('tabby', 'E2E-EOD-1', '230.00');
  await signInAs(page, server, '9999');
  await page.keyboard.press('F10');
  const detail = page.getByTestId('eod-detail');
  await expect(detail.getByTestId('eod-vat-SAR')).toContainText('200.00');
  await expect(detail.getByTestId('eod-vat-SAR')).toContainText('30.00');
  await expect(detail.getByTestId('eod-vat-SAR')).toContainText('230.00');
  await expect(detail.getByTestId('eod-declined')).toHaveText('0');
  const before = (await printerJobs(server.url)).length;
  await detail.getByTestId('eod-thermal').click();
  await expect(detail.getByTestId('eod-thermal-ok')).toBeVisible();
  const jobs = await printerJobs(server.url);
  expect(jobs.length).toBe(before + 1);
  expect(jobs.at(-1)).toMatchObject({ width_dots: 576, cut: true });
});

test('catalog links: the full public URL with copy and a QR that decodes to it; name and max uses edited', async ({ page, server }) => {
  const link = await callAsManager<{ id: string }>(server, 'links.create', { name: 'Coffee gift box', products: [{ product_id: 'prod_demo_1', quantity: 2 }], currency: 'SAR' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signInAs(page, server, '9999');
  await page.keyboard.press('F12');
  const row = page.getByTestId(`link-row-${link.id}`);
  await row.getByTestId('link-details').click();
  const detail = page.getByTestId(`link-detail-${link.id}`);
  const url = `${server.url}/api/payment-links/public/${link.id}/`;
  await expect(detail.getByTestId('link-url')).toHaveValue(url);
  await detail.getByTestId('link-copy').click();
  await expect(detail.getByTestId('link-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(detail.getByTestId('link-qr')).toBeVisible();
  expect(await decodeQrOf(detail.getByTestId('link-qr'))).toBe(url);
  expect((await fetch(url)).status).toBe(200); // the public preview answers at that address
  await expect(detail.getByText('No payments through this link yet.')).toBeVisible();

  await detail.getByTestId('link-edit-max-uses').fill('0');
  await detail.getByTestId('link-edit-save').click();
  await expect(detail.getByTestId('link-edit-error')).toBeVisible();
  await detail.getByTestId('link-edit-name').fill('Coffee gift box (Eid)');
  await detail.getByTestId('link-edit-max-uses').fill('25');
  await detail.getByTestId('link-edit-save').click();
  await expect(row).toHaveAttribute('data-name', 'Coffee gift box (Eid)');
  const saved = await callAsManager<{ payment_links: { id: string; max_uses: number | null }[] }>(server, 'links.list', {});
  expect(saved.payment_links.find((l) => l.id === link.id)?.max_uses).toBe(25);
});

test('provider apps: credentials go in through the form and never come back; test connection; switch off and on', async ({ page, server }) => {
  const secret = 'sk_test_e2e_never_returned_42';
  const bodies: string[] = [];
  page.on('response', (res) => {
    if (res.url().includes('/bridge/')) void res.text().then((b) => bodies.push(b), () => undefined);
  });
  await signInAs(page, server, '9999');
  await page.keyboard.press('F3');
  const card = page.getByTestId('provider-apps');
  await card.getByTestId('app-provider').selectOption('tabby');
  await card.getByTestId('app-name').fill('Tabby Olaya');
  await card.getByTestId('app-environment').selectOption('sandbox');
  await card.getByTestId('app-credential-secret_key').fill(secret);
  await card.getByTestId('app-credential-merchant_code').fill('OLAYA');
  await card.getByTestId('app-credential-webhook_header_value').fill('whv_e2e_secret_77');
  await card.getByTestId('app-save').click();
  await expect(card.getByTestId('app-saved')).toContainText('secret_key');
  await expect(card.getByTestId('app-credential-secret_key')).toHaveValue('');
  const row = card.locator('tr', { hasText: 'Tabby Olaya' });
  await expect(row.getByTestId('app-fields')).toHaveText('Set: merchant_code, secret_key, webhook_header_value');
  await page.reload();
  await page.keyboard.press('F3');
  await expect(page.getByTestId('provider-apps')).toContainText('Tabby Olaya');
  expect(bodies.length).toBeGreaterThan(3);
  for (const body of bodies) {
    expect(body).not.toContain(secret);
    expect(body).not.toContain('whv_e2e_secret_77');
  }
  expect(await page.locator('body').innerText()).not.toContain(secret);

  const demo = page.getByTestId('app-row-app_tabby_sandbox');
  await demo.getByTestId('app-test').click();
  await expect(demo.getByTestId('app-test-result')).toHaveAttribute('data-ok', 'true');
  await demo.getByTestId('app-enabled').click();
  await expect(demo).toHaveAttribute('data-enabled', 'false');
  await demo.getByTestId('app-enabled').click();
  await expect(demo).toHaveAttribute('data-enabled', 'true');
});
