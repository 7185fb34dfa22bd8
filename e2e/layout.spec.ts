import type { Page } from '@playwright/test';
import { CheckoutPage } from './pages/CheckoutPage';
import { signInAs } from './pages/ManagerPages';
import { expect, test } from './fixtures';

// Issue 15: the till sizes, in both directions. Checked by geometry: the header is one row, the page never
// scrolls sideways, and the amount to pay and the primary action are above the fold.

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

/** The header's children all sit on one line, and the header is one row high. */
async function headerIsOneRow(page: Page): Promise<void> {
  const box = await page.locator('header.topbar').evaluate((header) => {
    const rows = new Set([...header.children].filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => Math.round(c.getBoundingClientRect().top / 12)));
    return { height: header.getBoundingClientRect().height, rows: rows.size, overflows: header.scrollWidth > header.clientWidth + 1 };
  });
  expect(box.rows, 'header children on one row').toBe(1);
  expect(box.height, 'header height').toBeLessThanOrEqual(72);
  expect(box.overflows, 'header wider than the window').toBe(false);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scrollWidth, 'page width').toBeLessThanOrEqual(width);
}

async function aboveTheFold(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  const height = page.viewportSize()!.height;
  expect(box, testId).not.toBeNull();
  expect(box!.y + box!.height, `${testId} bottom at ${height} px high`).toBeLessThanOrEqual(height);
}

for (const size of SIZES) {
  for (const lang of ['en', 'ar'] as const) {
    test(`${size.width}×${size.height} ${lang}: one-row header, no sideways scroll, total and primary action in view`, async ({ page, server }, testInfo) => {
      await page.setViewportSize(size);
      await page.addInitScript((l) => localStorage.setItem('paydesk.lang', l), lang);
      await signInAs(page, server, '9999'); // a manager: the most buttons in the header
      await headerIsOneRow(page);

      const checkout = new CheckoutPage(page);
      for (const code of ['6281000000011', '6281000000028', '6281000000035', '6281000000042', '6281000000059']) await checkout.scan(code);
      await headerIsOneRow(page);
      await noSidewaysScroll(page);
      await aboveTheFold(page, 'cart-total');
      await aboveTheFold(page, 'go-pay');
      await page.screenshot({ path: testInfo.outputPath(`cart-${size.width}-${lang}.png`) });

      await checkout.goToPayment();
      await aboveTheFold(page, 'provider-total');
      await aboveTheFold(page, 'create-paylink');
      await noSidewaysScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`provider-${size.width}-${lang}.png`) });
      await page.keyboard.press('Escape');

      for (const key of ['F2', 'F10', 'F11', 'F12', 'F6', 'F3']) {
        await page.keyboard.press(key);
        await headerIsOneRow(page);
        await noSidewaysScroll(page);
      }
      await page.keyboard.press('F2');
      await page.screenshot({ path: testInfo.outputPath(`day-${size.width}-${lang}.png`) });
    });
  }
}
