import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';

/** The screen facing the customer, at /customer in its own browser context (another device, no till cookie). */
export class CustomerDisplayPage {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {}

  static async open(browser: Browser, baseUrl: string): Promise<CustomerDisplayPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/customer`);
    return new CustomerDisplayPage(page, context);
  }

  pairingForm() {
    return this.page.getByTestId('display-pairing');
  }

  /** Types the till's code and presses Enter, as a person at the tablet does. */
  async pair(code: string): Promise<void> {
    await this.page.getByTestId('pairing-code').fill(code);
    await this.page.getByTestId('pairing-code').press('Enter');
  }

  root() {
    return this.page.getByTestId('customer-display');
  }

  lines() {
    return this.page.getByTestId('display-line');
  }

  qr() {
    return this.page.getByTestId('display-qr');
  }

  /** What the QR on the screen says, read from its pixels the way a phone camera would. */
  async decodeQr(): Promise<string | null> {
    const shot = await this.qr().screenshot();
    const image = await loadImage(shot);
    const canvas = createCanvas(image.width, image.height);
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, image.width, image.height);
    return jsQR(data.data, image.width, image.height)?.data ?? null;
  }

  /** Status of a same-origin request made from the display's own page (its own cookies only). */
  async statusOf(path: string, method = 'GET'): Promise<number> {
    return this.page.evaluate(async ([p, m]) => (await fetch(p, { method: m, headers: { 'content-type': 'application/json' }, body: m === 'POST' ? '{}' : undefined })).status, [path, method] as const);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
