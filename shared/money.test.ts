import { describe, expect, it } from 'vitest';
import { formatMinor, parseAmountToMinor, parseCurrency } from './money';
import { AppError } from './errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not-app-error';
  }
  return undefined;
}

describe('parseAmountToMinor', () => {
  it.each([
    ['150.00', 'SAR', 15000],
    ['150', 'SAR', 15000],
    [150, 'SAR', 15000],
    [149.5, 'SAR', 14950],
    ['0.01', 'USD', 1],
    ['1.500', 'KWD', 1500],
    ['1.5', 'BHD', 1500],
    [0.1, 'OMR', 100],
    [' 99.99 ', 'AED', 9999],
    ['10000000', 'SAR', 1_000_000_000],
  ] as const)('parses %j %s as %d minor units', (input, currency, expected) => {
    expect(parseAmountToMinor(input, currency)).toBe(expected);
  });

  it.each([
    ['1.001', 'SAR'],
    [1.005, 'SAR'],
    ['1.0001', 'KWD'],
    ['0', 'SAR'],
    [0, 'SAR'],
    ['0.00', 'SAR'],
    ['-5', 'SAR'],
    [-5, 'SAR'],
    [Number.NaN, 'SAR'],
    [Number.POSITIVE_INFINITY, 'SAR'],
    ['Infinity', 'SAR'],
    ['1e3', 'SAR'],
    [1e21, 'SAR'],
    ['10000000.01', 'SAR'],
    ['99999999999999999999', 'SAR'],
    ['', 'SAR'],
    ['12,50', 'SAR'],
    ['0x10', 'SAR'],
    [null, 'SAR'],
    [true, 'SAR'],
    [{}, 'SAR'],
  ] as const)('rejects %j in %s with invalid_amount', (input, currency) => {
    expect(codeOf(() => parseAmountToMinor(input, currency))).toBe('invalid_amount');
  });

  it('names the field and the decimal rule in the message', () => {
    expect(() => parseAmountToMinor('1.234', 'SAR', 'price')).toThrow(/price has 3 decimals but SAR allows at most 2/);
  });
});

describe('formatMinor', () => {
  it.each([
    [15000, 'SAR', '150.00'],
    [1, 'SAR', '0.01'],
    [1500, 'KWD', '1.500'],
    [5, 'OMR', '0.005'],
    [-250, 'SAR', '-2.50'],
  ] as const)('formats %d %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });

  it('round-trips through parse', () => {
    for (const minor of [1, 99, 100, 12345, 999999999]) {
      expect(parseAmountToMinor(formatMinor(minor, 'SAR'), 'SAR')).toBe(minor);
    }
  });
});

describe('parseCurrency', () => {
  it('accepts known codes in any case and rejects others', () => {
    expect(parseCurrency('sar')).toBe('SAR');
    expect(codeOf(() => parseCurrency('XYZ'))).toBe('unsupported_currency');
    expect(codeOf(() => parseCurrency(5))).toBe('unsupported_currency');
  });
});
