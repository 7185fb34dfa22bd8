import { normalizeDigits } from '../../../shared/digits';
import { exponentOf, formatMinor, MAX_MAJOR_UNITS, parseAmountToMinor, type Currency } from '../../../shared/money';

// An amount as the cashier typed it (Western or Arabic-Indic digits, "." "," or "٫" as the decimal
// point): minor units, or the reason it is refused. Same rules as the engine; never rounded or coerced.

export type AmountProblem = { key: 'empty' | 'notNumber' | 'notPositive' | 'decimals' | 'tooLarge' | 'overRefundable'; n?: number; max?: string };

export function parseTypedAmount(text: string, currency: Currency, maxMinor?: number): { ok: true; minor: number } | { ok: false; problem: AmountProblem } {
  const t = normalizeDigits(text).trim().replace(',', '.');
  if (t === '') return { ok: false, problem: { key: 'empty' } };
  if (t.startsWith('-')) return { ok: false, problem: { key: 'notPositive' } };
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, problem: { key: 'notNumber' } };
  const decimals = t.split('.')[1]?.length ?? 0;
  if (decimals > exponentOf(currency)) return { ok: false, problem: { key: 'decimals', n: exponentOf(currency) } };
  let minor: number;
  try {
    minor = parseAmountToMinor(t, currency);
  } catch {
    return { ok: false, problem: Number(t) > 0 ? { key: 'tooLarge', max: String(MAX_MAJOR_UNITS) } : { key: 'notPositive' } };
  }
  if (maxMinor !== undefined && minor > maxMinor) return { ok: false, problem: { key: 'overRefundable', max: formatMinor(maxMinor, currency) } };
  return { ok: true, minor };
}

/** The refusal in the screen's language, with its limit in the screen's digits. */
export function amountProblemText(
  t: (key: string, opts?: Record<string, unknown>) => string,
  problem: AmountProblem,
  currency: Currency,
  format: { amount(major: string): string; number(n: number): string },
): string {
  if (problem.key === 'overRefundable') return t('screens.amount.overRefundable', { amount: format.amount(problem.max ?? '0') });
  if (problem.key === 'tooLarge') return t('screens.amount.tooLarge', { max: format.amount(problem.max ?? String(MAX_MAJOR_UNITS)) });
  return t(`screens.amount.${problem.key}`, { currency, n: format.number(problem.n ?? 0) });
}
