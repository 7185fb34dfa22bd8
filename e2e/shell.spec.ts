import { AppShell } from './pages/AppShell';
import { SignInPage } from './pages/SignInPage';
import { expect, test } from './fixtures';

const PAYLINK_PROVIDERS = ['tabby', 'tamara', 'mispay', 'paymennt'];
const ALL_PROVIDERS = [...PAYLINK_PROVIDERS, 'stripe', 'moyasar', 'tap', 'dinero', 'paypal', 'hyperpay'];

test('a cashier signs in with the demo PIN, switches to Arabic and sees providers and sandbox apps', async ({ page, server }, testInfo) => {
  const signIn = new SignInPage(page);
  const shell = new AppShell(page);
  await signIn.open(server.url);
  await expect(signIn.demoStaff()).toContainText('1111');
  await expect(signIn.demoStaff()).toContainText('9999');

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

test('a wrong PIN is refused with a clear message', async ({ page, server }) => {
  const signIn = new SignInPage(page);
  await signIn.open(server.url);
  await signIn.signIn('4321');
  await expect(signIn.error()).toContainText(/PIN/);
});
