import { describe, expect, it } from 'vitest';
import { checkMobile, maskPhone, normalizePhone, requireMobile } from './phone';

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
