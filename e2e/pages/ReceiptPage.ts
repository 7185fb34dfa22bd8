import type { Page } from '@playwright/test';
import { decodeZatcaQr, type ZatcaInvoiceFields } from '../../shared/zatca';

/** The paid screen: the 80 mm receipt preview, Print / Reprint and Next sale. */
export class ReceiptPage {
  constructor(private readonly page: Page) {}

  receipt() {
    return this.page.getByTestId('receipt');
  }

  async totalMinor(): Promise<number> {
    return Number(await this.page.getByTestId('receipt-total').getAttribute('data-minor'));
  }

  async vatMinor(): Promise<number> {
    return Number(await this.page.getByTestId('receipt-vat').first().getAttribute('data-minor'));
  }

  provider() {
    return this.page.getByTestId('receipt-provider');
  }

  reference() {
    return this.page.getByTestId('receipt-reference');
  }

  /** The ZATCA QR's payload, read from the attribute beside the image and decoded with shared/zatca. */
  async zatca(): Promise<ZatcaInvoiceFields & { base64: string }> {
    const base64 = await this.page.getByTestId('zatca-qr').getAttribute('data-tlv-base64');
    if (!base64) throw new Error('the receipt has no ZATCA payload');
    return { ...decodeZatcaQr(base64), base64 };
  }

  /** P prints (or reprints) the receipt. */
  async print(): Promise<void> {
    await this.page.keyboard.press('p');
  }

  printOutcome() {
    return this.page.getByTestId('print-outcome');
  }

  /** F9: next sale, everything cleared. */
  async nextSale(): Promise<void> {
    await this.page.keyboard.press('F9');
  }
}
