import type { TFunction } from 'i18next';
import { ApiError } from './api/client';
import i18n from './i18n';

// An engine error in the UI's language, built from its code and details only (never from its English
// message, which stays for logs and integrators): a headline, and a detail naming what to check.

interface Details {
  field?: unknown;
  reason?: unknown;
  country?: unknown;
  countries?: unknown;
  provider?: unknown;
  refundable?: unknown;
  retry_after_s?: unknown;
  status?: unknown;
  issues?: { path?: unknown }[];
}

function codeOf(err: unknown): string {
  if (err instanceof ApiError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unavailable';
}

function detailsOf(err: unknown): Details {
  const d = (err as { details?: unknown } | null)?.details;
  return d && typeof d === 'object' ? (d as Details) : {};
}

export function errorHeadline(t: TFunction, err: unknown): string {
  const code = codeOf(err);
  // A conflict about a field (a duplicate SKU) is not the provider still confirming a payment.
  if (code === 'conflict' && errorField(err)) return t('screens.errorCodes.conflict');
  return t(`errors.${code}`, { defaultValue: t(`screens.errorCodes.${code}`, { defaultValue: t('errors.generic') }) });
}

/** The field an error is about: details.field, else the first validation issue's path ("items.0.quantity" → "items"). */
export function errorField(err: unknown): string | undefined {
  const d = detailsOf(err);
  if (typeof d.field === 'string') return d.field;
  const path = d.issues?.[0]?.path;
  return typeof path === 'string' && path ? path.split('.')[0] : undefined;
}

function countryName(code: unknown, lang: string): string {
  if (typeof code !== 'string') return '';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function errorDetail(t: TFunction, err: unknown): string | undefined {
  const code = codeOf(err);
  const d = detailsOf(err);
  const lang = i18n.language;
  const field = errorField(err);
  const fieldName = field ? t(`screens.fields.${field}`, { defaultValue: '' }) : '';
  if (typeof d.reason === 'string' && ['invalid_phone', 'not_mobile', 'country_not_served'].includes(d.reason)) {
    const countries = Array.isArray(d.countries) ? d.countries.map((c) => countryName(c, lang)).join(lang === 'ar' ? '، ' : ', ') : '';
    return t(`screens.phone.${d.reason}`, { provider: typeof d.provider === 'string' ? d.provider : '', country: countryName(d.country, lang), countries });
  }
  if (code === 'conflict' && fieldName) return t('screens.errorDetail.conflictField', { field: fieldName });
  if (code === 'amount_exceeds_remaining' && typeof d.refundable === 'string') return t('screens.errorDetail.refundable', { amount: d.refundable });
  if (code === 'too_many_attempts' && typeof d.retry_after_s === 'number') return t('screens.errorDetail.waitSeconds', { n: d.retry_after_s });
  if (code === 'illegal_transition' && typeof d.status === 'string') return t('screens.errorDetail.status', { status: t(`status.${d.status}`, { defaultValue: d.status }) });
  if (fieldName) return t('screens.errorDetail.field', { field: fieldName });
  // English UI: the engine's own sentence is English and says more; an Arabic UI never shows it.
  if (lang !== 'ar' && err instanceof Error && err.message) return err.message;
  return undefined;
}

/** Headline and detail as one sentence, for places with room for a single line. */
export function errorText(t: TFunction, err: unknown): string {
  const detail = errorDetail(t, err);
  return detail ? `${errorHeadline(t, err)} ${detail}` : errorHeadline(t, err);
}
