import { describe, expect, it } from 'vitest';
import { decodeTlv, decodeZatcaQr, encodeTlv, encodeZatcaQr, zatcaTimestamp, type ZatcaInvoiceFields } from './zatca';

const invoice: ZatcaInvoiceFields = {
  sellerName: 'Bobs Records',
  vatNumber: '310122393500003',
  timestamp: '2022-04-25T15:30:00Z',
  totalWithVat: '1000.00',
  vatAmount: '150.00',
};

describe('ZATCA TLV', () => {
  it('lays out each field as tag, byte length, UTF-8 value', () => {
    const bytes = encodeTlv([{ tag: 1, value: 'Bob' }]);
    expect([...bytes]).toEqual([1, 3, 0x42, 0x6f, 0x62]);
  });

  it('counts bytes, not characters, for Arabic names', () => {
    const bytes = encodeTlv([{ tag: 1, value: 'متجر' }]);
    // Four Arabic letters are two UTF-8 bytes each.
    expect(bytes[1]).toBe(8);
    expect(decodeTlv(bytes)).toEqual([{ tag: 1, value: 'متجر' }]);
  });

  it('matches the base64 of an independently built TLV for a known invoice', () => {
    // Built by hand: 01 0C "Bobs Records" 02 0F "310122393500003" 03 14 "2022-04-25T15:30:00Z" 04 07 "1000.00" 05 06 "150.00".
    const hex = [
      '010c', Buffer.from('Bobs Records').toString('hex'),
      '020f', Buffer.from('310122393500003').toString('hex'),
      '0314', Buffer.from('2022-04-25T15:30:00Z').toString('hex'),
      '0407', Buffer.from('1000.00').toString('hex'),
      '0506', Buffer.from('150.00').toString('hex'),
    ].join('');
    expect(encodeZatcaQr(invoice)).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });

  it('round-trips all five fields, Arabic seller name included', () => {
    const arabic = { ...invoice, sellerName: 'متجر باي ديسك التجريبي' };
    expect(decodeZatcaQr(encodeZatcaQr(arabic))).toEqual(arabic);
  });

  it('refuses a value longer than one length byte can say', () => {
    expect(() => encodeTlv([{ tag: 1, value: 'x'.repeat(256) }])).toThrow(/255/);
    expect(() => encodeTlv([{ tag: 1, value: 'x'.repeat(255) }])).not.toThrow();
  });

  it('refuses a missing field instead of printing an invalid QR', () => {
    expect(() => encodeZatcaQr({ ...invoice, vatNumber: ' ' })).toThrow(/vatNumber/);
  });

  it('rejects truncated or non-base64 payloads', () => {
    const full = encodeTlv([{ tag: 1, value: 'Bob' }]);
    expect(() => decodeTlv(full.subarray(0, 4))).toThrow(/cut short/);
    expect(() => decodeZatcaQr('%%%')).toThrow(/base64/);
    expect(() => decodeZatcaQr(btoa('\u0001\u0001a'))).toThrow(/tag 2/);
  });

  it('formats timestamps as ISO 8601 UTC to the second', () => {
    expect(zatcaTimestamp(new Date(Date.UTC(2025, 0, 31, 14, 5, 9, 678)))).toBe('2025-01-31T14:05:09Z');
  });
});
