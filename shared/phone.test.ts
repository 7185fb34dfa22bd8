import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkMobile, gulfMobile, maskPhone, normalizePhone, requireMobile } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['0500000001', '+966500000001'],
    ['500000001', '+966500000001'],
    ['+966500000001', '+966500000001'],
    ['966500000001', '+966500000001'],
    ['00966 50 000 0001', '+966500000001'],
    ['+971500000001', '+971500000001'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['12', 'abc', '+966', '0500', 'call 0500000001', '0500000001 ext 2'])('rejects %s with a field-named error', (input) => {
    expect(() => normalizePhone(input, 'phone_number')).toThrow(/phone_number/);
  });

  it('masks all but the country prefix and the last digits', () => {
    expect(maskPhone('+966500000001')).toBe('+9665•••••001');
  });
});

describe('checkMobile (an SMS must reach it)', () => {
  const TAMARA = ['SA', 'AE', 'BH', 'KW', 'OM'];
  it('accepts a Saudi mobile, in Western or Arabic-Indic digits', () => {
    expect(checkMobile('0500000001', TAMARA)).toEqual({ ok: true, e164: '+966500000001', country: 'SA' });
    expect(checkMobile('٠٥٠٠٠٠٠٠٠١', TAMARA)).toEqual({ ok: true, e164: '+966500000001', country: 'SA' });
  });
  it('refuses a Riyadh landline by its number type', () => {
    expect(checkMobile('0112345678', TAMARA)).toEqual({ ok: false, problem: 'not_mobile', country: 'SA' });
    expect(() => requireMobile('0112345678', TAMARA, 'phone_number', 'Tamara')).toThrow(/landline/);
  });
  it('names the country of a foreign mobile', () => {
    expect(checkMobile('+971501234567', TAMARA)).toEqual({ ok: true, e164: '+971501234567', country: 'AE' });
    expect(checkMobile('+97430123456', TAMARA)).toMatchObject({ ok: false, problem: 'country_not_served', country: 'QA' });
  });
  it('refuses what is no phone number at all', () => expect(checkMobile('12', TAMARA)).toEqual({ ok: false, problem: 'invalid_phone' }));
});

describe('the memo of recent parses', () => {
  const TAMARA = ['SA', 'AE', 'BH', 'KW', 'OM'];
  it('answers a repeated number as the first time, for the default country it was parsed with', () => {
    for (let i = 0; i < 3; i++) {
      expect(normalizePhone('0500000001')).toBe('+966500000001');
      expect(normalizePhone('0500000001', 'phone_number', 'AE')).toBe('+971500000001');
      expect(checkMobile('0112345678', TAMARA)).toEqual({ ok: false, problem: 'not_mobile', country: 'SA' });
      expect(() => normalizePhone('0500', 'buyer_phone')).toThrow(/buyer_phone/);
    }
  });
  it('stays right past its bound', () => {
    for (let i = 0; i < 1200; i++) expect(normalizePhone(`05${String(10_000_000 + i).slice(-8)}`)).toBe(`+9665${String(10_000_000 + i).slice(-8)}`);
    expect(normalizePhone('+971500000001')).toBe('+971500000001');
  });
});

describe('the Gulf mobile fast path', () => {
  const GULF = [
    ['SA', '966'],
    ['AE', '971'],
    ['KW', '965'],
    ['BH', '973'],
    ['OM', '968'],
    ['QA', '974'],
  ] as const;
  let seed = 42;
  const digit = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return String(seed % 10);
  };
  const digits = (n: number) => Array.from({ length: n }, digit).join('');

  it('answers only what libphonenumber itself calls a valid mobile of that country, with the same E.164', () => {
    let answered = 0;
    for (const [country, code] of GULF) {
      for (let i = 0; i < 4000; i++) {
        // Mostly the leading digits Gulf mobiles use, so that many inputs match; the rest are anything.
        const national = `${'35679'[i % 5]}${digits(6 + (i % 4))}`;
        const local = i % 3 === 0 ? `0${national}` : national;
        for (const [candidate, defaultCountry] of [
          [`+${code}${national}`, 'SA'],
          [local, country],
        ] as const) {
          const fast = gulfMobile(candidate, defaultCountry);
          if (!fast) continue;
          answered += 1;
          const lib = parsePhoneNumberFromString(candidate, { defaultCountry, extract: false });
          expect(lib?.isValid(), candidate).toBe(true);
          expect(['MOBILE', 'FIXED_LINE_OR_MOBILE']).toContain(lib!.getType());
          expect(fast.number, candidate).toBe(lib!.number);
          expect(fast.country, candidate).toBe(lib!.country);
        }
      }
    }
    expect(answered).toBeGreaterThan(1_000); // the comparison ran on real matches, not on none
  });

  it('takes the forms a till sees, and leaves landlines, foreign numbers and extensions to libphonenumber', () => {
    expect(gulfMobile('+966501234567', 'SA')?.number).toBe('+966501234567');
    expect(gulfMobile('0501234567', 'SA')?.number).toBe('+966501234567');
    expect(gulfMobile('501234567', 'SA')?.number).toBe('+966501234567');
    expect(gulfMobile('+971501234567', 'SA')).toMatchObject({ number: '+971501234567', country: 'AE' });
    expect(gulfMobile('0112345678', 'SA')).toBeUndefined(); // a Riyadh landline
    expect(gulfMobile('+12025550123', 'SA')).toBeUndefined();
    expect(gulfMobile('0501234567ext2', 'SA')).toBeUndefined();
    expect(normalizePhone('0112345678')).toBe('+966112345678'); // still valid, through libphonenumber
  });
});
