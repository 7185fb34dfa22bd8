import type Database from 'better-sqlite3';
import { statement, type Db, writeTransaction } from '../store/db';

// The till's side of replication: SQLite triggers put a (kind, row id) entry in `storedb_queue` inside the
// very transaction that changes a paylink, an event, a back-office delivery or a product, so a committed
// change always has its queue entry (a transactional outbox without touching the code that writes).
// The replicator sends the row's current state; the queue only says what changed, and in which order.
// The triggers are live only while the settings row `storedb_capture` exists: a till without a store database
// records nothing extra.

export type QueueKind = 'paylink' | 'event' | 'delivery' | 'product' | 'staff';

/** Paylink columns the store database mirrors (the till's own refresh schedule and create key stay local). */
export const PAYLINK_COLUMNS = [
  'id', 'provider', 'org_app_id', 'order_id', 'amount_minor', 'currency', 'description', 'buyer_name', 'buyer_email', 'buyer_phone', 'lang',
  'items', 'metadata', 'session_id', 'payment_id', 'provider_extra', 'checkout_url', 'expires_at', 'status', 'provider_status',
  'captured_minor', 'refunded_minor', 'pending_command', 'cashier_id', 'created_at', 'updated_at',
] as const;

/** Staff as the store shares them: the scrypt hash and the keyed lookup, never a PIN. */
export const STAFF_COLUMNS = ['id', 'name', 'role', 'pin_hash', 'pin_lookup', 'active', 'created_at'] as const;

export const PRODUCT_COLUMNS = ['id', 'sku', 'barcode', 'name_en', 'name_ar', 'price_minor', 'currency', 'vat_rate_bp', 'active', 'created_at', 'updated_at'] as const;

const CAPTURING = `EXISTS (SELECT 1 FROM settings WHERE key = 'storedb_capture')`;
const NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

function queueTrigger(name: string, event: string, table: string, kind: QueueKind, rowId: string, extraWhen = ''): string {
  return `CREATE TRIGGER ${name} AFTER ${event} ON ${table} WHEN ${CAPTURING}${extraWhen}
    BEGIN INSERT INTO storedb_queue (kind, row_id, created_at) VALUES ('${kind}', ${rowId}, ${NOW_MS}); END;`;
}

/** SQLite migration: the replication queue and the triggers that fill it. */
export function addStoreReplicationQueue(db: Database.Database): void {
  const paylinkChange = PAYLINK_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at').join(', ');
  const productChange = PRODUCT_COLUMNS.filter((c) => c !== 'id').join(', ');
  db.exec(`
    CREATE TABLE storedb_queue (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the store database orders a row's versions by it
      kind TEXT NOT NULL,
      row_id TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    ${queueTrigger('storedb_paylink_insert', 'INSERT', 'paylinks', 'paylink', 'NEW.id')}
    ${queueTrigger('storedb_paylink_update', `UPDATE OF ${paylinkChange}`, 'paylinks', 'paylink', 'NEW.id')}
    ${queueTrigger('storedb_event_insert', 'INSERT', 'paylink_events', 'event', 'CAST(NEW.seq AS TEXT)')}
    ${queueTrigger('storedb_delivery_insert', 'INSERT', 'outbox', 'delivery', 'NEW.id')}
    ${queueTrigger('storedb_delivery_update', 'UPDATE OF status, attempts, last_error', 'outbox', 'delivery', 'NEW.id')}
    ${queueTrigger('storedb_product_insert', 'INSERT', 'products', 'product', 'NEW.id')}
    ${queueTrigger('storedb_product_update', `UPDATE OF ${productChange}`, 'products', 'product', 'NEW.id')}
  `);
}

/**
 * SQLite migration: a paylink removed on the till (a create the provider certainly refused) is removed from
 * the store too: its queue entry finds no row, which the replicator reads as a deletion.
 */
export function addPaylinkDeleteReplication(db: Database.Database): void {
  db.exec(queueTrigger('storedb_paylink_delete', 'DELETE', 'paylinks', 'paylink', 'OLD.id'));
}

/**
 * SQLite migration: staff edited on a till (a new member, a new PIN, a deactivation) go to the store too. Not
 * back-filled when a till joins: staff from before carry this till's own lookup key and stay local to it.
 */
export function addStaffReplication(db: Database.Database): void {
  db.exec(`
    ${queueTrigger('storedb_staff_insert', 'INSERT', 'staff', 'staff', 'NEW.id')}
    ${queueTrigger('storedb_staff_update', `UPDATE OF ${STAFF_COLUMNS.filter((c) => c !== 'id').join(', ')}`, 'staff', 'staff', 'NEW.id')}
  `);
}

