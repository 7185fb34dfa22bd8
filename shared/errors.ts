// Errors are values with codes: the UI and integrators branch on `code`, never on message text.

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'invalid_amount'
  | 'unsupported_currency'
  | 'unauthorized'
  | 'forbidden'
  | 'launch_required'
  | 'misdirected_request'
  | 'uri_too_long'
  | 'request_timeout'
  | 'invalid_pin'
  | 'too_many_attempts'
  | 'not_found'
  | 'unknown_provider'
  | 'provider_not_paylink'
  | 'org_app_not_found'
  | 'field_renamed'
  | 'no_supported_provider'
  | 'gone'
  | 'conflict'
  | 'illegal_transition'
  | 'idempotency_conflict'
  | 'amount_exceeds_remaining'
  | 'provider_rejected'
  | 'provider_error'
  | 'provider_unreachable'
  | 'outcome_unknown'
  | 'payload_too_large'
  | 'link_unavailable'
  | 'amount_mismatch'
  | 'provider_not_accepted'
  | 'unavailable'
  | 'storage_full'
  | 'storage_unavailable'
  | 'printer_not_configured'
  | 'printer_unreachable'
  | 'printer_timeout'
  | 'printer_paper_out'
  | 'printer_failed'
  | 'buyer_details_required'
  | 'provider_feature_unavailable'
  | 'pairing_required'
  | 'pairing_code_invalid'
  | 'internal';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  invalid_amount: 400,
  unsupported_currency: 400,
  unauthorized: 401,
  forbidden: 403,
  launch_required: 403,
  misdirected_request: 421,
  uri_too_long: 414,
  request_timeout: 408,
  invalid_pin: 401,
  too_many_attempts: 429,
  not_found: 404,
  unknown_provider: 404,
  provider_not_paylink: 400,
  org_app_not_found: 404,
  field_renamed: 400,
  no_supported_provider: 400,
  gone: 410,
  conflict: 409,
  illegal_transition: 409,
  idempotency_conflict: 409,
  amount_exceeds_remaining: 409,
  provider_rejected: 422,
  provider_error: 502,
  provider_unreachable: 503,
  outcome_unknown: 502,
  payload_too_large: 413,
  link_unavailable: 410,
  amount_mismatch: 400,
  provider_not_accepted: 400,
  unavailable: 503,
  storage_full: 503,
  storage_unavailable: 503,
  printer_not_configured: 409,
  printer_unreachable: 503,
  printer_timeout: 503,
  printer_paper_out: 503,
  printer_failed: 502,
  // The provider needs buyer details the cashier did not enter (e.g. paymennt link delivery: name and email).
  buyer_details_required: 400,
  // The provider's API offers no way to do this for this paylink (e.g. Tamara resend in live mode).
  provider_feature_unavailable: 409,
  pairing_required: 401,
  pairing_code_invalid: 401,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/**
 * A failure of the disk under PayDesk's data (SQLite's or the file system's own codes), whichever part of
 * PayDesk ran into it: full, or not writable / failing. Undefined for anything else.
 */
export function storageErrorCodeOf(err: unknown): 'storage_full' | 'storage_unavailable' | undefined {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'storage_full';
  if (/^SQLITE_(READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(code) || code === 'EROFS' || code === 'EIO') return 'storage_unavailable';
  return undefined;
}

export const STORAGE_MESSAGES = {
  storage_full:
    'The disk that holds PayDesk\'s data is full, so nothing can be recorded; nothing was sent to the provider. Free some space on this computer — PayDesk carries on by itself once there is room.',
  storage_unavailable:
    'PayDesk cannot write to its data folder (the disk is read-only or failing), so nothing can be recorded; nothing was sent to the provider. Check the disk — PayDesk carries on by itself once it can write again.',
} as const;

/** Turns anything thrown into an error value; unknown failures never leak their internals. */
export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toJSON();
  const storage = storageErrorCodeOf(err);
  if (storage) return { code: storage, message: STORAGE_MESSAGES[storage] };
  return { code: 'internal', message: 'Something went wrong inside PayDesk. The action was not completed; try again.' };
}
