import { hostname } from 'node:os';

export interface StoreDbConfig {
  /** postgres://… of the store database (PAYDESK_STORE_DATABASE_URL). */
  url: string;
  /** This till's id in the store (PAYDESK_TILL_ID); undefined: generated once and kept in the till's settings. */
  tillId: string | undefined;
  /** Shown to managers beside the till's rows (PAYDESK_TILL_NAME); default: the till id. */
  tillName: string | undefined;
}

export class StoreDbConfigError extends Error {}

const TILL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Reads DESIGN §9's variables; without PAYDESK_STORE_DATABASE_URL the till runs alone (undefined). */
export function loadStoreDbConfig(env: NodeJS.ProcessEnv): StoreDbConfig | undefined {
  const url = env.PAYDESK_STORE_DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new StoreDbConfigError('PAYDESK_STORE_DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/paydesk_store.');
  const tillId = env.PAYDESK_TILL_ID?.trim() || undefined;
  if (tillId && !TILL_ID.test(tillId)) throw new StoreDbConfigError(`PAYDESK_TILL_ID must be 1 to 64 letters, digits, "_", "." or "-" (e.g. till-2), not "${tillId}".`);
  const tillName = env.PAYDESK_TILL_NAME?.trim().slice(0, 100) || undefined;
  return { url, tillId, tillName };
}

export function defaultTillName(tillId: string): string {
  return `${tillId} (${hostname()})`;
}
