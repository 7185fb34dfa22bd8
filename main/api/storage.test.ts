import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorShape } from '../../shared/errors';
import { startTestPayDesk } from '../testing/payDesk';

// A full or read-only data disk: creates and captures are refused with a storage error before the provider
// is called, the header's status says so, and the next sale after the disk recovers works without a restart.
// The data folder is a small tmpfs of its own (needs root to mount; skipped with the reason otherwise).

type Mount = { dir: string; umount(): void };

function mountTmpfs(sizeMb: number): Mount | string {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return `mounting a tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
  }
  return {
    dir,
    umount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const freeBytes = (dir: string) => Number(statfsSync(dir).bavail) * Number(statfsSync(dir).bsize);

/** Fills the disk until only `leaveBytes` are free (0: until the file system refuses). */
function fill(dir: string, name: string, leaveBytes: number): void {
  const file = join(dir, name);
  writeFileSync(file, '');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) {
      const room = freeBytes(dir) - leaveBytes;
      if (room <= 0) return;
      appendFileSync(file, room >= chunk.length ? chunk : chunk.subarray(0, room));
    }
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOSPC') throw err;
  }
}

describe('a real SQLite write on a full disk', () => {
  it('fails with SQLITE_FULL, which PayDesk answers as storage_full, not as an internal error', (ctx) => {
    const disk = mountTmpfs(1);
    if (typeof disk === 'string') return ctx.skip(disk);
    try {
      const db = new Database(join(disk.dir, 'full.db'));
      db.exec('CREATE TABLE t (b BLOB)');
      let thrown: unknown;
      try {
        for (let i = 0; i < 1_000; i++) db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
      } catch (err) {
        thrown = err;
      }
      db.close();
      expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
      expect(toErrorShape(thrown)).toMatchObject({ code: 'storage_full', message: expect.stringContaining('disk') });
    } finally {
      disk.umount();
    }
  });
});

describe('PayDesk on a data disk that fills up or turns read-only', () => {
  let disk: Mount | string;
  let pd: Awaited<ReturnType<typeof startTestPayDesk>> | undefined;

  beforeAll(async () => {
    disk = mountTmpfs(48);
    if (typeof disk !== 'string') pd = await startTestPayDesk({ dataDir: disk.dir });
  });
  afterAll(async () => {
    await pd?.close();
    if (typeof disk !== 'string') disk.umount();
  });

  const sale = (order: string) => ({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: order, amount: '120.00', currency: 'SAR', buyer_phone: '0500000001' });
  const ledgerSize = async () => ((await (await fetch(`${pd!.url}/sandbox/_control/ledger`)).json()) as { entries: unknown[] }).entries.length;
  async function approvedPaylink(order: string): Promise<string> {
    const created = await pd!.api('POST', '/api/v1/providers/paylinks', { body: sale(order) });
    expect(created.status, created.text).toBe(201);
    await fetch(`${pd!.url}/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`, { method: 'POST' });
    expect((await pd!.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}`)).body.status).toBe('authorized');
    return created.body.paylink_id as string;
  }

  it('refuses creates and captures with storage_full before the provider is called, and recovers by itself', async (ctx) => {
    if (typeof disk === 'string') return ctx.skip(disk);
    const waiting = await approvedPaylink('DISK-1');
    expect(pd!.engine.sync.status().storage).toBe('ok');

    fill(disk.dir, 'filler', 2 * 1024 * 1024);
    const before = await ledgerSize();
    const create = await pd!.api('POST', '/api/v1/providers/paylinks', { body: sale('DISK-2') });
    expect(create.status).toBe(503);
    expect(create.body).toMatchObject({ success: false, error: { code: 'storage_full' }, request_id: expect.any(String) });
    const capture = await pd!.api('POST', `/api/v1/providers/paylinks/${waiting}/capture`, { body: {} });
    expect(capture.status).toBe(503);
    expect(capture.body.error.code).toBe('storage_full');
    expect(await ledgerSize()).toBe(before); // the provider saw neither call
    expect(pd!.engine.sync.status().storage).toBe('full');

    // Completely full: whatever still tries to write answers a storage error, never a 500.
    fill(disk.dir, 'filler-2', 0);
    const signIn = await pd!.api('POST', '/api/v1/auth/sessions', { body: { pin: '1111' }, token: null });
    expect([201, 503]).toContain(signIn.status);
    if (signIn.status === 503) expect(signIn.body.error.code).toBe('storage_full');
    expect(await ledgerSize()).toBe(before);

    // Room again: the same engine carries on, no restart.
    rmSync(join(disk.dir, 'filler'));
    rmSync(join(disk.dir, 'filler-2'));
    const retried = await pd!.api('POST', `/api/v1/providers/paylinks/${waiting}/capture`, { body: {} });
    expect(retried.status, retried.text).toBe(200);
    const next = await pd!.api('POST', '/api/v1/providers/paylinks', { body: sale('DISK-3') });
    expect(next.status, next.text).toBe(201);
    expect(pd!.engine.sync.status().storage).toBe('ok');
    const entries = ((await (await fetch(`${pd!.url}/sandbox/_control/ledger`)).json()) as { entries: Array<{ op: string; session_id?: string }> }).entries.slice(before);
    expect(entries.map((e) => e.op)).toEqual(['capture', 'create']);
  });

  it('refuses them with storage_unavailable once the database turns read-only, and recovers by itself', async (ctx) => {
    if (typeof disk === 'string') return ctx.skip(disk);
    const waiting = await approvedPaylink('RO-1');
    const other = await approvedPaylink('RO-2');
    const before = await ledgerSize();
    // The engine's own connection refuses writes from here on, as a database on a read-only disk does (SQLITE_READONLY).
    pd!.db.pragma('query_only = ON');
    try {
      const capture = await pd!.api('POST', `/api/v1/providers/paylinks/${waiting}/capture`, { body: {} });
      expect(capture.status).toBe(503);
      expect(capture.body.error).toMatchObject({ code: 'storage_unavailable', message: expect.stringContaining('nothing was sent to the provider') });
      expect(pd!.engine.sync.status().storage).toBe('unavailable');
      // Known now: the next ones are refused before anything is tried.
      const create = await pd!.api('POST', '/api/v1/providers/paylinks', { body: sale('RO-3') });
      expect(create.status).toBe(503);
      expect(create.body.error.code).toBe('storage_unavailable');
      const cancel = await pd!.api('POST', `/api/v1/providers/paylinks/${other}/cancel`);
      expect(cancel.body.error.code).toBe('storage_unavailable');
      expect(await ledgerSize()).toBe(before);
    } finally {
      pd!.db.pragma('query_only = OFF');
    }
    // A small test write (at most once a second) finds the database writable again.
    await expect.poll(() => pd!.engine.sync.status().storage, { timeout: 5_000 }).toBe('ok');
    const next = await pd!.api('POST', '/api/v1/providers/paylinks', { body: sale('RO-4') });
    expect(next.status, next.text).toBe(201);
    const retried = await pd!.api('POST', `/api/v1/providers/paylinks/${waiting}/capture`, { body: {} });
    expect(retried.status, retried.text).toBe(200);
  });
});
