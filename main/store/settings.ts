import { statement, type Db } from './db';

export function getSetting(db: Db, key: string): string | undefined {
  return (statement(db, `SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
}

export function putSetting(db: Db, key: string, value: string): void {
  statement(db, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
