import { formatMinor, type Currency } from '../../../shared/money';
import type { Lang } from '../i18n';
import { dateLocale, numberLocale } from '../digitSystem';
import { formatAmount } from '../format';

/** Minor units → "SAR 580.00" / "‏580.00 ر.س.‏" per locale; the exact string comes from shared/money. */
export function formatMoney(minor: number, currency: Currency, lang: Lang): string {
  return formatAmount(formatMinor(minor, currency), currency, lang);
}

/** "3:07" with the locale's digits, for the expiry countdown. */
export function formatCountdown(remainingMs: number, lang: Lang): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const nf = new Intl.NumberFormat(numberLocale(lang), { minimumIntegerDigits: 2, useGrouping: false });
  const minutes = new Intl.NumberFormat(numberLocale(lang), { useGrouping: false }).format(Math.floor(total / 60));
  return `${minutes}:${nf.format(total % 60)}`;
}

export function formatDateTime(iso: string, lang: Lang): string {
  // Gregorian dates: ar-SA defaults to the Umm al-Qura calendar, which a tax invoice must not use alone.
  return new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}
