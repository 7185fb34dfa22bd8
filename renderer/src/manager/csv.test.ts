import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV for the end-of-day report', () => {
  it('quotes fields holding commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
  });

  it('keeps amounts as the exact decimal strings it was given, negative ones included', () => {
    expect(toCsv(['net'], [['-5.00'], ['1234567.89'], ['0.10']])).toBe('net\r\n-5.00\r\n1234567.89\r\n0.10\r\n');
  });

  it('stops a text cell from being run as a spreadsheet formula', () => {
    expect(toCsv(['name', 'amount'], [['=HYPERLINK("x")', '-1.00']], new Set([0]))).toBe('name,amount\r\n"\'=HYPERLINK(""x"")",-1.00\r\n');
  });

  it('writes Arabic headers untouched', () => {
    expect(toCsv(['المزود', 'الصافي'], [['tabby', '10.00']])).toBe('المزود,الصافي\r\ntabby,10.00\r\n');
  });
});
