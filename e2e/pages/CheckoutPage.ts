import { expect, type Page } from '@playwright/test';

/** The cashier's checkout screen, driven with the keyboard the way a cashier (and a barcode scanner) does. */
export class CheckoutPage {
  constructor(private readonly page: Page) {}

  root() {
    return this.page.getByTestId('checkout');
  }

  /** A scanner types the digits and presses Enter; a cashier types a name or "3*code" the same way. */
  async scan(code: string): Promise<void> {
    const field = this.page.getByTestId('scan');
    await field.focus();
    await this.page.keyboard.type(code);
    await this.page.keyboard.press('Enter');
    await expect(field).toHaveValue('');
  }

  /** A code the catalog does not know: the field is ready for the next scan and the message names the code. */
  async scanUnknown(code: string): Promise<void> {
    await this.page.getByTestId('scan').focus();
    await this.page.keyboard.type(code);
    await this.page.keyboard.press('Enter');
    await expect(this.scanMessage()).toContainText(code);
  }

  /** + on the empty scan field: one more of the last line. */
  async oneMoreOfLastLine(): Promise<void> {
    await this.page.getByTestId('scan').focus();
    await this.page.keyboard.press('+');
  }

  /** − on the empty scan field: one less of the last line (1 → 0 removes it). */
  async oneLessOfLastLine(): Promise<void> {
    await this.page.getByTestId('scan').focus();
    await this.page.keyboard.press('-');
  }

  async quickAmount(amount: string): Promise<void> {
    await this.page.getByTestId('quick-amount').focus();
    await this.page.keyboard.type(amount);
    await this.page.keyboard.press('Enter');
  }

  cartLine(sku: string) {
    return this.page.getByTestId(`cart-line-${sku}`);
  }

  scanMessage() {
    return this.page.getByTestId('scan-message');
  }

  async cartTotalMinor(): Promise<number> {
    return Number(await this.page.getByTestId('cart-total').getAttribute('data-minor'));
  }

  cartTotal() {
    return this.page.getByTestId('cart-total');
  }

  /** F4: on to the payment method. */
  async goToPayment(): Promise<void> {
    await this.page.keyboard.press('F4');
    await expect(this.page.getByTestId('provider-list')).toBeVisible();
  }

  providerOption(id: string) {
    return this.page.getByTestId(`provider-option-${id}`);
  }

  providerReason(id: string) {
    return this.page.getByTestId(`provider-reason-${id}`);
  }

  /** Providers carry their number (1–4) on screen; the cashier presses it. */
  async chooseProvider(id: string): Promise<void> {
    const options = await this.page.getByTestId('provider-list').locator('[data-testid^="provider-option-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const index = options.indexOf(`provider-option-${id}`);
    if (index < 0) throw new Error(`provider ${id} is not offered`);
    await this.page.keyboard.press(String(index + 1));
    await expect(this.page.getByTestId(`provider-${id}`)).toBeChecked();
  }

  async typeCustomerPhone(phone: string): Promise<void> {
    await expect(this.page.getByTestId('customer-phone')).toBeFocused();
    await this.page.keyboard.type(phone);
  }

  /** Enter creates the payment link with the chosen provider. */
  async createPaylink(): Promise<void> {
    await this.page.keyboard.press('Enter');
    await expect(this.display()).toBeVisible();
  }

  display() {
    return this.page.getByTestId('payment-display');
  }

  qr() {
    return this.page.getByTestId('paylink-qr');
  }

  smsState() {
    return this.page.getByTestId('sms-state');
  }

  status() {
    return this.page.getByTestId('payment-status');
  }

  async sessionId(): Promise<string> {
    const id = await this.display().getAttribute('data-session-id');
    if (!id) throw new Error('the payment display shows no session id');
    return id;
  }

  async paylinkId(): Promise<string> {
    const id = await this.display().getAttribute('data-paylink-id');
    if (!id) throw new Error('the payment display shows no paylink id');
    return id;
  }

  /** F8 captures an approved payment. */
  async capture(): Promise<void> {
    await this.page.keyboard.press('F8');
  }

  /** Escape cancels the waiting link and returns to the payment method, cart kept. */
  async cancelAndSwitch(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByTestId('provider-list')).toBeVisible();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
