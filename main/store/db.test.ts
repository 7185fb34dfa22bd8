import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openDatabase, schemaVersion, writeTransaction } from './db';
import { MIGRATIONS, type Migration } from './migrations';

const temps: { cleanup(): void }[] = [];
function tempFile(): string {
  const t = makeTempDir('paydesk-db');
  temps.push(t);
  return join(t.dir, 'paydesk.db');
}
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

describe('openDatabase', () => {
  it('creates a fresh database at the latest schema with the durability pragmas', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const strict = db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 0 AND name NOT LIKE 'sqlite_%'`).all();
    expect(strict).toEqual([]);
    db.close();
  });

  it('refuses money that is not an integer (STRICT tables)', () => {
    const db = openDatabase(tempFile());
    expect(() =>
      db.prepare(`INSERT INTO products (id, sku, name_en, name_ar, price_minor, currency, created_at, updated_at) VALUES ('p', 's', 'n', 'n', '12.5', 'SAR', 0, 0)`).run(),
    ).toThrow(/cannot store REAL value in INTEGER column|datatype mismatch/i);
    db.close();
  });

  it('upgrades an older database by applying only the newer steps, in one transaction', () => {
    const file = tempFile();
    const v1 = openDatabase(file, MIGRATIONS);
    v1.prepare(`INSERT INTO settings (key, value) VALUES ('kept', 'yes')`).run();
    v1.close();
    const addColumn: Migration = (db) => db.exec(`ALTER TABLE settings ADD COLUMN note TEXT`);
    const upgraded = openDatabase(file, [...MIGRATIONS, addColumn]);
    expect(schemaVersion(upgraded)).toBe(MIGRATIONS.length + 1);
    expect(upgraded.prepare(`SELECT value, note FROM settings WHERE key = 'kept'`).get()).toEqual({ value: 'yes', note: null });
    upgraded.close();
  });

  it('rolls a failed upgrade back completely', () => {
    const file = tempFile();
    openDatabase(file).close();
    const good: Migration = (db) => db.exec(`CREATE TABLE extra (id TEXT PRIMARY KEY) STRICT`);
    const bad: Migration = (db) => db.exec(`CREATE TABLE broken (`);
    expect(() => openDatabase(file, [...MIGRATIONS, good, bad])).toThrow();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'extra'`).get()).toBeUndefined();
    db.close();
  });

  it('refuses a database written by a newer PayDesk and leaves it untouched', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/newer PayDesk/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    check.close();
  });

  it('uses the indexes for the hot paylink queries', () => {
    const db = openDatabase(tempFile());
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT * FROM paylinks WHERE created_at >= 0 ORDER BY created_at DESC, id DESC LIMIT 50`)).toMatch(/paylinks_created/);
    expect(plan(`SELECT * FROM paylinks WHERE provider = 'tabby' AND created_at >= 0`)).toMatch(/paylinks_provider_created/);
    expect(plan(`SELECT * FROM paylink_events WHERE paylink_id = 'x' ORDER BY seq`)).toMatch(/paylink_events_paylink/);
    db.close();
  });
});

describe('writeTransaction', () => {
  it('commits, rolls back on a throw, nests as a savepoint, and takes the write lock up front', () => {
    const file = tempFile();
    const db = openDatabase(file);
    const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
    const keys = () => (db.prepare(`SELECT key FROM settings WHERE key LIKE 't%' ORDER BY key`).all() as { key: string }[]).map((r) => r.key);

    expect(writeTransaction(db, () => (put.run('t1', 'x'), 'done'))).toBe('done');
    expect(() =>
      writeTransaction(db, () => {
        put.run('t2', 'x');
        throw new Error('no');
      }),
    ).toThrow('no');
    writeTransaction(db, () => {
      put.run('t3', 'x');
      // An inner failure undoes only the inner part.
      expect(() =>
        writeTransaction(db, () => {
          put.run('t4', 'x');
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(keys()).toEqual(['t1', 't3']);

    // IMMEDIATE: before anything is written, another connection already cannot write.
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    writeTransaction(db, () => {
      expect(() => other.prepare(`INSERT INTO settings (key, value) VALUES ('t5', 'x')`).run()).toThrow(/locked|busy/i);
    });
    other.prepare(`INSERT INTO settings (key, value) VALUES ('t5', 'x')`).run();
    expect(keys()).toEqual(['t1', 't3', 't5']);
    other.close();
    db.close();
  });
});
