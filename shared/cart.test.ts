import { describe, expect, it } from 'vitest';
import { addToCart, computeCartTotals, divideRoundHalfUp, parseScanInput, setLineQuantity, toPaylinkItems, vatRateToBp, type CartLine } from './cart';

function line(key: string, unitPriceMinor: number, quantity = 1, vatRateBp = 1500): CartLine {
  return { key, productId: key, sku: key.toUpperCase(), name_en: `Item ${key}`, name_ar: `صنف ${key}`, unitPriceMinor, quantity, vatRateBp };
}

describe('divideRoundHalfUp', () => {
  it.each([
    [10, 4, 3], // 2.5 → 3
    [9, 4, 2], // 2.25 → 2
    [11, 4, 3], // 2.75 → 3
    [0, 7, 0],
    [115, 115, 1],
  ])('%d / %d = %d', (a, b, expected) => expect(divideRoundHalfUp(a, b)).toBe(expected));

  it('refuses negatives and non-integers rather than guessing', () => {
    expect(() => divideRoundHalfUp(-1, 2)).toThrow();
    expect(() => divideRoundHalfUp(1.5, 2)).toThrow();
    expect(() => divideRoundHalfUp(1, 0)).toThrow();
  });
});

describe('vatRateToBp', () => {
  it('turns catalog fractions into whole basis points', () => {
    expect(vatRateToBp(0.15)).toBe(1500);
    expect(vatRateToBp(0.05)).toBe(500);
    expect(vatRateToBp(0)).toBe(0);
    expect(() => vatRateToBp(1.5)).toThrow();
  });
});

describe('computeCartTotals — tax inclusive (shelf prices contain VAT)', () => {
  it('carves 15% VAT out of the total: 115.00 → 100.00 net + 15.00 VAT', () => {
    expect(computeCartTotals([line('a', 115_00)], 'TAX_INCLUSIVE')).toEqual({
      linesMinor: 115_00,
      netMinor: 100_00,
      vatMinor: 15_00,
      totalMinor: 115_00,
      vatGroups: [{ rateBp: 1500, taxableMinor: 100_00, vatMinor: 15_00 }],
    });
  });

  it('the demo basket: 2 × coffee 65.00 + abaya 450.00 = 580.00 incl. 75.65 VAT', () => {
    const totals = computeCartTotals([line('coffee', 65_00, 2), line('abaya', 450_00)], 'TAX_INCLUSIVE');
    // 58000 × 10000 / 11500 = 50434.78 → 50435 net; VAT = 58000 − 50435 = 7565.
    expect(totals).toMatchObject({ totalMinor: 580_00, netMinor: 504_35, vatMinor: 75_65 });
  });

  it('rounds VAT once per total, not per line (per-line rounding would drift)', () => {
    // Ten lines of 0.10 each: per line, VAT = 0.10 − round(0.0869…) = 0.01, ten times = 0.10.
    // Per total: 1.00 − round(0.8695…) = 1.00 − 0.87 = 0.13, which is what 15/115 of 1.00 really is.
    const lines = Array.from({ length: 10 }, (_, i) => line(`l${i}`, 10));
    const totals = computeCartTotals(lines, 'TAX_INCLUSIVE');
    expect(totals.vatMinor).toBe(13);
    expect(totals.totalMinor).toBe(100);
  });

  it('keeps one VAT group per rate, highest rate first', () => {
    const totals = computeCartTotals([line('zero', 10_00, 1, 0), line('std', 23_00)], 'TAX_INCLUSIVE');
    expect(totals.vatGroups).toEqual([
      { rateBp: 1500, taxableMinor: 20_00, vatMinor: 3_00 },
      { rateBp: 0, taxableMinor: 10_00, vatMinor: 0 },
    ]);
    expect(totals.totalMinor).toBe(33_00);
  });
});