export function isCapturing(db: Db): boolean {
  return statement(db, `SELECT 1 FROM settings WHERE key = 'storedb_capture'`).get() !== undefined;
}

/**
 * Turns capture on. The first time (or after it was off), every row the till already holds is queued too, so
 * a till that joins a store, or ran a while without one, sends its whole history once.
 */
export function startCapture(db: Db, nowMs: number): number {
  return writeTransaction(db, () => {
    if (isCapturing(db)) return 0;
    statement(db, `INSERT INTO settings (key, value) VALUES ('storedb_capture', ?)`).run(String(nowMs));
    let queued = 0;
    queued += db.prepare(`INSERT INTO storedb_queue (kind, row_id, created_at) SELECT 'product', id, ? FROM products ORDER BY rowid`).run(nowMs).changes;
    queued += db.prepare(`INSERT INTO storedb_queue (kind, row_id, created_at) SELECT 'paylink', id, ? FROM paylinks ORDER BY created_at`).run(nowMs).changes;
    queued += db.prepare(`INSERT INTO storedb_queue (kind, row_id, created_at) SELECT 'event', CAST(seq AS TEXT), ? FROM paylink_events ORDER BY seq`).run(nowMs).changes;
    queued += db.prepare(`INSERT INTO storedb_queue (kind, row_id, created_at) SELECT 'delivery', id, ? FROM outbox ORDER BY seq`).run(nowMs).changes;
    return queued;
  });
}

/** Without a store database the till records nothing extra; what was queued is dropped (a later start re-sends all). */
export function stopCapture(db: Db): void {
  writeTransaction(db, () => {
    statement(db, `DELETE FROM settings WHERE key = 'storedb_capture'`).run();
    statement(db, `DELETE FROM storedb_queue`).run();
  });
}

/** Runs `write` with the triggers quiet: rows taken from the store database are not sent back to it. */
export function withoutCapture<T>(db: Db, write: () => T): T {
  return writeTransaction(db, () => {
    const saved = statement(db, `SELECT value FROM settings WHERE key = 'storedb_capture'`).get() as { value: string } | undefined;
    if (saved) statement(db, `DELETE FROM settings WHERE key = 'storedb_capture'`).run();
    try {
      return write();
    } finally {
      if (saved) statement(db, `INSERT INTO settings (key, value) VALUES ('storedb_capture', ?)`).run(saved.value);
    }
  });
}

export interface QueueEntry {
  seq: number;
  kind: QueueKind;
  row_id: string;
  created_at: number;
}

export function readQueue(db: Db, limit: number): QueueEntry[] {
  return statement(db, `SELECT seq, kind, row_id, created_at FROM storedb_queue ORDER BY seq LIMIT ?`).all(limit) as QueueEntry[];
}

/** Drops the entries the store database has committed (up to and including `maxSeq`). */
export function forgetQueued(db: Db, maxSeq: number): void {
  writeTransaction(db, () => statement(db, `DELETE FROM storedb_queue WHERE seq <= ?`).run(maxSeq));
}

export function queueStats(db: Db, nowMs: number): { pending: number; oldestAgeMs: number | null } {
  const row = statement(db, `SELECT count(*) AS n, min(created_at) AS oldest FROM storedb_queue`).get() as { n: number; oldest: number | null };
  return { pending: row.n, oldestAgeMs: row.oldest === null ? null : Math.max(0, nowMs - row.oldest) };
}

function inList(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}

/** The current state of the queued rows, read in one statement per kind. */
export function readQueuedRows(db: Db, kind: QueueKind, ids: readonly string[]): Record<string, unknown>[] {
  if (ids.length === 0) return [];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const sql =
      kind === 'paylink'
        ? `SELECT ${PAYLINK_COLUMNS.join(', ')} FROM paylinks WHERE id IN (${inList(chunk.length)})`
        : kind === 'event'
          ? `SELECT seq, paylink_id, type, at, actor, data FROM paylink_events WHERE seq IN (${inList(chunk.length)})`
          : kind === 'delivery'
            ? `SELECT id, topic, order_key, payload, status, attempts, last_error, created_at, updated_at FROM outbox WHERE id IN (${inList(chunk.length)})`
            : kind === 'staff'
              ? `SELECT ${STAFF_COLUMNS.join(', ')} FROM staff WHERE id IN (${inList(chunk.length)})`
              : `SELECT ${PRODUCT_COLUMNS.join(', ')} FROM products WHERE id IN (${inList(chunk.length)})`;
    out.push(...(db.prepare(sql).all(...(kind === 'event' ? chunk.map(Number) : chunk)) as Record<string, unknown>[]));
  }
  return out;
}
