import type { Lang } from './i18n';

// One digit system per screen (DESIGN §6): Arabic-Indic (٠١٢) or Western (012) digits in the Arabic UI,
// chosen by the store setting `digits`. English always uses Western digits. Every number the UI writes
// (amounts, quantities, counts, VAT %, dates, the receipt) goes through these functions.

export type DigitSystem = 'arab' | 'latn';
let current: DigitSystem = 'arab';

export function setDigitSystem(system: DigitSystem): void {
  current = system;
}

export function digitSystem(): DigitSystem {
  return current;
}

/** The Intl locale for numbers: its numbering system is the setting's. */
export function numberLocale(lang: Lang): string {
  return lang === 'ar' ? `ar-SA-u-nu-${current}` : 'en-SA';
}

/** The Intl locale for dates: Gregorian (ar-SA alone means Umm al-Qura), in the setting's digits. */
export function dateLocale(lang: Lang): string {
  return lang === 'ar' ? `ar-SA-u-ca-gregory-nu-${current}` : 'en-GB';
}

import { toArabicIndicDigits } from '../../shared/digits';

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

/** Rewrites the digits of an already formatted text into the screen's digit system. */
export function screenDigits(text: string, lang: Lang): string {
  if (lang !== 'ar') return text.replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d)));
  return current === 'arab' ? toArabicIndicDigits(text) : text.replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d)));
}

/** A plain number (a count, a quantity, a VAT rate) in the screen's digits. */
export function formatNumber(n: number, lang: Lang, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(numberLocale(lang), options).format(n);
}
