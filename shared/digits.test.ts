import { describe, expect, it } from 'vitest';
import { normalizeDigits, parseQuantity, parseWholeNumber, pinDigits } from './digits';

describe('normalizeDigits', () => {
  it('reads Arabic-Indic and Eastern Arabic-Indic digits and the Arabic decimal separator', () => {
    expect(normalizeDigits('١٢٣٫٥٠')).toBe('123.50');
    expect(normalizeDigits('۰۵۰۰۰۰۰۰۰۱')).toBe('0500000001');
    expect(normalizeDigits('+٩٦٦ ٥٠')).toBe('+966 50');
  });
  it('leaves everything else as typed', () => {
    expect(normalizeDigits('12a-b')).toBe('12a-b');
  });
});

describe('parseQuantity', () => {
  it.each([
    ['3', 3],
    ['٣', 3],
    [' 9999 ', 9999],
  ])('accepts %s', (text, value) => expect(parseQuantity(text)).toEqual({ ok: true, value }));

  it.each([
    ['0', 'too_small'],
    ['-2', 'too_small'],
    ['1.5', 'not_whole'],
    ['e5', 'not_whole'],
    ['1e5', 'not_whole'],
    ['100000', 'too_large'],
    ['', 'empty'],
  ])('refuses %s (%s) and states the limits', (text, problem) => expect(parseQuantity(text)).toEqual({ ok: false, problem, min: 1, max: 9999 }));

  it('takes any bounds', () => expect(parseWholeNumber('1001', 1, 1000)).toMatchObject({ ok: false, problem: 'too_large', max: 1000 }));
});

describe('pinDigits', () => {
  it('keeps Arabic-Indic digits of a PIN as digits', () => expect(pinDigits('١١١١')).toBe('1111'));
});
