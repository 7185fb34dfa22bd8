import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from './errors';

/**
 * Normalizes a customer phone to E.164. Accepts the local KSA forms the seeds show
 * ("0500000001", "500000001") as well as international ones ("+966500000001", "966500000001").
 */
export function normalizePhone(input: string, field = 'phone_number', defaultCountry: CountryCode = 'SA'): string {
  const raw = input.replace(/[\s\-().]/g, '');
  const candidates = [raw];
  if (/^(966|971|965|973|968|974)\d{8,9}$/.test(raw)) candidates.unshift(`+${raw}`);
  if (raw.startsWith('00')) candidates.unshift(`+${raw.slice(2)}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
    if (parsed?.isValid()) return parsed.number;
  }
  throw new AppError('validation_failed', `${field} "${input.slice(0, 32)}" is not a valid mobile number. Use +9665XXXXXXXX or 05XXXXXXXX.`, { field });
}

/** For logs and receipts: +966 5•• ••• 001. */
export function maskPhone(e164: string): string {
  if (e164.length < 7) return '•••';
  return `${e164.slice(0, 5)}${'•'.repeat(Math.max(0, e164.length - 8))}${e164.slice(-3)}`;
}
