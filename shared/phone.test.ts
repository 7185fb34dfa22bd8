import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone';

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

  it.each(['12', 'abc', '+966', '0500'])('rejects %s with a field-named error', (input) => {
    expect(() => normalizePhone(input, 'phone_number')).toThrow(/phone_number/);
  });

  it('masks all but the country prefix and the last digits', () => {
    expect(maskPhone('+966500000001')).toBe('+9665•••••001');
  });
});
