import { statement, type Db } from './db';

export function getSetting(db: Db, key: string): string | undefined {
  return (statement(db, `SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
}

export function putSetting(db: Db, key: string, value: string): void {
  statement(db, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}

/** The checkout settings row: auto-capture and the store's digit system. */
export const CHECKOUT_SETTINGS_KEY = 'checkout_settings';

/** The digit system the store chose for screens and receipts; Arabic-Indic unless a manager chose Western. */
export function getDigitSystem(db: Db): 'arab' | 'latn' {
  const saved = JSON.parse(getSetting(db, CHECKOUT_SETTINGS_KEY) ?? '{}') as { digits?: unknown };
  return saved.digits === 'latn' ? 'latn' : 'arab';
}
