import { lineAmountMinor, type CartLine, type CartTotals } from './cart';
import { toArabicIndicNumber } from './digits';
import { formatMinor, type Currency } from './money';
import type { AppInfoView } from './views';
import { encodeZatcaQr, zatcaTimestamp } from './zatca';

// The simplified tax invoice as data: what the on-screen receipt (renderer) and the thermal raster
// (main/printing) both draw, so the two never disagree on a label, an amount or the ZATCA QR.

/** Receipt labels, printed in both languages at once whatever the screen language is. `{{rate}}` is the VAT rate. */
const EN_LABELS = {
  simplifiedInvoice: 'Simplified tax invoice',
  vatNumber: 'VAT No.',
  branch: 'Branch',
  date: 'Date',
  order: 'Invoice',
  item: 'Item',
  qty: 'Qty',
  amount: 'Amount',
  net: 'Total excl. VAT',
  vat: 'VAT {{rate}}%',
  total: 'Total incl. VAT',
  paidWith: 'Paid with',
  reference: 'Payment ref.',
  crNumber: 'CR No.',
  thanks: 'Thank you for shopping with us',
  copy: 'Copy',
  amountLine: 'Amount',
};
export type ReceiptLabelKey = keyof typeof EN_LABELS;

export const RECEIPT_LABELS: Record<'en' | 'ar', Record<ReceiptLabelKey, string>> = {
  en: EN_LABELS,
  ar: {
    simplifiedInvoice: 'فاتورة ضريبية مبسطة',
    vatNumber: 'الرقم الضريبي',
    branch: 'الفرع',
    date: 'التاريخ',
    order: 'الفاتورة',
    item: 'الصنف',
    qty: 'الكمية',
    amount: 'المبلغ',
    net: 'الإجمالي دون الضريبة',
    vat: 'ضريبة القيمة المضافة {{rate}}٪',
    total: 'الإجمالي شامل الضريبة',
    paidWith: 'طريقة الدفع',
    reference: 'مرجع الدفع',
    crNumber: 'السجل التجاري',
    thanks: 'شكراً لتسوقكم معنا',
    copy: 'نسخة',
    amountLine: 'مبلغ',
  },
};

export function receiptLabel(lang: 'en' | 'ar', key: ReceiptLabelKey, rate?: number): string {
  return RECEIPT_LABELS[lang][key].replace('{{rate}}', String(rate ?? ''));
}

export interface ReceiptInput {
  store: AppInfoView['store'];
  paylink: { order_id: string; currency: Currency; payment_id: string | null; session_id: string | null };
  providerName: string;
  lines: readonly CartLine[];
  totals: CartTotals;
  /** When the payment was captured (ISO): the invoice time in the ZATCA QR. */
  paidAt: string;
  copy: boolean;
  /** The store's digit system for the printed numbers (default Western); the ZATCA QR always carries Western digits. */
  digits?: 'arab' | 'latn' | undefined;
}

export interface ReceiptTotalRow {
  key: 'net' | 'vat' | 'total';
  /** VAT rate in percent, for the 'vat' rows. */
  rate?: number;
  minor: number;
  /** "150.00 SAR": the exact decimal string the ZATCA QR carries, with the currency code. */
  text: string;
}

export interface ReceiptDocument {
  storeName: { en: string; ar: string };
  branch: string;
  address: string;
  crNumber: string;
  vatNumber: string;
  copy: boolean;
  orderId: string;
  dateText: string;
  items: { key: string; name_en: string; name_ar: string; unitText: string; quantity: number; quantityText: string; amountText: string }[];
  totals: ReceiptTotalRow[];
  providerName: string;
  reference: string;
  /** The base64 TLV payload of the ZATCA QR. */
  zatcaBase64: string;
}

/**
 * Amounts are the exact decimal strings the ZATCA QR carries (Latin digits, currency code), so what the
 * customer reads and what the QR says match.
 */
export function buildReceiptDocument({ store, paylink, providerName, lines, totals, paidAt, copy, digits = 'latn' }: ReceiptInput): ReceiptDocument {
  const currency = paylink.currency;
  const d = (text: string) => (digits === 'arab' ? toArabicIndicNumber(text) : text);
  const money = (minor: number) => `${d(formatMinor(minor, currency))} ${currency}`;
  // Quick-amount lines are numbered in the order they were typed: "Amount 1", "Amount 2".
  const quickNumber = (line: CartLine) => d(String(Number(line.key.replace(/^quick-/, '')) || 1));
  return {
    storeName: { en: store.name_en, ar: store.name_ar },
    branch: store.branch,
    address: store.address ?? '',
    crNumber: store.cr_number ?? '',
    vatNumber: store.vat_number,
    copy,
    orderId: paylink.order_id,
    dateText: d(new Date(paidAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' })),
    items: lines.map((line) => ({
      key: line.key,
      name_en: line.productId ? line.name_en : `${receiptLabel('en', 'amountLine')} ${quickNumber(line)}`,
      name_ar: line.productId ? line.name_ar : `${receiptLabel('ar', 'amountLine')} ${quickNumber(line)}`,
      unitText: `@ ${d(formatMinor(line.unitPriceMinor, currency))}`,
      quantity: line.quantity,
      quantityText: d(String(line.quantity)),
      amountText: d(formatMinor(lineAmountMinor(line), currency)),
    })),
    totals: [
      { key: 'net', minor: totals.netMinor, text: money(totals.netMinor) },
      ...totals.vatGroups.map((g): ReceiptTotalRow => ({ key: 'vat', rate: g.rateBp / 100, minor: g.vatMinor, text: money(g.vatMinor) })),
      { key: 'total', minor: totals.totalMinor, text: money(totals.totalMinor) },
    ],
    providerName,
    reference: paylink.payment_id ?? paylink.session_id ?? '',
    zatcaBase64: encodeZatcaQr({
      sellerName: store.name_ar,
      vatNumber: store.vat_number,
      timestamp: zatcaTimestamp(new Date(paidAt)),
      totalWithVat: formatMinor(totals.totalMinor, currency),
      vatAmount: formatMinor(totals.vatMinor, currency),
    }),
  };
}

/** The invoice time is the capture's, so a reprint tomorrow carries the same ZATCA timestamp. */
export function receiptPaidAt(events: readonly { type: string; at: string }[], fallback: string): string {
  return [...events].reverse().find((e) => e.type === 'captured')?.at ?? fallback;
}
