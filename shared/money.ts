import { AppError } from './errors';

/** ISO 4217 minor-unit exponents for the currencies PayDesk handles. */
export const CURRENCY_EXPONENT = {
  SAR: 2,
  AED: 2,
  USD: 2,
  EUR: 2,
  QAR: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
} as const;

export type Currency = keyof typeof CURRENCY_EXPONENT;
export const CURRENCIES = Object.keys(CURRENCY_EXPONENT) as Currency[];

/** Largest amount accepted anywhere: 10 million in major units. Anything above is a typo, not a sale. */
export const MAX_MAJOR_UNITS = 10_000_000;

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_EXPONENT, value);
}

export function exponentOf(currency: Currency): number {
  return CURRENCY_EXPONENT[currency];
}

export function parseCurrency(value: unknown): Currency {
  if (typeof value === 'string' && isCurrency(value.toUpperCase())) return value.toUpperCase() as Currency;
  throw new AppError('unsupported_currency', `Currency ${JSON.stringify(value)} is not supported. Use one of ${CURRENCIES.join(', ')}.`, {
    field: 'currency',
  });
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses an amount in major units (string "150.00" or number 150) into integer minor units.
 * Rejects, never rounds: more decimals than the currency allows, zero, negatives, NaN, Infinity,
 * exponents, and absurd sizes.
 */
export function parseAmountToMinor(input: unknown, currency: Currency, field = 'amount'): number {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw invalid(field, 'must be a finite number');
    // String(n) gives the shortest round-trip form, so 0.1 stays "0.1" and 1e21 is caught below.
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw invalid(field, 'must be a string or number in major units, e.g. "150.00"');
  }
  if (text.startsWith('-')) throw invalid(field, 'must be greater than zero');
  const match = DECIMAL.exec(text);
  if (!match) throw invalid(field, `"${text.slice(0, 40)}" is not a plain decimal number like "150.00"`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) {
    throw invalid(field, `has ${fraction.length} decimals but ${currency} allows at most ${exponent}`);
  }
  if (whole.replace(/^0+/, '').length > String(MAX_MAJOR_UNITS).length) throw invalid(field, `is larger than ${MAX_MAJOR_UNITS} ${currency}`);
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0) throw invalid(field, 'must be greater than zero');
  if (minor > MAX_MAJOR_UNITS * 10 ** exponent) throw invalid(field, `is larger than ${MAX_MAJOR_UNITS} ${currency}`);
  return minor;
}

/** Formats integer minor units as a major-unit string with the currency's decimals: 15000 SAR → "150.00". */
export function formatMinor(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor)) throw new AppError('invalid_amount', `Amount ${minor} is not a whole number of minor units.`);
  const exponent = exponentOf(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Major-unit number for provider APIs that take numbers (Tamara, MisPay, paymennt). Exact for our sizes. */
export function minorToMajorNumber(minor: number, currency: Currency): number {
  return Number(formatMinor(minor, currency));
}

function invalid(field: string, why: string): AppError {
  return new AppError('invalid_amount', `The ${field} ${why}.`, { field });
}
