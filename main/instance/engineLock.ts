import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteOptions } from '../store/nativeBinding';

// One engine per data folder. Two engines on one database would run two outbox workers and two command
// resolvers, and could call a provider twice for one pending command.
//
// The lock is an exclusive lock on a small SQLite file held by an open write transaction for the life of
// the process. SQLite takes it through the OS (fcntl on Linux and macOS, LockFileEx on Windows), so the OS
// drops it when the process ends however it ends — SIGKILL and power cuts included — and there is no stale
// lock to clean up. A pid file alone could not tell a live engine from a recycled pid. Node has no flock,
// and better-sqlite3 is already here. The lock lives in its own file so the database itself stays open to
// readers (backups, support tools) while PayDesk runs.

const LOCK_FILE = 'engine.lock';
const INFO_FILE = 'engine.json';

export interface EngineInfo {
  pid: number;
  started_at: string;
  url?: string;
}

export class EngineAlreadyRunningError extends Error {
  readonly running: EngineInfo | undefined;
  constructor(dataDir: string, running: EngineInfo | undefined) {
    const who = running ? `pid ${running.pid}${running.url ? `, ${running.url}` : ''}, started ${running.started_at}` : 'another process';
    super(
      `PayDesk is already running on the data folder ${dataDir} (${who}). ` +
        'Use that one, stop it first, or set PAYDESK_DATA_DIR to another folder.',
    );
    this.name = 'EngineAlreadyRunningError';
    this.running = running;
  }
}

export interface EngineLock {
  /** Records where this engine listens, so a second start can name it. */
  setUrl(url: string): void;
  release(): void;
}

function readInfo(dataDir: string): EngineInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, INFO_FILE), 'utf8')) as EngineInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Takes the data folder's engine lock or throws EngineAlreadyRunningError at once (no waiting). */
export function acquireEngineLock(dataDir: string, pid: number = process.pid, now: () => Date = () => new Date()): EngineLock {
  const db = new Database(join(dataDir, LOCK_FILE), sqliteOptions({ timeout: 0 }));
  try {
    // Rollback journal (not WAL): there BEGIN EXCLUSIVE takes the OS-level exclusive lock immediately.
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new EngineAlreadyRunningError(dataDir, readInfo(dataDir));
    throw err;
  }
  let info: EngineInfo = { pid, started_at: now().toISOString() };
  const writeInfo = () => {
    try {
      writeFileSync(join(dataDir, INFO_FILE), `${JSON.stringify(info)}\n`, { mode: 0o600 });
    } catch {
      // Only the message a second start prints depends on it; the lock itself holds regardless.
    }
  };
  writeInfo();
  let released = false;
  return {
    setUrl(url) {
      info = { ...info, url };
      writeInfo();
    },
    release() {
      if (released) return;
      released = true;
      if (readInfo(dataDir)?.pid === pid) rmSync(join(dataDir, INFO_FILE), { force: true });
      db.close();
    },
  };
}
