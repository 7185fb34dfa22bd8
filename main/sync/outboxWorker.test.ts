import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/db';
import { OUTBOX_DDL, enqueueOutboxItem, getOutboxItem, listOutbox, nextDueAt, retryDeadItem, type OutboxItem } from '../store/outbox';
import { DEFAULT_MAX_DELAY_MS, PermanentDeliveryError, createOutboxWorker, retryDelayMs, type OutboxHandler } from './outboxWorker';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-worker-'));
  db = openDatabase(join(dir, 'paydesk.sqlite'), [(d) => d.exec(OUTBOX_DDL)]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const TOPIC = 'test.deliver';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function enqueueOrders(orders: number, itemsPerOrder: number): void {
  db.transaction(() => {
    // Interleaved, as a busy till would enqueue them.
    for (let step = 0; step < itemsPerOrder; step++) {
      for (let order = 0; order < orders; order++) {
        enqueueOutboxItem(db, { id: `o${order}-s${step}`, topic: TOPIC, orderKey: `order-${order}`, payload: { order, step } }, 1_000);
      }
    }
  }).immediate();
}

function recordingHandler(log: OutboxItem[], delayMs = 0): OutboxHandler {
  return async (item) => {
    if (delayMs) await sleep(delayMs);
    log.push(item);
  };
}

describe('retryDelayMs (full-jitter exponential backoff)', () => {
  const opts = { baseDelayMs: 500, maxDelayMs: 60_000 };

  it('grows exponentially up to the cap', () => {
    const ceiling = (attempt: number) => retryDelayMs(attempt, { ...opts, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map(ceiling)).toEqual([499, 999, 1_999, 3_999, 7_999]);
    expect(ceiling(7)).toBe(31_999);
    expect(ceiling(8)).toBe(59_999);
    expect(ceiling(30)).toBe(59_999);
  });

  it('spreads retries uniformly below the ceiling (jitter)', () => {
    expect(retryDelayMs(4, { ...opts, random: () => 0 })).toBe(0);
    expect(retryDelayMs(4, { ...opts, random: () => 0.5 })).toBe(2_000);
    const samples = Array.from({ length: 200 }, () => retryDelayMs(4, { ...opts, random: Math.random }));
    expect(new Set(samples).size).toBeGreaterThan(100);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(4_000);
  });
});

describe('outbox worker', () => {
  it('delivers every item once, each order in sequence, several orders at a time', async () => {
    enqueueOrders(40, 5);
    const log: OutboxItem[] = [];
    let inFlight = 0;
    let peak = 0;
    const worker = createOutboxWorker({
      db,
      handlers: {
        [TOPIC]: async (item) => {
          peak = Math.max(peak, ++inFlight);
          await sleep(1);
          log.push(item);
          inFlight--;
        },
      },
      concurrency: 8,
      batchSize: 16,
    });
    expect(await worker.drainOnce()).toBe(200);
    expect(log).toHaveLength(200);
    expect(new Set(log.map((i) => i.id)).size).toBe(200);
    for (let order = 0; order < 40; order++) {
      expect(log.filter((i) => i.orderKey === `order-${order}`).map((i) => (i.payload as { step: number }).step)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
    expect(worker.stats()).toMatchObject({ pending: 0, dead: 0 });
  });

  it('never runs two drains at once: concurrent drainOnce calls deliver each item once', async () => {
    enqueueOrders(20, 3);
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({ db, handlers: { [TOPIC]: recordingHandler(log, 2) } });
    const results = await Promise.all([worker.drainOnce(), worker.drainOnce(), worker.drainOnce()]);
    expect(results).toEqual([60, 60, 60]);
    expect(log).toHaveLength(60);
  });

  it('backs off after a failure, then delivers when the item falls due', async () => {
    enqueueOrders(1, 2);
    let clock = 10_000;
    let failures = 1;
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({
      db,
      now: () => clock,
      random: () => 0.5,
      baseDelayMs: 1_000,
      handlers: {
        [TOPIC]: async (item) => {
          if (failures-- > 0) throw new Error('back office answered 503');
          log.push(item);
        },
      },
    });
    expect(await worker.drainOnce()).toBe(0);
    expect(getOutboxItem(db, 'o0-s0')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'back office answered 503', nextAttemptAt: 10_500 });
    clock = 10_499;
    expect(await worker.drainOnce()).toBe(0);
    clock = 10_500;
    expect(await worker.drainOnce()).toBe(2);
    expect(log.map((i) => i.id)).toEqual(['o0-s0', 'o0-s1']);
  });

  it('keeps a transient failure pending however many attempts it takes, never dead-lettering it', async () => {
    enqueueOrders(1, 2);
    let clock = 1_000;
    let backOfficeUp = false;
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({
      db,
      now: () => clock,
      random: () => 0.999,
      handlers: {
        [TOPIC]: async (item) => {
          if (!backOfficeUp) throw new Error('connect ECONNREFUSED');
          log.push(item);
        },
      },
    });
    let longestWaitMs = 0;
    for (let round = 0; round < 500; round++) {
      expect(await worker.drainOnce()).toBe(0);
      const due = nextDueAt(db) as number;
      longestWaitMs = Math.max(longestWaitMs, due - clock);
      clock = due;
    }
    expect(getOutboxItem(db, 'o0-s0')).toMatchObject({ status: 'pending', attempts: 500, lastError: 'connect ECONNREFUSED' });
    expect(worker.stats()).toMatchObject({ pending: 2, dead: 0 });
    // The cap: however long the outage, the next try is at most a few minutes away.
    expect(longestWaitMs).toBeLessThanOrEqual(DEFAULT_MAX_DELAY_MS);
    expect(longestWaitMs).toBeGreaterThan(DEFAULT_MAX_DELAY_MS * 0.99);

    backOfficeUp = true;
    expect(await worker.drainOnce()).toBe(2);
    expect(log.map((i) => i.id)).toEqual(['o0-s0', 'o0-s1']);
  });

  it('delivers a refused item once a manager retries it, and holds its order back meanwhile', async () => {
    enqueueOrders(1, 2);
    let refuse = true;
    const log: OutboxItem[] = [];
    const changes: number[] = [];
    const worker = createOutboxWorker({
      db,
      onChange: (stats) => changes.push(stats.dead),
      handlers: {
        [TOPIC]: async (item) => {
          if (refuse) throw new PermanentDeliveryError('The back office refused the request (HTTP 422): unknown payment method');
          log.push(item);
        },
      },
    });
    expect(await worker.drainOnce()).toBe(0);
    expect(getOutboxItem(db, 'o0-s0')).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringContaining('unknown payment method') });
    expect(getOutboxItem(db, 'o0-s1')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(worker.stats()).toMatchObject({ pending: 1, dead: 1 });
    expect(changes.at(-1)).toBe(1);

    refuse = false;
    retryDeadItem(db, 'o0-s0', Date.now());
    expect(await worker.drainOnce()).toBe(2);
    expect(log.map((i) => i.id)).toEqual(['o0-s0', 'o0-s1']);
  });

  it('dead-letters a permanent refusal at once, and an item whose topic has no handler', async () => {
    enqueueOutboxItem(db, { id: 'refused', topic: TOPIC, orderKey: 'order-1', payload: {} }, 1);
    enqueueOutboxItem(db, { id: 'unknown', topic: 'backoffice.invoice.print', orderKey: 'order-2', payload: {} }, 1);
    const worker = createOutboxWorker({
      db,
      handlers: {
        [TOPIC]: async () => {
          throw new PermanentDeliveryError('The back office refused the request (HTTP 400): amount must be positive');
        },
      },
    });
    await worker.drainOnce();
    expect(getOutboxItem(db, 'refused')).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringContaining('amount must be positive') });
    expect(getOutboxItem(db, 'unknown')).toMatchObject({ status: 'dead', lastError: expect.stringContaining('No handler for topic "backoffice.invoice.print"') });
  });

  it('stop() waits for the drain in flight and records its outcomes', async () => {
    enqueueOrders(4, 1);
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({ db, handlers: { [TOPIC]: recordingHandler(log, 30) } });
    const drained = worker.drainOnce();
    await sleep(5);
    await worker.stop();
    expect(log).toHaveLength(4);
    expect(listOutbox(db, { status: 'done', limit: 10 })).toHaveLength(4);
    expect(await drained).toBe(4);
  });

  it('runs on its own once started, and kick() sends new items without waiting for the poll', async () => {
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({ db, handlers: { [TOPIC]: recordingHandler(log) }, idlePollMs: 60_000 });
    worker.start();
    await sleep(20);
    enqueueOrders(3, 2);
    worker.kick();
    for (let i = 0; i < 100 && log.length < 6; i++) await sleep(5);
    await worker.stop();
    expect(log).toHaveLength(6);
  });

  it('wakes up by itself when a backed-off item falls due', async () => {
    enqueueOrders(1, 1);
    let failures = 1;
    const log: OutboxItem[] = [];
    const worker = createOutboxWorker({
      db,
      baseDelayMs: 40,
      random: () => 0.99,
      idlePollMs: 60_000,
      handlers: {
        [TOPIC]: async (item) => {
          if (failures-- > 0) throw new Error('HTTP 503');
          log.push(item);
        },
      },
    });
    worker.start();
    for (let i = 0; i < 100 && log.length === 0; i++) await sleep(5);
    await worker.stop();
    expect(log.map((i) => i.id)).toEqual(['o0-s0']);
  });
});
