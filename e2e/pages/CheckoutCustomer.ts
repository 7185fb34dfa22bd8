import type { Browser, BrowserContext, Page } from '@playwright/test';

/**
 * The customer's phone: the provider's hosted sandbox checkout page, in its own browser context (another
 * device, no shared session with the till).
 */
export class CheckoutCustomer {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {}

  static async open(browser: Browser, baseUrl: string, provider: string, sessionId: string): Promise<CheckoutCustomer> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sandbox/${provider}/checkout/${encodeURIComponent(sessionId)}`);
    return new CheckoutCustomer(page, context);
  }

  /** A real click on the hosted page's Approve button, then wait until the sandbox has applied it. */
  async approve(): Promise<void> {
    await this.page.getByTestId('approve').click();
    await this.page.getByTestId('state').filter({ hasText: /approved|authori[sz]ed|paid|captured/i }).waitFor();
  }

  async decline(): Promise<void> {
    await this.page.getByTestId('decline').click();
    await this.page.getByTestId('state').filter({ hasText: /declined|rejected/i }).waitFor();
  }

  amount() {
    return this.page.getByTestId('amount');
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
