import { describe, expect, it } from 'vitest';
import { parseTypedAmount } from './amountInput';

describe('parseTypedAmount', () => {
  it.each([
    ['12.50', 1250],
    ['١٢٫٥٠', 1250],
    ['12,5', 1250],
    ['7', 700],
  ])('reads %s as %i minor units', (text, minor) => expect(parseTypedAmount(text, 'SAR')).toEqual({ ok: true, minor }));

  it.each([
    ['-5', 'notPositive'],
    ['0', 'notPositive'],
    ['12a', 'notNumber'],
    ['e5', 'notNumber'],
    ['1.234', 'decimals'],
    ['', 'empty'],
    ['99999999', 'tooLarge'],
  ])('refuses %s (%s)', (text, key) => expect(parseTypedAmount(text, 'SAR')).toMatchObject({ ok: false, problem: { key } }));

  it('refuses more than the stated ceiling', () => expect(parseTypedAmount('10.01', 'SAR', 1000)).toEqual({ ok: false, problem: { key: 'overRefundable', max: '10.00' } }));
});
