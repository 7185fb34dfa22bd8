import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations';
import { sqliteOptions } from './nativeBinding';

export type Db = Database.Database;

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per database: preparing SQL on every call costs more than running it. */
export function statement(db: Db, sql: string): Database.Statement {
  let perDb = statementCache.get(db);
  if (!perDb) statementCache.set(db, (perDb = new Map()));
  let stmt = perDb.get(sql);
  if (!stmt) perDb.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

const writeRunners = new WeakMap<Db, Database.Transaction<(fn: () => unknown) => unknown>>();

/**
 * Runs `fn` in a write transaction: BEGIN IMMEDIATE (the write lock taken up front, so it never fails half way
 * for another writer) and COMMIT, or ROLLBACK when `fn` throws; inside another transaction, a savepoint. It goes
 * through one better-sqlite3 transaction per database: building a new one for every call (db.transaction(fn))
 * cost about 3 µs each, twice in every create.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  let run = writeRunners.get(db);
  if (!run) writeRunners.set(db, (run = db.transaction((body: () => unknown) => body())));
  return run.immediate(fn) as T;
}

/**
 * WAL pages a commit may leave before it moves them into the database file itself. SQLite's default (1,000)
 * made about one create in sixty pay for that copy and its fsync inside the sale (2-3 ms); at 4,000 it is
 * one in two hundred and fifty, and the background tick does it while the till is idle (checkpoint.ts), so
 * a sale seldom pays at all. The WAL then holds up to about 16 MB, and is cut back to 64 MB after a burst.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4_000;
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens the store with the pragmas PayDesk relies on: WAL so readers never block the till,
 * synchronous=FULL so a committed sale survives a power cut, foreign keys, a busy timeout, and the
 * WAL's checkpoint threshold.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, sqliteOptions());
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations newer than `user_version`, all in one transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new AppError(
      'conflict',
      `This PayDesk data file was written by a newer PayDesk (schema ${current}; this version knows up to ${latest}). ` +
        'Update PayDesk, or point PAYDESK_DATA_DIR at another folder. The file was not changed.',
      { schema_version: current, supported_version: latest },
    );
  }
  if (current === latest) return;
  db.transaction(() => {
    for (let version = current + 1; version <= latest; version++) {
      const step = migrations[version - 1];
      if (!step) throw new Error(`migration ${version} is missing`);
      step(db);
    }
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
