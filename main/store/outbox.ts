import { statement, type Db, writeTransaction } from './db';
import { AppError } from '../../shared/errors';

// Transactional outbox: a state change and the messages it owes the outside world commit together;
// the sync worker delivers them later, oldest first per order, and records how each attempt went.


/** Executed by the schema migration; tests run it on a fresh database. */
export const OUTBOX_DDL = `
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,              -- client-generated UUID; also the idempotency key sent downstream
  topic TEXT NOT NULL,                  -- e.g. 'backoffice.payment.create'
  order_key TEXT NOT NULL,              -- items sharing an order_key are delivered strictly in seq order
  payload TEXT NOT NULL,                -- JSON
  status TEXT NOT NULL CHECK (status IN ('pending','done','dead','discarded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,     -- epoch ms
  last_error TEXT,
  discard_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_order ON outbox(order_key, seq);
`;

export type OutboxStatus = 'pending' | 'done' | 'dead' | 'discarded';

export interface OutboxItem {
  seq: number;
  /** Client-generated UUID, also the idempotency key sent downstream. */
  id: string;
  topic: string;
  /** Items sharing an order key are delivered strictly in `seq` order. */
  orderKey: string;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  discardReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewOutboxItem {
  id: string;
  topic: string;
  orderKey: string;
  payload: unknown;
}

export interface OutboxStats {
  pending: number;
  dead: number;
  /** Age of the oldest undelivered item, or 0 when nothing waits. */
  oldestPendingAgeMs: number;
  lastError: string | null;
}

/** What one delivery attempt came to; the worker applies a batch of these in one transaction. */
export type DeliveryOutcome =
  | { id: string; result: 'delivered' }
  | { id: string; result: 'retry'; error: string; nextAttemptAt: number }
  | { id: string; result: 'dead'; error: string };

interface OutboxRow {
  seq: number;
  id: string;
  topic: string;
  order_key: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  discard_reason: string | null;
  created_at: number;
  updated_at: number;
}

// better-sqlite3 compiles SQL on every prepare(); the worker runs these thousands of times a second.

function toItem(row: OutboxRow): OutboxItem {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    // Kept as text so the worker can dead-letter it with a clear reason instead of crashing the drain.
    payload = row.payload;
  }
  return {
    seq: row.seq,
    id: row.id,
    topic: row.topic,
    orderKey: row.order_key,
    payload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    discardReason: row.discard_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Queues a message. Call it inside the transaction that makes the state change it reports, so both
 * commit or neither does; it opens no transaction of its own. Returns false when that id is already queued.
 */
export function enqueueOutboxItem(db: Db, item: NewOutboxItem, nowMs: number): boolean {
  const info = statement(
    db,
    `INSERT INTO outbox (id, topic, order_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  ).run(item.id, item.topic, item.orderKey, JSON.stringify(item.payload), nowMs, nowMs, nowMs);
  return info.changes === 1;
}

/**
 * Items to deliver now: for each order only its oldest undelivered item, so a later item waits while
 * an earlier one is pending or dead (a discarded item no longer holds its order back).
 */
export function claimDueItems(db: Db, nowMs: number, limit: number): OutboxItem[] {
  const rows = statement(db, CLAIM_DUE_ITEMS_SQL).all(nowMs, limit) as OutboxRow[];
  return rows.map(toItem);
}

/** Exported for the query-plan test: the worker runs it on every refill, so it must stay on the indexes. */
export const CLAIM_DUE_ITEMS_SQL = `
  SELECT o.* FROM outbox o
  WHERE o.status = 'pending' AND o.next_attempt_at <= ?
    AND NOT EXISTS (
      SELECT 1 FROM outbox earlier
      WHERE earlier.order_key = o.order_key AND earlier.seq < o.seq AND earlier.status IN ('pending', 'dead'))
  ORDER BY o.next_attempt_at
  LIMIT ?`;

/** When the next claimable item falls due (epoch ms), or undefined when nothing can be delivered. */
export function nextDueAt(db: Db): number | undefined {
  const row = statement(
    db,
    `SELECT MIN(o.next_attempt_at) AS due FROM outbox o
     WHERE o.status = 'pending'
       AND NOT EXISTS (
         SELECT 1 FROM outbox earlier
         WHERE earlier.order_key = o.order_key AND earlier.seq < o.seq AND earlier.status IN ('pending', 'dead'))`,
  ).get() as { due: number | null };
  return row.due ?? undefined;
}

// Each single UPDATE below is atomic on its own; the worker batches many inside applyDeliveryOutcomes.

/** Delivered. Also applies to an item a manager discarded while it was in flight: it did reach the back office. */
export function markDelivered(db: Db, id: string, nowMs: number): void {
  statement(db, `UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ? AND status <> 'done'`).run(nowMs, id);
}

export function markFailed(db: Db, id: string, error: string, nextAttemptAt: number, nowMs: number): void {
  statement(db, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(error, nextAttemptAt, nowMs, id);
}

export function markDead(db: Db, id: string, error: string, nowMs: number): void {
  statement(db, `UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(error, nowMs, id);
}

/** Records a round of delivery attempts in one transaction (one fsync instead of one per item). */
export function applyDeliveryOutcomes(db: Db, outcomes: readonly DeliveryOutcome[], nowMs: number): void {
  if (outcomes.length === 0) return;
  writeTransaction(db, () => {
    for (const outcome of outcomes) {
      if (outcome.result === 'delivered') markDelivered(db, outcome.id, nowMs);
      else if (outcome.result === 'retry') markFailed(db, outcome.id, outcome.error, outcome.nextAttemptAt, nowMs);
      else markDead(db, outcome.id, outcome.error, nowMs);
    }
  });
}

export function getOutboxItem(db: Db, id: string): OutboxItem | undefined {
  const row = statement(db, `SELECT * FROM outbox WHERE id = ?`).get(id) as OutboxRow | undefined;
  return row && toItem(row);
}

function requireItemIn(db: Db, id: string, allowed: readonly OutboxStatus[], action: string): void {
  const item = getOutboxItem(db, id);
  if (!item) throw new AppError('not_found', `No sync queue item ${id}. Refresh the queue and try again.`);
  if (!allowed.includes(item.status)) {
    throw new AppError('illegal_transition', `Sync queue item ${id} is ${item.status}; only ${allowed.join(' or ')} items can be ${action}.`, { status: item.status });
  }
}

/** A manager sends a dead-lettered item again: it gets a fresh set of attempts, due now. */
export function retryDeadItem(db: Db, id: string, nowMs: number): void {
  writeTransaction(db, () => {
    requireItemIn(db, id, ['dead'], 'retried');
    statement(db, `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ?`).run(nowMs, nowMs, id);
  });
}

/** A manager gives up on an item (it will never be sent); later items of its order are released. */
export function discardItem(db: Db, id: string, reason: string, nowMs: number): void {
  const trimmed = reason.trim();
  if (!trimmed) throw new AppError('validation_failed', 'Say why this item is discarded; the reason is kept for the audit trail.');
  writeTransaction(db, () => {
    requireItemIn(db, id, ['pending', 'dead'], 'discarded');
    statement(db, `UPDATE outbox SET status = 'discarded', discard_reason = ?, updated_at = ? WHERE id = ?`).run(trimmed.slice(0, 500), nowMs, id);
  });
}

export function outboxStats(db: Db, nowMs: number): OutboxStats {
  const counts = statement(db, `SELECT status, COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'dead') GROUP BY status`).all() as Array<{ status: OutboxStatus; n: number }>;
  // MIN(seq) is answered from the status index alone; created_at grows with seq.
  const oldest = statement(db, `SELECT created_at FROM outbox WHERE seq = (SELECT MIN(seq) FROM outbox WHERE status = 'pending')`).get() as { created_at: number } | undefined;
  const failing = statement(db, `SELECT last_error FROM outbox WHERE status IN ('pending', 'dead') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1`).get() as { last_error: string } | undefined;
  return {
    pending: counts.find((c) => c.status === 'pending')?.n ?? 0,
    dead: counts.find((c) => c.status === 'dead')?.n ?? 0,
    oldestPendingAgeMs: oldest ? Math.max(0, nowMs - oldest.created_at) : 0,
    lastError: failing?.last_error ?? null,
  };
}

/** Newest first; `beforeSeq` pages back through older items. */
export function listOutbox(db: Db, args: { status?: OutboxStatus; limit: number; beforeSeq?: number }): OutboxItem[] {
  const limit = Math.min(Math.max(Math.trunc(args.limit), 1), 1000);
  const beforeSeq = args.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const rows = args.status
    ? (statement(db, `SELECT * FROM outbox WHERE status = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).all(args.status, beforeSeq, limit) as OutboxRow[])
    : (statement(db, `SELECT * FROM outbox WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(beforeSeq, limit) as OutboxRow[]);
  return rows.map(toItem);
}

/** Makes every pending item that is waiting out a backoff due now (the receiver is reachable again). */
export function releaseBackedOffItems(db: Db, nowMs: number): number {
  return statement(db, `UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?`).run(nowMs, nowMs).changes;
}
