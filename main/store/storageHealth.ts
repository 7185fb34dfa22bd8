import { accessSync, constants, statfsSync } from 'node:fs';
import { AppError, STORAGE_MESSAGES, storageErrorCodeOf } from '../../shared/errors';
import type { Db } from './db';
import { putSetting } from './settings';

// Whether PayDesk can record what it does. A money call whose outcome cannot be written down leaves a
// payment PayDesk does not know about (a link texted to the customer, a capture not on the till), so every
// provider call that moves money asks first and is refused with storage_full / storage_unavailable while
// the disk cannot take it. Recovery needs no restart: the next check that finds room (or a write that
// works again) clears the state.

export type StorageState = 'ok' | 'full' | 'unavailable';

export interface StorageStatus {
  state: StorageState;
  /** Free bytes in the data folder's file system, when known. */
  free_bytes: number | null;
}

export interface StorageHealthOptions {
  db: Db;
  /** The data folder; without it only failed writes are noticed (in-memory tests). */
  dataDir?: string;
  now: () => number;
  /** Below this much free space the disk counts as full: SQLite needs room for its journal before a commit. */
  minFreeBytes?: number;
  onChange?: (status: StorageStatus) => void;
  /** Free bytes of the data folder's file system; statfs by default (tests count the looks). */
  readFreeBytes?: (dir: string) => number;
}

export const DEFAULT_MIN_FREE_BYTES = 8 * 1024 * 1024;
/** While a write has failed, a small durable write is tried at most this often to see whether it works again. */
const PROBE_EVERY_MS = 1_000;
/**
 * With this many times the floor free, a look at the disk stands for this long. Each money call asked the
 * disk twice (statfs, access), about 10 µs of a create between its network waits; no till writes the
 * difference in a quarter of a second, and a disk that fills faster still fails the write that records the
 * call, before the provider is called. Near the floor, or after a failed write, every call looks again.
 */
const ROOMY_FACTOR = 8;
const LOOK_REUSE_MS = 250;

export interface StorageHealth {
  /** Looks at the disk now (two cheap system calls; a probe write only after a failure). */
  check(): StorageStatus;
  /** Throws storage_full / storage_unavailable unless a write can be recorded now. */
  assertWritable(): void;
  /** A write failed: when the disk is the cause, remembers it and returns the error to answer with. */
  noteFailure(err: unknown): AppError | undefined;
}

export function createStorageHealth(opts: StorageHealthOptions): StorageHealth {
  const minFreeBytes = opts.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  const readFreeBytes =
    opts.readFreeBytes ??
    ((dir: string) => {
      const fs = statfsSync(dir);
      return Number(fs.bavail) * Number(fs.bsize);
    });
  let failed: 'storage_full' | 'storage_unavailable' | undefined;
  let lastProbeAt = -Infinity;
  let last: StorageState = 'ok';
  /** The last look that found plenty of room and a writable folder, while it may stand in for a new one. */
  let roomy: { at: number; status: StorageStatus } | undefined;

  function freeBytes(): number | null {
    if (!opts.dataDir) return null;
    try {
      return readFreeBytes(opts.dataDir);
    } catch {
      return null;
    }
  }

  function folderWritable(): boolean {
    if (!opts.dataDir) return true;
    try {
      accessSync(opts.dataDir, constants.W_OK);
      return true;
    } catch (err) {
      // Only a read-only file system says so here; a missing folder is left to the write that needs it.
      return (err as { code?: string }).code !== 'EROFS' && (err as { code?: string }).code !== 'EACCES';
    }
  }

  function probe(): void {
    const at = opts.now();
    if (at - lastProbeAt < PROBE_EVERY_MS) return;
    lastProbeAt = at;
    try {
      putSetting(opts.db, 'storage_probe', String(at));
      failed = undefined;
    } catch (err) {
      failed = storageErrorCodeOf(err) ?? failed;
    }
  }

  function report(state: StorageState, free: number | null): StorageStatus {
    const status = { state, free_bytes: free };
    if (state !== last) {
      last = state;
      opts.onChange?.(status);
    }
    return status;
  }

  function check(): StorageStatus {
    const at = opts.now();
    if (roomy && !failed && at - roomy.at < LOOK_REUSE_MS) return roomy.status;
    roomy = undefined;
    const free = freeBytes();
    if (free !== null && free < minFreeBytes) return report('full', free);
    if (!folderWritable()) return report('unavailable', free);
    if (failed) probe();
    const status = report(failed === 'storage_full' ? 'full' : failed ? 'unavailable' : 'ok', free);
    if (status.state === 'ok' && free !== null && free >= ROOMY_FACTOR * minFreeBytes) roomy = { at, status };
    return status;
  }

  return {
    check,
    assertWritable() {
      const { state, free_bytes } = check();
      if (state === 'full') throw new AppError('storage_full', STORAGE_MESSAGES.storage_full, free_bytes === null ? undefined : { free_bytes, needed_bytes: minFreeBytes });
      if (state === 'unavailable') throw new AppError('storage_unavailable', STORAGE_MESSAGES.storage_unavailable);
    },
    noteFailure(err) {
      const code = storageErrorCodeOf(err);
      if (!code) return undefined;
      failed = code;
      roomy = undefined;
      lastProbeAt = opts.now();
      report(code === 'storage_full' ? 'full' : 'unavailable', freeBytes());
      return new AppError(code, STORAGE_MESSAGES[code]);
    },
  };
}
