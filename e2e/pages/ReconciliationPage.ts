import { expect, type Locator, type Page } from '@playwright/test';

/** The manager's reconciliation screen (F6): one section per gateway app. */
export class ReconciliationPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('F6');
    await this.root().waitFor();
  }

  root(): Locator {
    return this.page.getByTestId('reconciliation');
  }

  section(gateway: string): Locator {
    return this.page.getByTestId(`recon-section-${gateway}`);
  }

  /** Presses "Sync now" and waits for the engine's answer and for the button to be ready again. */
  async syncNow(gateway: string): Promise<void> {
    const button = this.page.getByTestId(`sync-now-${gateway}`);
    const answered = this.page.waitForResponse((res) => res.url().endsWith('/bridge/gateways.sync'));
    await button.click();
    await answered;
    await this.lastSync(gateway).and(this.page.locator('[data-synced="true"]')).waitFor();
    await expect(button).toBeEnabled();
  }

  lastSync(gateway: string): Locator {
    return this.page.getByTestId(`last-sync-${gateway}`);
  }

  syncErrors(gateway: string): Locator {
    return this.page.getByTestId(`sync-errors-${gateway}`);
  }

  noListNote(gateway: string): Locator {
    return this.page.getByTestId(`no-list-${gateway}`);
  }

  paymentRow(gatewayId: string): Locator {
    return this.page.getByTestId(`gw-payment-${gatewayId}`);
  }

  rows(gateway: string): Locator {
    return this.section(gateway).locator('[data-testid^="gw-payment-"]');
  }

  async filter(which: 'all' | 'matched' | 'unmatched'): Promise<void> {
    await this.page.getByTestId(`recon-filter-${which}`).click();
  }

  /** A gateway's totals in one currency, read from the numbers the cells carry (not their localized text). */
  async totals(gateway: string, currency = 'SAR'): Promise<{ count: number; amountMinor: number; paidMinor: number; refundedMinor: number; matched: number; unmatched: number }> {
    const row = this.page.getByTestId(`totals-${gateway}-${currency}`);
    const num = async (id: string, attr: string) => Number(await row.getByTestId(id).getAttribute(attr));
    return {
      count: await num('total-count', 'data-count'),
      amountMinor: await num('total-amount', 'data-minor'),
      paidMinor: await num('total-paid', 'data-minor'),
      refundedMinor: await num('total-refunded', 'data-minor'),
      matched: await num('total-matched', 'data-count'),
      unmatched: await num('total-unmatched', 'data-count'),
    };
  }

  /** Local midnight in the browser: the day the screen shows. */
  startOfDay(): Promise<number> {
    return this.page.evaluate(() => {
      const d = new Date();
      d.setHours(0, 0, 0, 0);
      return d.getTime();
    });
  }
}
