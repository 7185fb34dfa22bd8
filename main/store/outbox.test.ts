import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db';
import {
  CLAIM_DUE_ITEMS_SQL,
  OUTBOX_DDL,
  applyDeliveryOutcomes,
  claimDueItems,
  discardItem,
  enqueueOutboxItem,
  getOutboxItem,
  listOutbox,
  markDead,
  markDelivered,
  markFailed,
  nextDueAt,
  outboxStats,
  releaseBackedOffItems,
  retryDeadItem,
} from './outbox';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-outbox-'));
  // A real durable file with only the outbox table, independent of the rest of the schema.
  db = openDatabase(join(dir, 'paydesk.sqlite'), [(d) => d.exec(OUTBOX_DDL)]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function enqueue(id: string, orderKey: string, nowMs = 1_000, topic = 'backoffice.payment.create'): void {
  enqueueOutboxItem(db, { id, topic, orderKey, payload: { id, orderId: orderKey } }, nowMs);
}

describe('outbox queries', () => {
  it('opens the database durably (WAL, synchronous=FULL)', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('queues an item only when the caller’s transaction commits', () => {
    const failingSale = db.transaction(() => {
      enqueue('a', 'order-1');
      throw new Error('sale failed');
    });
    expect(() => failingSale()).toThrow('sale failed');
    expect(getOutboxItem(db, 'a')).toBeUndefined();

    db.transaction(() => enqueue('a', 'order-1')).immediate();
    expect(getOutboxItem(db, 'a')).toMatchObject({ id: 'a', orderKey: 'order-1', status: 'pending', attempts: 0, nextAttemptAt: 1_000, payload: { id: 'a', orderId: 'order-1' } });
  });

  it('ignores a second enqueue of the same id', () => {
    expect(enqueueOutboxItem(db, { id: 'a', topic: 't', orderKey: 'o', payload: { v: 1 } }, 1)).toBe(true);
    expect(enqueueOutboxItem(db, { id: 'a', topic: 't', orderKey: 'o', payload: { v: 2 } }, 2)).toBe(false);
    expect(getOutboxItem(db, 'a')?.payload).toEqual({ v: 1 });
  });

  it('claims only the oldest undelivered item of each order, and only when due', () => {
    enqueue('o1-a', 'order-1');
    enqueue('o1-b', 'order-1');
    enqueue('o2-a', 'order-2');
    enqueue('o3-a', 'order-3', 5_000);
    expect(claimDueItems(db, 1_000, 10).map((i) => i.id)).toEqual(['o1-a', 'o2-a']);
    expect(claimDueItems(db, 1_000, 1)).toHaveLength(1);
    expect(claimDueItems(db, 5_000, 10).map((i) => i.id)).toEqual(['o1-a', 'o2-a', 'o3-a']);

    markDelivered(db, 'o1-a', 2_000);
    expect(claimDueItems(db, 2_000, 10).map((i) => i.id)).toEqual(['o1-b', 'o2-a']);
  });

  it('holds an order back while its earlier item waits for a retry or is dead, until it is discarded', () => {
    enqueue('o1-a', 'order-1');
    enqueue('o1-b', 'order-1');
    markFailed(db, 'o1-a', 'HTTP 503', 3_000, 1_500);
    expect(claimDueItems(db, 2_000, 10)).toEqual([]);
    expect(nextDueAt(db)).toBe(3_000);

    markDead(db, 'o1-a', 'HTTP 400', 3_000);
    expect(claimDueItems(db, 4_000, 10)).toEqual([]);
    expect(nextDueAt(db)).toBeUndefined();

    discardItem(db, 'o1-a', 'entered twice by mistake', 5_000);
    expect(getOutboxItem(db, 'o1-a')).toMatchObject({ status: 'discarded', discardReason: 'entered twice by mistake' });
    expect(claimDueItems(db, 5_000, 10).map((i) => i.id)).toEqual(['o1-b']);
  });

  it('records attempts, errors and the next attempt time', () => {
    enqueue('a', 'order-1');
    markFailed(db, 'a', 'connection reset', 9_000, 2_000);
    expect(getOutboxItem(db, 'a')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection reset', nextAttemptAt: 9_000, updatedAt: 2_000 });
    markDelivered(db, 'a', 9_500);
    expect(getOutboxItem(db, 'a')).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    markFailed(db, 'a', 'late failure', 10_000, 10_000);
    expect(getOutboxItem(db, 'a')?.status).toBe('done');
  });

  it('applies a batch of outcomes in one transaction', () => {
    for (const id of ['a', 'b', 'c']) enqueue(id, `order-${id}`);
    applyDeliveryOutcomes(
      db,
      [
        { id: 'a', result: 'delivered' },
        { id: 'b', result: 'retry', error: 'HTTP 503', nextAttemptAt: 4_000 },
        { id: 'c', result: 'dead', error: 'HTTP 422' },
      ],
      3_000,
    );
    expect(['a', 'b', 'c'].map((id) => getOutboxItem(db, id)?.status)).toEqual(['done', 'pending', 'dead']);
  });

  it('lets a manager retry a dead item with a fresh set of attempts', () => {
    enqueue('a', 'order-1');
    markFailed(db, 'a', 'HTTP 503', 2_000, 1_000);
    markDead(db, 'a', 'gave up', 2_000);
    retryDeadItem(db, 'a', 7_000);
    expect(getOutboxItem(db, 'a')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 7_000, lastError: 'gave up' });
    expect(claimDueItems(db, 7_000, 10).map((i) => i.id)).toEqual(['a']);
  });

  it('refuses to retry or discard what is not there or not in a state that allows it', () => {
    enqueue('a', 'order-1');
    expect(() => retryDeadItem(db, 'a', 1)).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(() => retryDeadItem(db, 'missing', 1)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => discardItem(db, 'a', '   ', 1)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    markDelivered(db, 'a', 2);
    expect(() => discardItem(db, 'a', 'no longer needed', 3)).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });

  it('reports what the queue owes: pending, dead, oldest age and last error', () => {
    expect(outboxStats(db, 10_000)).toEqual({ pending: 0, dead: 0, oldestPendingAgeMs: 0, lastError: null });
    enqueue('a', 'order-1', 1_000);
    enqueue('b', 'order-2', 2_000);
    enqueue('c', 'order-3', 3_000);
    markDelivered(db, 'a', 4_000);
    markFailed(db, 'b', 'HTTP 503 from the back office', 9_000, 5_000);
    markDead(db, 'c', 'HTTP 400: amount must be positive', 6_000);
    expect(outboxStats(db, 10_000)).toEqual({ pending: 1, dead: 1, oldestPendingAgeMs: 8_000, lastError: 'HTTP 400: amount must be positive' });
  });

  it('lists items newest first, by status, page by page', () => {
    for (let i = 1; i <= 5; i++) enqueue(`item-${i}`, `order-${i}`, i);
    markDead(db, 'item-2', 'x', 10);
    expect(listOutbox(db, { limit: 2 }).map((i) => i.id)).toEqual(['item-5', 'item-4']);
    const firstPage = listOutbox(db, { limit: 2 });
    expect(listOutbox(db, { limit: 2, beforeSeq: firstPage[1]?.seq }).map((i) => i.id)).toEqual(['item-3', 'item-2']);
    expect(listOutbox(db, { status: 'dead', limit: 10 }).map((i) => i.id)).toEqual(['item-2']);
  });

  it('finds due items through the indexes, without sorting the table', () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${CLAIM_DUE_ITEMS_SQL}`).all(0, 10) as Array<{ detail: string }>;
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toContain('USING INDEX outbox_due');
    expect(details).toContain('USING INDEX outbox_order');
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('releaseBackedOffItems', () => {
  it('makes items waiting out a backoff due now, and leaves dead and delivered ones alone', () => {
    enqueue('a', 'order-1');
    enqueue('b', 'order-2');
    enqueue('c', 'order-3');
    markFailed(db, 'a', 'HTTP 503', 60_000, 2_000);
    markDead(db, 'b', 'HTTP 400', 2_000);
    markDelivered(db, 'c', 2_000);
    expect(claimDueItems(db, 3_000, 10).map((i) => i.id)).toEqual([]);
    expect(releaseBackedOffItems(db, 3_000)).toBe(1);
    expect(claimDueItems(db, 3_000, 10).map((i) => i.id)).toEqual(['a']);
    expect(getOutboxItem(db, 'b')?.status).toBe('dead');
  });
});
