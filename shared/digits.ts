import { MAX_LINE_QUANTITY } from './cart';

// What a cashier types, read as typed. Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits are the
// same digits as 0-9; the Arabic decimal separator (٫) is a decimal point. Nothing else is changed:
// a value that is not what the field takes is refused with a reason, never coerced into one.

const ARABIC_INDIC_ZERO = 0x0660;
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0;
/** Any of the characters normalizeDigits rewrites. */
const ARABIC_FORMS = /[\u0660-\u0669\u06f0-\u06f9\u066b]/;

export function normalizeDigits(text: string): string {
  // Nearly every input is typed in Western digits already: leave it as it is.
  if (!ARABIC_FORMS.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) out += String(code - ARABIC_INDIC_ZERO);
    else if (code >= EXTENDED_ARABIC_INDIC_ZERO && code <= EXTENDED_ARABIC_INDIC_ZERO + 9) out += String(code - EXTENDED_ARABIC_INDIC_ZERO);
    else if (ch === '\u066b') out += '.';
    else out += ch;
  }
  return out;
}

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

/** Writes Western digits as Arabic-Indic ones (for the store setting `digits: 'arab'`). */
export function toArabicIndicDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => ARABIC_INDIC[Number(d)]!);
}

/** An amount or number in Arabic-Indic digits with the Arabic decimal separator: "770.00" → "٧٧٠٫٠٠". */
export function toArabicIndicNumber(text: string): string {
  return toArabicIndicDigits(text.replace(/(\d)\.(\d)/g, '$1\u066b$2'));
}

/** Why a typed whole number was refused; the UI words each reason and states the limits. */
export type WholeNumberProblem = 'empty' | 'not_whole' | 'too_small' | 'too_large';

export type WholeNumberResult = { ok: true; value: number } | { ok: false; problem: WholeNumberProblem; min: number; max: number };

/** A whole number within [min, max], typed in any digits: "1.5", "-2", "e5", "0" (when min is 1) are refused. */
export function parseWholeNumber(text: string, min: number, max: number): WholeNumberResult {
  const t = normalizeDigits(text).trim();
  if (t === '') return { ok: false, problem: 'empty', min, max };
  if (!/^-?\d+$/.test(t)) return { ok: false, problem: 'not_whole', min, max };
  const value = Number(t);
  if (value < min) return { ok: false, problem: 'too_small', min, max };
  if (value > max) return { ok: false, problem: 'too_large', min, max };
  return { ok: true, value };
}

/** A cart line's quantity: 1 to 9,999 units (remove a line with its × button, not with 0). */
export function parseQuantity(text: string): WholeNumberResult {
  return parseWholeNumber(text, 1, MAX_LINE_QUANTITY);
}

/** A PIN as typed on any keypad: digits only, Arabic-Indic ones read as 0-9; anything else is dropped from a PIN field. */
export function pinDigits(text: string): string {
  return normalizeDigits(text).replace(/\D/g, '');
}
