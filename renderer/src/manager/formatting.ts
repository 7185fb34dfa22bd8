import { dateLocale, numberLocale } from '../digitSystem';
import type { Lang } from '../i18n';

// Dates and durations per locale for the manager screens (amounts use ../format's formatAmount).


export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'full' }).format(new Date(iso));
}

/** "3 min", "45 s": how long the oldest item has waited. */
export function formatAge(ms: number, lang: Lang): string {
  const nf = (value: number, unit: 'second' | 'minute' | 'hour') => new Intl.NumberFormat(numberLocale(lang), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 0 }).format(value);
  if (ms < 60_000) return nf(Math.floor(ms / 1000), 'second');
  if (ms < 3_600_000) return nf(Math.floor(ms / 60_000), 'minute');
  return nf(Math.floor(ms / 3_600_000), 'hour');
}

/** Counts in the screen's digits (Arabic-Indic in Arabic), like the amounts beside them. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(numberLocale(lang)).format(n);
}
