import type { Page } from '@playwright/test';
import { CheckoutPage } from './pages/CheckoutPage';
import { sandboxAction } from './pages/CheckoutSupport';
import { DayViewPage, signInAs } from './pages/ManagerPages';
import { expect, test } from './freshServer';

// Issue 15: no English in the Arabic UI. Walks every screen in Arabic and looks for Latin-script sentences
// (three Latin words in a row) outside what is Latin by nature: ids, codes, phone numbers and URLs
// (<code>, <bdi>, dir="ltr"), key names (<kbd>), the bilingual receipt and what was typed into fields.
// The same walk fails on any console error (the favicon's 404 included).

const LATIN_SENTENCE = /[A-Za-z][A-Za-z'’]+(?:[ ,.:;–—-]+[A-Za-z][A-Za-z'’]*){2,}/g;

async function latinSentences(page: Page): Promise<string[]> {
  return page.evaluate((source) => {
    const pattern = new RegExp(source, 'g');
    const skip = (el: Element | null): boolean => Boolean(el?.closest('code, bdi, kbd, [dir="ltr"], [lang="en"], .receipt, script, style, option, [aria-hidden="true"]'));
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (skip(node.parentElement)) continue;
      const el = node.parentElement;
      if (el && getComputedStyle(el).visibility === 'hidden') continue;
      for (const m of (node.textContent ?? '').matchAll(pattern)) found.push(m[0]);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (skip(el)) continue;
      for (const attr of ['placeholder', 'title', 'aria-label']) for (const m of (el.getAttribute(attr) ?? '').matchAll(pattern)) found.push(`${attr}: ${m[0]}`);
    }
    return found;
  }, LATIN_SENTENCE.source);
}

test('every screen in Arabic: no Latin-script sentence outside ids and codes, and no console error', async ({ page, server, api }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => res.status() >= 400 && !res.url().includes('/bridge/') && problems.push(`${res.status()} ${res.url()}`));

  await page.addInitScript(() => localStorage.setItem('paydesk.lang', 'ar'));
  const paid = await api.sell('tabby', 'E2E-AR-WALK', '120.00');
  const seen: Record<string, string[]> = {};
  const look = async (screen: string) => {
    await page.waitForTimeout(150); // let pushed data settle before reading the screen
    seen[screen] = await latinSentences(page);
    await page.screenshot({ path: testInfo.outputPath(`ar-${screen}.png`), fullPage: true });
  };

  await signInAs(page, server, '9999');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await look('checkout-cart-empty');

  const checkout = new CheckoutPage(page);
  await checkout.scan('6281000000042');
  await checkout.quickAmount('12.50');
  await checkout.scanUnknown('12345');
  await look('checkout-cart');
  await checkout.goToPayment();
  await look('checkout-provider');
  await checkout.chooseProvider('tamara');
  await checkout.typeCustomerPhone('0112345678');
  await look('checkout-phone-refused');
  await page.getByTestId('provider-tabby').check();
  await page.getByTestId('create-paylink').click();
  await expect(checkout.display()).toBeVisible();
  await look('checkout-qr');
  await sandboxAction(server.url, 'tabby', await checkout.sessionId(), 'approve');
  // F8 does nothing until the till has heard of the approval: wait for it as a cashier would.
  await expect(checkout.status()).toHaveAttribute('data-status', 'authorized');
  await checkout.capture();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await look('checkout-receipt');
  await page.keyboard.press('F9');

  const day = new DayViewPage(page);
  await day.open();
  await day.openPaylink(paid.paylink_id);
  await day.askRefund('10', 'سبب الاسترداد');
  await look('day-view-refund-confirm');
  for (const [key, screen] of [['F3', 'settings'], ['F6', 'reconciliation'], ['F10', 'end-of-day'], ['F11', 'sync-queue'], ['F12', 'catalog-links']] as const) {
    await page.keyboard.press(key);
    await page.waitForLoadState('networkidle');
    await look(screen);
  }

  const withLatin = Object.entries(seen).filter(([, found]) => found.length > 0);
  expect(withLatin, `Latin sentences in the Arabic UI:\n${withLatin.map(([s, f]) => `${s}: ${f.join(' | ')}`).join('\n')}`).toEqual([]);
  expect(problems).toEqual([]);
});
