import type Database from 'better-sqlite3';
import { AppError, type ErrorCode } from '../../shared/errors';
import { applyDeliveryOutcomes, claimDueItems, nextDueAt, outboxStats, type DeliveryOutcome, type OutboxItem, type OutboxStats } from '../store/outbox';

// The sync worker: drains the outbox to the outside world. One drain at a time (single-flight); orders
// are delivered concurrently but each order strictly in sequence. A transient failure (network, timeout,
// 5xx, 429) is retried for as long as it takes, backing off exponentially with full jitter up to a cap of
// a few minutes: a back office down over a weekend must need no one to press Retry. Only a permanent
// refusal goes to the dead letters a manager sees.

export type OutboxHandler = (item: OutboxItem) => Promise<void>;

/** The receiver refused the item for good (bad data, 4xx): retrying cannot help, so it is dead-lettered at once. */
export class PermanentDeliveryError extends AppError {
  constructor(message: string, details?: unknown, code: ErrorCode = 'provider_rejected') {
    super(code, message, details);
    this.name = 'PermanentDeliveryError';
  }
}

export interface OutboxWorkerOptions {
  db: Database.Database;
  handlers: Record<string, OutboxHandler>;
  now?: () => number;
  random?: () => number;
  baseDelayMs?: number;
  /** Longest wait between two attempts of one item (default 5 minutes). */
  maxDelayMs?: number;
  /** Items claimed per database read. */
  batchSize?: number;
  /** Orders delivered at once. */
  concurrency?: number;
  /** Longest sleep between drains when nothing is due, so items enqueued without kick() still go out. */
  idlePollMs?: number;
  onChange?: (stats: OutboxStats) => void;
  /** A drain failed outside any one item (e.g. the database is unavailable); the worker tries again later. */
  onError?: (err: unknown) => void;
}

export interface OutboxWorker {
  start(): void;
  /** Stops scheduling drains and waits for the one in flight to finish recording its outcomes. */
  stop(): Promise<void>;
  /** Delivers everything due now; joins the drain already running instead of starting a second one. Resolves to the number delivered. */
  drainOnce(): Promise<number>;
  /** Something was enqueued: drain now rather than at the next poll. */
  kick(): void;
  stats(): OutboxStats;
}

/** Full-jitter exponential backoff: uniform in [0, min(maxDelayMs, baseDelayMs·2^(attempt−1))). */
export function retryDelayMs(attempt: number, opts: { baseDelayMs: number; maxDelayMs: number; random: () => number }): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(opts.random() * ceiling);
}

function describeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** Backoff cap: after a long outage the back office is tried again within this long, without a click. */
export const DEFAULT_MAX_DELAY_MS = 5 * 60_000;

// Stats are a COUNT over pending rows; emitting them after every flush would cost more than the flush.
const STATS_EVERY_MS = 250;

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, handlers, onChange, onError } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const batchSize = options.batchSize ?? 200;
  const concurrency = Math.max(1, options.concurrency ?? 24);
  const idlePollMs = options.idlePollMs ?? 5_000;

  let running = false;
  let stopping = false;
  let currentDrain: Promise<number> | undefined;
  let kickedDuringDrain = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStatsAt = -Infinity;

  function emitStats(force: boolean): void {
    if (!onChange) return;
    const at = now();
    if (!force && at - lastStatsAt < STATS_EVERY_MS) return;
    lastStatsAt = at;
    onChange(outboxStats(db, at));
  }

  async function deliver(item: OutboxItem): Promise<DeliveryOutcome> {
    const handler = Object.hasOwn(handlers, item.topic) ? handlers[item.topic] : undefined;
    if (!handler) return { id: item.id, result: 'dead', error: `No handler for topic "${item.topic}"; this PayDesk version cannot send it. Discard it or update PayDesk.` };
    try {
      await handler(item);
      return { id: item.id, result: 'delivered' };
    } catch (err) {
      const attempt = item.attempts + 1;
      const error = describeFailure(err);
      if (err instanceof PermanentDeliveryError) return { id: item.id, result: 'dead', error };
      return { id: item.id, result: 'retry', error, nextAttemptAt: now() + retryDelayMs(attempt, { baseDelayMs, maxDelayMs, random }) };
    }
  }

  /**
   * A pipeline rather than lock-step rounds, so one slow call holds back only its own order.
   * Outcomes are flushed (one transaction) before every claim: a delivered item must be recorded
   * before its order's next item can be claimed.
   */
  async function runDrain(): Promise<number> {
    const inFlight = new Map<string, Promise<void>>();
    let queued: OutboxItem[] = [];
    let outcomes: DeliveryOutcome[] = [];
    let delivered = 0;
    let changed = false;

    const flush = (): void => {
      if (outcomes.length === 0) return;
      applyDeliveryOutcomes(db, outcomes, now());
      delivered += outcomes.filter((o) => o.result === 'delivered').length;
      outcomes = [];
      changed = true;
      emitStats(false);
    };

    try {
      for (;;) {
        if (!stopping && queued.length === 0 && inFlight.size < concurrency) {
          flush();
          queued = claimDueItems(db, now(), batchSize).filter((item) => !inFlight.has(item.orderKey));
        }
        while (!stopping && queued.length > 0 && inFlight.size < concurrency) {
          const item = queued.shift() as OutboxItem;
          const task = deliver(item).then((outcome) => {
            outcomes.push(outcome);
            inFlight.delete(item.orderKey);
          });
          inFlight.set(item.orderKey, task);
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight.values());
      }
    } finally {
      // Runs on stop and on a database error alike; in-flight work always settles (deliver never rejects).
      await Promise.all(inFlight.values());
      flush();
      if (changed) emitStats(true);
    }
    return delivered;
  }

  function drainOnce(): Promise<number> {
    if (currentDrain) return currentDrain;
    currentDrain = runDrain().finally(() => {
      currentDrain = undefined;
    });
    return currentDrain;
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, delayMs));
  }

  function tick(): void {
    timer = undefined;
    kickedDuringDrain = false;
    drainOnce()
      .catch((err: unknown) => onError?.(err))
      .then(() => {
        if (!running) return;
        if (kickedDuringDrain) return schedule(0);
        let due: number | undefined;
        try {
          due = nextDueAt(db);
        } catch (err) {
          onError?.(err);
        }
        schedule(due === undefined ? idlePollMs : Math.min(idlePollMs, due - now()));
      });
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!currentDrain) return;
      stopping = true;
      try {
        await currentDrain.catch(() => undefined);
      } finally {
        stopping = false;
      }
    },
    drainOnce,
    kick() {
      if (!running) return;
      if (currentDrain) kickedDuringDrain = true;
      else schedule(0);
    },
    stats: () => outboxStats(db, now()),
  };
}
