import { AppError } from '../../shared/errors';
import { SANDBOX_BASE_URL } from './demo';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where an org app's provider calls may go. Credentials travel with every call, so a live app talks
 * https only; a sandbox app (tests, demo) may also use plain http to this machine, or the in-process sandbox.
 */
export function checkOrgAppBaseUrl(url: string, environment: 'live' | 'sandbox'): string {
  const trimmed = url.replace(/\/+$/, '');
  if (environment === 'sandbox' && trimmed === SANDBOX_BASE_URL) return trimmed;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new AppError('validation_failed', 'base_url must be an absolute https URL.', { field: 'base_url' });
  }
  if (parsed.username || parsed.password) throw new AppError('validation_failed', 'base_url must not carry a user name or password; credentials go in "credentials".', { field: 'base_url' });
  if (parsed.protocol === 'https:') return trimmed;
  if (environment === 'sandbox' && parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return trimmed;
  throw new AppError(
    'validation_failed',
    environment === 'live' ? 'A live app\'s base_url must be an https URL.' : 'A sandbox app\'s base_url must be https, or http to this machine (127.0.0.1 or localhost).',
    { field: 'base_url' },
  );
}
