import { AppError } from './errors';

// ZATCA simplified tax invoice QR (phase 1 fields): a TLV list, base64-encoded.
// Each field is 1 byte tag, 1 byte length (of the UTF-8 value, so at most 255 bytes), then the value.
// Runs in every host (renderer, main, tests): TextEncoder/TextDecoder and btoa/atob only, no Buffer.

export const ZATCA_TAGS = {
  sellerName: 1,
  vatNumber: 2,
  timestamp: 3,
  totalWithVat: 4,
  vatAmount: 5,
} as const;

export interface ZatcaInvoiceFields {
  sellerName: string;
  /** The seller's 15-digit VAT registration number. */
  vatNumber: string;
  /** ISO 8601, e.g. 2025-01-31T14:05:09Z. */
  timestamp: string;
  /** Invoice total with VAT in major units with the currency's decimals, e.g. "580.00". */
  totalWithVat: string;
  /** VAT amount in major units, e.g. "75.65". */
  vatAmount: string;
}

export interface TlvField {
  tag: number;
  value: string;
}

const FIELD_ORDER = Object.entries(ZATCA_TAGS) as [keyof ZatcaInvoiceFields, number][];

export function encodeTlv(fields: readonly TlvField[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: number[] = [];
  for (const { tag, value } of fields) {
    if (!Number.isInteger(tag) || tag < 1 || tag > 255) throw new AppError('validation_failed', `TLV tag ${tag} must be 1–255.`);
    const bytes = encoder.encode(value);
    if (bytes.length > 255) throw new AppError('validation_failed', `TLV tag ${tag} is ${bytes.length} bytes long; a one-byte length allows at most 255.`);
    parts.push(tag, bytes.length, ...bytes);
  }
  return Uint8Array.from(parts);
}

export function decodeTlv(bytes: Uint8Array): TlvField[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const fields: TlvField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at];
    const length = bytes[at + 1];
    if (tag === undefined || length === undefined || at + 2 + length > bytes.length) {
      throw new AppError('validation_failed', `TLV data is cut short at byte ${at}.`);
    }
    fields.push({ tag, value: decoder.decode(bytes.subarray(at + 2, at + 2 + length)) });
    at += 2 + length;
  }
  return fields;
}

/** The base64 string the ZATCA QR code carries. */
export function encodeZatcaQr(invoice: ZatcaInvoiceFields): string {
  for (const [name] of FIELD_ORDER) {
    if (!invoice[name]?.trim()) throw new AppError('validation_failed', `The ZATCA QR needs ${name}.`, { field: name });
  }
  return bytesToBase64(encodeTlv(FIELD_ORDER.map(([name, tag]) => ({ tag, value: invoice[name] }))));
}

/** Reads a ZATCA QR payload back into its five fields (tests, and checking a printed receipt). */
export function decodeZatcaQr(base64: string): ZatcaInvoiceFields {
  const byTag = new Map(decodeTlv(base64ToBytes(base64)).map((f) => [f.tag, f.value]));
  const out = {} as ZatcaInvoiceFields;
  for (const [name, tag] of FIELD_ORDER) {
    const value = byTag.get(tag);
    if (value === undefined) throw new AppError('validation_failed', `The ZATCA QR has no tag ${tag} (${name}).`);
    out[name] = value;
  }
  return out;
}

/** ISO 8601 in UTC to the second, the form ZATCA's examples use: 2025-01-31T14:05:09Z. */
export function zatcaTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(base64.trim());
  } catch {
    throw new AppError('validation_failed', 'The ZATCA QR payload is not base64.');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
