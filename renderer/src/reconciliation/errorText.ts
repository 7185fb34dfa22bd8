import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** The sentence for an engine error, chosen by its code (never by its message text). */
export function errorText(t: TFunction, err: unknown): string {
  const code = err instanceof ApiError ? err.code : 'unavailable';
  return t(`errors.${code}`, { defaultValue: t('errors.generic') });
}
