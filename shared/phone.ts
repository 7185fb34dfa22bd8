import { Metadata, parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { normalizeDigits } from './digits';
import { AppError } from './errors';

// Full metadata ("max"): the number type (mobile, fixed line…) is only known with it.

/** A valid number: E.164, its country, and its type (mobile, fixed line…), read only when asked for. */
interface Parsed {
  number: string;
  country?: CountryCode | undefined;
  getType(): NumberType | undefined;
}

// A new customer's number costs libphonenumber about 35 µs when it runs between a disk commit and a network
// wait (5 µs in a loop): it builds a RegExp for every pattern it tries. The mobiles of the Gulf states, nearly
// every number a till sees, are first matched against the same metadata's mobile pattern compiled once. Only a
// match is answered here, and a match is what libphonenumber would call a valid mobile of that country; any
// other input (a landline, a foreign number, an extension) is parsed by libphonenumber itself.
const GULF: readonly CountryCode[] = ['SA', 'AE', 'KW', 'BH', 'OM', 'QA'];

interface MobilePlan {
  country: CountryCode;
  callingCode: string;
  nationalPrefix: string | undefined;
  nationalNumber: RegExp;
  mobile: RegExp;
  lengths: readonly number[];
}

function mobilePlan(country: CountryCode): MobilePlan | undefined {
  // Metadata's numbering-plan readers are libphonenumber's own; its typings list only a few of them.
  const metadata = new Metadata() as unknown as {
    selectNumberingPlan(c: CountryCode): void;
    numberingPlan: {
      callingCode(): string;
      nationalNumberPattern(): string;
      nationalPrefix(): string | undefined;
      nationalPrefixForParsing(): string | undefined;
      nationalPrefixTransformRule(): string | undefined;
      type(t: 'MOBILE'): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
    };
  };
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  const mobile = plan.type('MOBILE');
  const prefix = plan.nationalPrefix();
  // A plan that rewrites its national prefix while parsing is left to libphonenumber.
  const simplePrefix = !plan.nationalPrefixTransformRule() && (plan.nationalPrefixForParsing() ?? prefix) === prefix;
  if (!mobile?.pattern() || !simplePrefix) return undefined;
  return {
    country,
    callingCode: plan.callingCode(),
    nationalPrefix: prefix,
    nationalNumber: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    mobile: new RegExp(`^(?:${mobile.pattern()})$`),
    lengths: mobile.possibleLengths() ?? [],
  };
}

let gulfPlans: Map<string, MobilePlan> | undefined;
function plans(): Map<string, MobilePlan> {
  if (!gulfPlans) {
    gulfPlans = new Map();
    for (const country of GULF) {
      const plan = mobilePlan(country);
      if (plan) gulfPlans.set(plan.country, plan).set(`+${plan.callingCode}`, plan);
    }
  }
  return gulfPlans;
}

const mobileType = (): NumberType => 'MOBILE';

function isMobileOf(plan: MobilePlan, national: string): boolean {
  return plan.lengths.includes(national.length) && plan.nationalNumber.test(national) && plan.mobile.test(national);
}

/** A Gulf mobile in international (+9665…) or the default country's local form (05…, 5…); undefined for anything else. */
export function gulfMobile(candidate: string, defaultCountry: CountryCode): Parsed | undefined {
  if (!/^\+?\d{7,15}$/.test(candidate)) return undefined;
  const all = plans();
  if (candidate.startsWith('+')) {
    const plan = all.get(candidate.slice(0, 4));
    const national = candidate.slice(4);
    return plan && isMobileOf(plan, national) ? { number: candidate, country: plan.country, getType: mobileType } : undefined;
  }
  const plan = all.get(defaultCountry);
  if (!plan) return undefined;
  const national = plan.nationalPrefix && candidate.startsWith(plan.nationalPrefix) ? candidate.slice(plan.nationalPrefix.length) : candidate;
  return isMobileOf(plan, national) ? { number: `+${plan.callingCode}${national}`, country: plan.country, getType: mobileType } : undefined;
}

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
  const candidates = candidatesOf(input);
  let found: Parsed | null = gulfMobile(candidates[0]!, defaultCountry) ?? null;
  for (const candidate of found ? [] : candidates) {
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
