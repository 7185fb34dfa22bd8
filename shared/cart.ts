import { AppError } from './errors';
import { formatMinor, type Currency } from './money';

// Cart math for the cashier screen, in integer minor units only.
//
// VAT rounding rule: VAT is computed once per VAT rate over the sum of that rate's lines ("per
// total", EN 16931 BR-CO-17, which ZATCA's simplified invoice follows), never per line. Per-line
// rounding drifts by up to half a halala per line, so a 40-line basket could disagree with the
// total-with-VAT the ZATCA QR states. Halves round up (away from zero; amounts are never negative).
//
// Pricing mode (the store setting `pricing_mode`):
// - TAX_INCLUSIVE: shelf prices already contain VAT. Total = Σ price × qty; VAT is carved out of it.
// - TAX_EXCLUSIVE: shelf prices are net. VAT is added on top; total = net + VAT.

export type PricingMode = 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE';

/** KSA standard VAT, in basis points (15%). Used for quick-amount lines that have no product. */
export const KSA_STANDARD_VAT_BP = 1500;
export const MAX_LINE_QUANTITY = 9999;
/** The paylink API takes at most 200 items; one slot is kept for the VAT line in TAX_EXCLUSIVE mode. */
export const MAX_CART_LINES = 199;

export interface CartLine {
  /** Stable key: the product id, or a generated one for quick-amount lines. */
  key: string;
  productId: string | null;
  sku: string | null;
  name_en: string;
  name_ar: string;
  /** Price of one unit as scanned, in the store's pricing mode (gross when inclusive, net when exclusive). */
  unitPriceMinor: number;
  quantity: number;
  vatRateBp: number;
}

export interface VatGroup {
  rateBp: number;
  /** Net amount the VAT is charged on. */
  taxableMinor: number;
  vatMinor: number;
}

export interface CartTotals {
  /** Sum of line amounts as shown on the lines (price × quantity). */
  linesMinor: number;
  netMinor: number;
  vatMinor: number;
  /** What the customer pays: the paylink amount and ZATCA's "total with VAT". */
  totalMinor: number;
  vatGroups: VatGroup[];
}

/** a / b rounded half up, for non-negative integers; exact while 2a + b stays a safe integer. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new AppError('invalid_amount', `Cannot divide ${numerator} by ${denominator} in whole minor units.`);
  }
  if (!Number.isSafeInteger(2 * numerator + denominator)) throw new AppError('invalid_amount', 'The amount is too large to compute VAT exactly.');
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** 0.15 → 1500. The catalog hands rates as fractions; the math runs on whole basis points. */
export function vatRateToBp(rate: number): number {
  const bp = Math.round(rate * 10_000);
  if (!Number.isFinite(rate) || bp < 0 || bp > 10_000) throw new AppError('validation_failed', `VAT rate ${rate} is not between 0 and 1.`, { field: 'vat_rate' });
  return bp;
}

export function lineAmountMinor(line: Pick<CartLine, 'unitPriceMinor' | 'quantity'>): number {
  return line.unitPriceMinor * line.quantity;
}

export function computeCartTotals(lines: readonly CartLine[], mode: PricingMode): CartTotals {
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.vatRateBp, (byRate.get(line.vatRateBp) ?? 0) + lineAmountMinor(line));
  const vatGroups: VatGroup[] = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBp, amountMinor]) => {
      if (mode === 'TAX_EXCLUSIVE') return { rateBp, taxableMinor: amountMinor, vatMinor: divideRoundHalfUp(amountMinor * rateBp, 10_000) };
      const netMinor = divideRoundHalfUp(amountMinor * 10_000, 10_000 + rateBp);
      return { rateBp, taxableMinor: netMinor, vatMinor: amountMinor - netMinor };
    });
  const linesMinor = [...byRate.values()].reduce((sum, v) => sum + v, 0);
  const vatMinor = vatGroups.reduce((sum, g) => sum + g.vatMinor, 0);
  const netMinor = vatGroups.reduce((sum, g) => sum + g.taxableMinor, 0);
  return { linesMinor, netMinor, vatMinor, totalMinor: netMinor + vatMinor, vatGroups };
}

/** Adds a unit (or `quantity` units) of a product; scanning the same product again raises its quantity. */
export function addToCart(lines: readonly CartLine[], line: Omit<CartLine, 'quantity'>, quantity = 1): CartLine[] {
  const existing = lines.find((l) => l.key === line.key);
  if (existing) return setLineQuantity(lines, line.key, existing.quantity + quantity);
  if (lines.length >= MAX_CART_LINES) throw new AppError('validation_failed', `A sale can hold at most ${MAX_CART_LINES} lines.`, { field: 'items' });
  return [...lines, { ...line, quantity: clampQuantity(quantity) }];
}

/** Quantity 0 removes the line. */
export function setLineQuantity(lines: readonly CartLine[], key: string, quantity: number): CartLine[] {
  if (quantity <= 0) return lines.filter((l) => l.key !== key);
  return lines.map((l) => (l.key === key ? { ...l, quantity: clampQuantity(quantity) } : l));
}

function clampQuantity(quantity: number): number {
  return Math.min(MAX_LINE_QUANTITY, Math.max(1, Math.trunc(quantity)));
}

/**
 * What the scan field received: a barcode scanner types digits then Enter; a cashier may prefix a
 * multiplier ("3*6281000000011" or "3x…") to ring up several units at once.
 */
export function parseScanInput(text: string): { quantity: number; code: string } | null {
  const trimmed = text.trim();
  const match = /^(\d{1,4})\s*[*xX×]\s*(\S+)$/.exec(trimmed);
  if (match) return { quantity: Number(match[1]), code: match[2]! };
  return trimmed ? { quantity: 1, code: trimmed } : null;
}

export interface PaylinkItem {
  name: string;
  quantity: number;
  unit_price: string;
  sku?: string;
}

/**
 * Line items for paylinks.create whose sum equals the paylink amount, so the provider's order page
 * adds up: gross prices when inclusive; net prices plus one VAT line when exclusive.
 */
export function toPaylinkItems(lines: readonly CartLine[], totals: CartTotals, mode: PricingMode, currency: Currency, vatLabel = 'VAT'): PaylinkItem[] {
  const items: PaylinkItem[] = lines.map((l) => ({
    name: l.name_en,
    quantity: l.quantity,
    unit_price: formatMinor(l.unitPriceMinor, currency),
    ...(l.sku ? { sku: l.sku } : {}),
  }));
  if (mode === 'TAX_EXCLUSIVE' && totals.vatMinor > 0) items.push({ name: vatLabel, quantity: 1, unit_price: formatMinor(totals.vatMinor, currency) });
  return items;
}
