import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempStores } from '../testing/tempStore';
import { createIdleCheckpointer } from './checkpoint';
import { WAL_AUTOCHECKPOINT_PAGES, type Db } from './db';

const stores = tempStores('paydesk-checkpoint');

/** Some committed sales' worth of pages, left in the WAL. */
function write(d: Db, n: number): void {
  const insert = d.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  for (let i = 0; i < n; i++) d.transaction(() => insert.run(`k${i}`, 'x'.repeat(2_000))).immediate();
}

describe('the WAL checkpoint', () => {
  it('is left to commits only when the WAL holds the configured number of pages', () => {
    const { db: d } = stores.open();
    expect(d.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(d.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
  });

  it('runs on the idle tick and moves the WAL into the database file', () => {
    const { db: d, file } = stores.open();
    write(d, 300);
    const before = statSync(file).size;
    const checkpointer = createIdleCheckpointer(d, { utilization: () => 0.01 });
    const result = checkpointer.tick();
    expect(result).not.toBeNull();
    expect(result!.log).toBeGreaterThan(300);
    expect(result!.checkpointed).toBe(result!.log);
    expect(statSync(file).size).toBeGreaterThan(before + 300 * 2_000);
    // Nothing was lost on the way: every row is there after a reopen.
    d.close();
    expect((stores.reopen(file).prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get() as { n: number }).n).toBe(300);
  });

  it('leaves a busy till alone', () => {
    const { db: d, file } = stores.open();
    write(d, 300);
    const before = statSync(file).size;
    const checkpointer = createIdleCheckpointer(d, { utilization: () => 0.6 });
    expect(checkpointer.tick()).toBeNull();
    expect(statSync(file).size).toBe(before);
  });

  it('reads idleness from the event loop by default', async () => {
    const { db: d } = stores.open();
    write(d, 10);
    const checkpointer = createIdleCheckpointer(d);
    // A busy loop since the checkpointer was made: not idle.
    const until = performance.now() + 300;
    while (performance.now() < until);
    expect(checkpointer.tick()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(checkpointer.tick()).not.toBeNull();
  });
});
