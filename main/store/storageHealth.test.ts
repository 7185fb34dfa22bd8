import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db';
import { createStorageHealth, type StorageStatus } from './storageHealth';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDb(): { dir: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-health-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'paydesk.db'));
  dbs.push(db);
  return { dir, db };
}

describe('storage health', () => {
  it('counts the disk as full below the free-space floor, and reports each change once', () => {
    const { dir, db } = tempDb();
    const changes: StorageStatus[] = [];
    const health = createStorageHealth({ db, dataDir: dir, now: Date.now, minFreeBytes: Number.MAX_SAFE_INTEGER, onChange: (s) => changes.push(s) });
    expect(health.check()).toMatchObject({ state: 'full', free_bytes: expect.any(Number) });
    expect(() => health.assertWritable()).toThrow(expect.objectContaining({ code: 'storage_full' }));
    expect(changes.map((c) => c.state)).toEqual(['full']);
    const roomy = createStorageHealth({ db, dataDir: dir, now: Date.now, minFreeBytes: 1 });
    expect(roomy.check().state).toBe('ok');
    expect(() => roomy.assertWritable()).not.toThrow();
  });

  it('remembers a failed write until a test write works again, trying at most once a second', () => {
    const { db } = tempDb();
    let clock = 1_000;
    const health = createStorageHealth({ db, now: () => clock });
    expect(health.noteFailure(new Error('not a disk problem'))).toBeUndefined();
    const answer = health.noteFailure(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }));
    expect(answer).toMatchObject({ code: 'storage_unavailable' });
    db.pragma('query_only = ON');
    clock += 1_000;
    expect(health.check().state).toBe('unavailable'); // the test write failed too
    db.pragma('query_only = OFF');
    clock += 500;
    expect(health.check().state).toBe('unavailable'); // not tried again yet
    clock += 500;
    expect(health.check().state).toBe('ok');
  });

  it('reuses a look at a roomy disk for a quarter of a second, and looks every time near the floor or after a failure', () => {
    const { dir, db } = tempDb();
    let clock = 10_000;
    let free = 1024 * 1024 * 1024;
    let looks = 0;
    const readFreeBytes = () => (looks++, free);
    const health = createStorageHealth({ db, dataDir: dir, now: () => clock, minFreeBytes: 8 * 1024 * 1024, readFreeBytes });
    expect(health.check().state).toBe('ok');
    clock += 100;
    health.assertWritable();
    expect(looks).toBe(1);
    clock += 200; // 300 ms after the look: look again
    // The disk filled meanwhile: the new look sees it, and from now on every call looks.
    free = 20 * 1024 * 1024;
    expect(health.check().state).toBe('ok');
    expect(looks).toBe(2);
    clock += 10;
    health.check();
    clock += 10;
    free = 1024;
    expect(() => health.assertWritable()).toThrow(expect.objectContaining({ code: 'storage_full' }));
    expect(looks).toBe(4);
    // Room again: recovered at the next call, no restart.
    free = 1024 * 1024 * 1024;
    clock += 10;
    expect(health.check().state).toBe('ok');
    // A failed write ends any reuse at once.
    health.noteFailure(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    clock += 10;
    expect(health.check().state).toBe('full');
    expect(looks).toBe(7);
  });

  it('sees a read-only file system under the data folder before any write is tried', (ctx) => {
    const { dir, db } = tempDb();
    const view = join(dir, 'view');
    const disk = join(dir, 'disk');
    mkdirSync(view);
    mkdirSync(disk);
    try {
      execFileSync('mount', ['--bind', disk, view], { stdio: 'pipe' });
      execFileSync('mount', ['-o', 'remount,ro,bind', view], { stdio: 'pipe' });
    } catch (err) {
      return ctx.skip(`bind mounts are not permitted here (${(err as Error).message.split('\n')[0]})`);
    }
    try {
      const health = createStorageHealth({ db, dataDir: view, now: Date.now, minFreeBytes: 1 });
      expect(health.check().state).toBe('unavailable');
      expect(() => health.assertWritable()).toThrow(expect.objectContaining({ code: 'storage_unavailable' }));
      execFileSync('mount', ['-o', 'remount,rw,bind', view], { stdio: 'pipe' });
      expect(health.check().state).toBe('ok');
    } finally {
      execFileSync('umount', ['-l', view], { stdio: 'pipe' });
    }
  });
});
