import type { Currency } from '../../shared/money';
import { dateLocale, numberLocale } from './digitSystem';

/** Amounts shown per locale, in the screen's digit system, from the engine's exact decimal string. */
export function formatAmount(amount: string, currency: Currency, lang: 'en' | 'ar'): string {
  const decimals = amount.includes('.') ? (amount.split('.')[1]?.length ?? 0) : 0;
  const nf = new Intl.NumberFormat(numberLocale(lang), { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  // Intl takes a number; our amounts stay far below 2^53 minor units, so this is exact for display.
  return nf.format(Number(amount));
}

export function formatTime(iso: string, lang: 'en' | 'ar'): string {
  return new Intl.DateTimeFormat(dateLocale(lang), { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}
