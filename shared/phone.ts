import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizeDigits } from './digits';
import { AppError } from './errors';

// Full metadata ("max"): the number type (mobile, fixed line…) is only known with it.

type Parsed = NonNullable<ReturnType<typeof parsePhoneNumberFromString>>;

// The same number comes back within a sale (typed, checked, then a create retried or switched to another
// provider) and with repeat customers; parsing it with the full metadata costs tens of microseconds, so the
// parses of recent inputs are kept (bounded: the memo starts over when full).
const MEMO_SIZE = 512;
const memo = new Map<string, Parsed | null>();

/** The first valid parse of the input's candidate forms, or null. */
function parseValid(input: string, defaultCountry: CountryCode): Parsed | null {
  const key = `${defaultCountry}|${input}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let found: Parsed | null = null;
  for (const candidate of candidatesOf(input)) {
    // The whole field is the number: no search for one inside other text, and no extension (E.164 would drop it).
    const parsed = parsePhoneNumberFromString(candidate, { defaultCountry, extract: false });
    if (parsed?.isValid() && !parsed.ext) {
      found = parsed;
      break;
    }
  }
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, found);
  return found;
}

function candidatesOf(input: string): string[] {
  const raw = normalizeDigits(input).replace(/[\s\-().]/g, '');
  const candidates = [raw];
  if (/^(966|971|965|973|968|974)\d{8,9}$/.test(raw)) candidates.unshift(`+${raw}`);
  if (raw.startsWith('00')) candidates.unshift(`+${raw.slice(2)}`);
  return candidates;
}

/**
 * Normalizes a customer phone to E.164. Accepts the local KSA forms the seeds show
 * ("0500000001", "500000001") as well as international ones ("+966500000001", "966500000001"),
 * typed in Western or Arabic-Indic digits.
 */
export function normalizePhone(input: string, field = 'phone_number', defaultCountry: CountryCode = 'SA'): string {
  const parsed = parseValid(input, defaultCountry);
  if (parsed) return parsed.number;
  throw new AppError('validation_failed', `${field} "${input.slice(0, 32)}" is not a valid mobile number. Use +9665XXXXXXXX or 05XXXXXXXX.`, { field, reason: 'invalid_phone' });
}

export type MobileCheck =
  | { ok: true; e164: string; country: CountryCode }
  | { ok: false; problem: 'invalid_phone' | 'not_mobile' | 'country_not_served'; country?: CountryCode | undefined };

/**
 * A number an SMS can reach in one of `countries`: valid, of type mobile (libphonenumber's number type,
 * so a Riyadh landline 011… is refused), and registered in a country the provider serves.
 */
export function checkMobile(input: string, countries: readonly string[], defaultCountry: CountryCode = 'SA'): MobileCheck {
  const parsed = parseValid(input, defaultCountry);
  if (!parsed) return { ok: false, problem: 'invalid_phone' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, problem: 'not_mobile', country: parsed.country };
  if (!parsed.country || !countries.includes(parsed.country)) return { ok: false, problem: 'country_not_served', country: parsed.country };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** checkMobile for the engine: the E.164 number, or a validation error naming the field and the reason. */
export function requireMobile(input: string, countries: readonly string[], field: string, providerName: string): string {
  const check = checkMobile(input, countries);
  if (check.ok) return check.e164;
  const why =
    check.problem === 'not_mobile'
      ? 'is not a mobile number (a landline cannot receive the SMS)'
      : check.problem === 'country_not_served'
        ? `is registered in ${check.country ?? 'a country'} that ${providerName} does not serve (it serves ${countries.join(', ')})`
        : 'is not a valid phone number. Use +9665XXXXXXXX or 05XXXXXXXX';
  throw new AppError('validation_failed', `${field} "${input.slice(0, 32)}" ${why}.`, { field, reason: check.problem, provider: providerName, ...(check.country ? { country: check.country } : {}), countries });
}

/** For logs and receipts: +966 5•• ••• 001. */
export function maskPhone(e164: string): string {
  if (e164.length < 7) return '•••';
  return `${e164.slice(0, 5)}${'•'.repeat(Math.max(0, e164.length - 8))}${e164.slice(-3)}`;
}
