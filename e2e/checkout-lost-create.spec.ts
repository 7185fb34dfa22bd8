import type { Page } from '@playwright/test';
import { CheckoutPage } from './pages/CheckoutPage';
import { callAsCashier, signInAsCashier, stepShots } from './pages/CheckoutSupport';
import { expect, startServe, test, type PayDeskServer } from './fixtures';

// A create the provider is slow to answer, or whose answer is lost: the till says what is going on, never
// offers a second link for the sale, and moves on by itself once PayDesk has settled the first one.

async function faults(url: string, body: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(`${url}/sandbox/_control/faults`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : { method: 'DELETE' });
  expect(res.status).toBeLessThan(300);
}

async function tamaraSale(page: Page, server: PayDeskServer): Promise<CheckoutPage> {
  const checkout = new CheckoutPage(page);
  await signInAsCashier(page, server);
  await checkout.scan('6281000000042'); // abaya 450.00
  await checkout.goToPayment();
  await checkout.chooseProvider('tamara');
  await checkout.typeCustomerPhone('0500000001');
  return checkout;
}

test('a lost create answer: "Checking with Tamara", Create stays disabled, then the SMS screen by itself', async ({ page, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = await tamaraSale(page, server);
  await faults(server.url, { provider: 'tamara', fail_after_commit_rate: 1 });
  // Once the answer is lost, Tamara stays unreachable for a while, so the till is seen checking.
  await page.route('**/bridge/paylinks.create', async (route) => {
    const response = await route.fetch();
    await faults(server.url, { provider: 'tamara', fail_after_commit_rate: 0, error_rate: 1 });
    await route.fulfill({ response });
  });
  try {
    await page.keyboard.press('Enter');
    const checking = page.getByTestId('create-checking');
    await expect(checking).toBeVisible();
    await expect(page.getByTestId('create-checking-title')).toHaveText('Checking with Tamara — do not start another link for this sale');
    await expect(page.getByTestId('create-paylink')).toBeDisabled();
    await shot('checking');
    const paylinkId = (await checking.getAttribute('data-paylink-id'))!;
    // Meanwhile the link is in Paylinks with its timeline.
    const timeline = await callAsCashier<{ type: string }[]>(page, 'paylinks.timeline', { id: paylinkId });
    expect(timeline.map((e) => e.type)).toContain('create_outcome_unknown');
  } finally {
    await faults(server.url, null);
  }
  await expect(checkout.smsState()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('sms-sent-to')).toContainText('+9665');
  await expect(page.getByTestId('create-checking')).toHaveCount(0);
});

test('a create Tamara never received: checked, voided, and the till is back at the provider choice', async ({ page }, testInfo) => {
  const shot = stepShots(page, testInfo);
  // A short provider timeout so a lookup that finds nothing voids the link within seconds.
  const local = await startServe({ PAYDESK_PROVIDER_TIMEOUT_MS: '1500' });
  try {
    await tamaraSale(page, local);
    await faults(local.url, { provider: 'tamara', reset_rate: 1 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('create-checking')).toBeVisible();
    await expect(page.getByTestId('create-paylink')).toBeDisabled();
    await faults(local.url, null);
    await expect(page.getByTestId('create-voided')).toHaveText('Tamara opened no link for this sale. Choose a provider again.', { timeout: 15_000 });
    await expect(page.getByTestId('create-checking')).toHaveCount(0);
    await expect(page.getByTestId('create-paylink')).toBeEnabled();
    await shot('voided');
    // The sale goes on with a fresh attempt.
    await page.getByTestId('create-paylink').click();
    await expect(new CheckoutPage(page).smsState()).toBeVisible();
  } finally {
    await local.stop();
  }
});

test('a slow create shows progress after a second and a way to stop waiting, then moves on by itself', async ({ page, server }, testInfo) => {
  const shot = stepShots(page, testInfo);
  const checkout = await tamaraSale(page, server);
  await faults(server.url, { provider: 'tamara', latency_ms: 3_500 });
  try {
    await page.keyboard.press('Enter');
    const slow = page.getByTestId('create-slow');
    await expect(slow).toBeVisible({ timeout: 2_500 });
    await expect(slow).toContainText(/Waiting for Tamara… [1-3] s/);
    await expect(page.getByTestId('create-paylink')).toBeDisabled();
    await shot('slow');
    await page.getByTestId('create-stop-waiting').click();
    await expect(page.getByTestId('create-stopped-waiting')).toContainText('Do not start another link for this sale');
    await expect(page.getByTestId('create-paylink')).toBeDisabled();
  } finally {
    await faults(server.url, null);
  }
  await expect(checkout.smsState()).toBeVisible({ timeout: 10_000 });
});
