import type { Page } from '@playwright/test';
import type { LaunchableServer } from './openPayDesk';
import { SignInPage } from './SignInPage';

// Page objects of the manager screens: the day view (F2) with its panel, the end-of-day report (F10)
// and the sync queue (F11), plus the header's sync indicator every screen shows.

export async function signInAs(page: Page, server: LaunchableServer, pin: '1111' | '9999'): Promise<void> {
  const signIn = new SignInPage(page);
  await signIn.open(server);
  await signIn.signIn(pin);
  await page.getByTestId('who').waitFor();
}

export class DayViewPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('F2');
    await this.page.getByTestId('day-view').waitFor();
  }

  async filterProvider(provider: string): Promise<void> {
    await this.page.getByTestId('filter-provider').selectOption(provider);
  }

  rows() {
    return this.page.locator('[data-testid^="paylink-row-"]');
  }

  row(paylinkId: string) {
    return this.page.getByTestId(`paylink-row-${paylinkId}`);
  }

  /** Focuses the row and presses Enter, as a keyboard user opens a paylink. */
  async openPaylink(paylinkId: string): Promise<void> {
    await this.row(paylinkId).focus();
    await this.page.keyboard.press('Enter');
    await this.panel().waitFor();
  }

  totalsFor(provider: string) {
    return this.page.getByTestId(`totals-provider-${provider}`);
  }

  panel() {
    return this.page.getByTestId('paylink-panel');
  }

  timelineEvent(type: string) {
    return this.panel().getByTestId(`timeline-${type}`);
  }

  /** Types the amount and the reason, asks for the refund, and confirms it (with a manager's PIN on a cashier's till). */
  async refund(amount: string, reason = 'Customer returned the item', managerPin?: string): Promise<void> {
    await this.askRefund(amount, reason);
    if (managerPin) await this.page.getByTestId('manager-pin').fill(managerPin);
    await this.page.getByTestId('refund-confirm-confirm').click();
  }

  /** Fills the refund form and asks for the refund: the confirmation (or a refusal at the field) follows. */
  async askRefund(amount: string, reason: string): Promise<void> {
    await this.page.getByTestId('refund-amount').fill(amount);
    await this.page.getByTestId('refund-reason').fill(reason);
    await this.page.getByTestId('refund-submit').click();
  }

  refundQuestion() {
    return this.page.getByTestId('refund-confirm-question');
  }

  refundResult() {
    return this.page.getByTestId('refund-done');
  }

  refundButton() {
    return this.page.getByTestId('refund-submit');
  }

  refundNeedsManager() {
    return this.page.getByTestId('refund-needs-manager');
  }
}

export class EndOfDayPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('F10');
    await this.report().waitFor();
  }

  report() {
    return this.page.getByTestId('eod-report');
  }

  row(provider: string) {
    return this.page.getByTestId(`eod-row-${provider}`);
  }

  total(currency: string) {
    return this.page.getByTestId(`eod-total-${currency}`);
  }

  async print(): Promise<void> {
    await this.page.getByTestId('report-print').click();
  }

  /** Clicks "Download CSV" and answers the saved file's text. */
  async downloadCsv(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('report-csv').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}

export class SyncQueuePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('F11');
    await this.page.getByTestId('sync-queue').waitFor();
  }

  /** The header's pending count: the one number a manager glances at during an outage. */
  async headerPending(): Promise<number> {
    return Number(await this.page.getByTestId('sync-pending').getAttribute('data-count'));
  }

  indicator() {
    return this.page.getByTestId('sync-indicator');
  }

  summary() {
    return this.page.getByTestId('sync-summary');
  }
}

export class CatalogLinksPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('F12');
    await this.page.getByTestId('catalog-links').waitFor();
  }

  async create(name: string, productId: string, quantity: number): Promise<void> {
    await this.page.getByTestId('link-name').fill(name);
    await this.page.getByTestId('link-product-0').selectOption(productId);
    await this.page.getByTestId('link-qty-0').fill(String(quantity));
    await this.page.getByTestId('link-create').click();
  }

  row(name: string) {
    return this.page.locator(`[data-testid^="link-row-"][data-name="${name}"]`);
  }
}
