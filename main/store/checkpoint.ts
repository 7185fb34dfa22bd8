import { performance } from 'node:perf_hooks';
import type { Db } from './db';

// A commit that crosses the WAL's checkpoint threshold copies the WAL into the database file before it
// returns: the sale that happens to cross it waits for the copy and an fsync. While the till is idle
// nobody waits, so the background tick checkpoints then, and a sale seldom finds a full WAL.

export interface CheckpointResult {
  /** WAL frames written since the WAL last started over. */
  log: number;
  /** Of those, frames now in the database file. */
  checkpointed: number;
}

export interface IdleCheckpointerOptions {
  /** The event loop's utilization since the last tick (0..1); performance.eventLoopUtilization by default. */
  utilization?: () => number;
  /** At or below this the till counts as idle. */
  idleBelow?: number;
}

export function createIdleCheckpointer(db: Db, opts: IdleCheckpointerOptions = {}) {
  const idleBelow = opts.idleBelow ?? 0.05;
  let since = performance.eventLoopUtilization();
  const utilization =
    opts.utilization ??
    (() => {
      const now = performance.eventLoopUtilization();
      const window = performance.eventLoopUtilization(now, since);
      since = now;
      return window.utilization;
    });
  return {
    /** Checkpoints (PASSIVE: never waits for a reader or writer) if the loop was idle since the last call; null if not. */
    tick(): CheckpointResult | null {
      if (utilization() > idleBelow) return null;
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      return row ? { log: row.log, checkpointed: row.checkpointed } : null;
    },
  };
}