describe('computeCartTotals — tax exclusive (VAT added on top)', () => {
  it('adds 15%: 100.00 net → 115.00 total', () => {
    expect(computeCartTotals([line('a', 100_00)], 'TAX_EXCLUSIVE')).toMatchObject({ linesMinor: 100_00, netMinor: 100_00, vatMinor: 15_00, totalMinor: 115_00 });
  });

  it('rounds a half halala up: 0.10 × 15% = 0.015 → 0.02', () => {
    expect(computeCartTotals([line('a', 10)], 'TAX_EXCLUSIVE')).toMatchObject({ vatMinor: 2, totalMinor: 12 });
  });

  it('rounds over the total: three separate 0.10 lines → 0.30 × 15% = 0.045 → 0.05 (per line it would be 3 × 0.02 = 0.06)', () => {
    const separate = computeCartTotals([line('a', 10), line('b', 10), line('c', 10)], 'TAX_EXCLUSIVE');
    const oneLine = computeCartTotals([line('a', 10, 3)], 'TAX_EXCLUSIVE');
    expect(separate.vatMinor).toBe(5);
    expect(oneLine.vatMinor).toBe(separate.vatMinor);
    expect(separate.totalMinor).toBe(35);
  });

  it('handles three-decimal currencies the same way (minor units are minor units)', () => {
    // 1.000 KWD net at 5% → 0.050 VAT.
    expect(computeCartTotals([line('a', 1000, 1, 500)], 'TAX_EXCLUSIVE')).toMatchObject({ vatMinor: 50, totalMinor: 1050 });
  });

  it('an empty cart is all zeros', () => {
    expect(computeCartTotals([], 'TAX_EXCLUSIVE')).toEqual({ linesMinor: 0, netMinor: 0, vatMinor: 0, totalMinor: 0, vatGroups: [] });
  });
});

describe('cart edits', () => {
  it('scanning the same product again raises its quantity', () => {
    const { quantity: _q, ...coffee } = line('coffee', 65_00);
    let lines = addToCart([], coffee);
    lines = addToCart(lines, coffee, 2);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.quantity).toBe(3);
  });

  it('quantity 0 removes the line; quantities are whole and capped', () => {
    const lines = [line('a', 100), line('b', 200)];
    expect(setLineQuantity(lines, 'a', 0).map((l) => l.key)).toEqual(['b']);
    expect(setLineQuantity(lines, 'a', 2.7)[0]?.quantity).toBe(2);
    expect(setLineQuantity(lines, 'a', 1_000_000)[0]?.quantity).toBe(9999);
  });
});

describe('parseScanInput', () => {
  it('reads a scanned barcode, with or without a multiplier', () => {
    expect(parseScanInput('6281000000011')).toEqual({ quantity: 1, code: '6281000000011' });
    expect(parseScanInput(' 3*6281000000011 ')).toEqual({ quantity: 3, code: '6281000000011' });
    expect(parseScanInput('2x COF-001')).toEqual({ quantity: 2, code: 'COF-001' });
    expect(parseScanInput('   ')).toBeNull();
  });
});

describe('toPaylinkItems', () => {
  it('inclusive: items are gross and add up to the paylink amount', () => {
    const lines = [line('coffee', 65_00, 2), line('abaya', 450_00)];
    const items = toPaylinkItems(lines, computeCartTotals(lines, 'TAX_INCLUSIVE'), 'TAX_INCLUSIVE', 'SAR');
    expect(items).toEqual([
      { name: 'Item coffee', quantity: 2, unit_price: '65.00', sku: 'COFFEE' },
      { name: 'Item abaya', quantity: 1, unit_price: '450.00', sku: 'ABAYA' },
    ]);
  });

  it('exclusive: net items plus one VAT line, so the items still add up to the total', () => {
    const lines = [line('a', 100_00)];
    const items = toPaylinkItems(lines, computeCartTotals(lines, 'TAX_EXCLUSIVE'), 'TAX_EXCLUSIVE', 'SAR', 'VAT 15%');
    expect(items.at(-1)).toEqual({ name: 'VAT 15%', quantity: 1, unit_price: '15.00' });
    const sumMinor = items.reduce((s, i) => s + Math.round(Number(i.unit_price) * 100) * i.quantity, 0);
    expect(sumMinor).toBe(115_00);
  });
});
