import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { loadConfig, ConfigError } from '../config';
import { openDatabase, type Db } from '../store/db';
import { deletePaylinkIntent } from '../store/paylinks';
import { makeTempDir } from '../testing/tempDir';
import { startPayDesk } from '../app';
import { freshStoreDatabase } from '../testing/storeTills';
import { startTestPayDesk } from '../testing/payDesk';
import { openStorePool } from './index';
import { isCapturing, readQueue, startCapture } from './localQueue';
import { migrateStoreDatabase, PG_MIGRATIONS, storeSchemaVersion } from './pgSchema';
import { createReplicator } from './replicator';

// The pieces under the two-till tests: the store schema's migrations, the batch replay after a crash, and a
// till without a store database recording nothing extra.

let url: string;
let pool: pg.Pool;
const temp = makeTempDir('paydesk-replication');
let db: Db;

beforeAll(async () => {
  url = await freshStoreDatabase('replication');
  pool = openStorePool(url, 'paydesk test');
  db = openDatabase(`${temp.dir}/till.db`);
  db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('app_t', 'tabby', 't', 'sandbox', 'x', '{}', 'x', 0, 0)`).run();
}, 30_000);

afterAll(async () => {
  await pool?.end();
  db?.close();
  temp.cleanup();
});

describe('store database schema', () => {
  it('migrates once, in one step per version, even when tills start together', async () => {
    const versions = await Promise.all([migrateStoreDatabase(pool), migrateStoreDatabase(pool), migrateStoreDatabase(pool)]);
    expect(versions).toEqual([PG_MIGRATIONS.length, PG_MIGRATIONS.length, PG_MIGRATIONS.length]);
    expect(await storeSchemaVersion(pool)).toBe(PG_MIGRATIONS.length);
  });

  it('refuses a store database set up by a newer PayDesk and leaves it as it was', async () => {
    await pool.query(`UPDATE paydesk_schema SET version = $1`, [PG_MIGRATIONS.length + 3]);
    try {
      await expect(migrateStoreDatabase(pool)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/newer PayDesk.*Update PayDesk on this till/) });
      expect(await storeSchemaVersion(pool)).toBe(PG_MIGRATIONS.length + 3);
    } finally {
      await pool.query(`UPDATE paydesk_schema SET version = $1`, [PG_MIGRATIONS.length]);
    }
  });
});

describe('replicating a batch', () => {
  it('a batch sent again after a crash changes nothing, and an older state never overwrites a newer one', async () => {
    await pool.query(`INSERT INTO tills (till_id, name, last_seen_at) VALUES ('till-r', 'Till R', 0) ON CONFLICT DO NOTHING`);
    startCapture(db, Date.now());
    const replicator = createReplicator({ db, pool, tillId: 'till-r', now: Date.now });
    db.prepare(`INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, status, created_at, updated_at) VALUES ('pl_r1', 'tabby', 'app_t', 'R-1', 5000, 'SAR', 'created', 1, 1)`).run();
    db.prepare(`INSERT INTO paylink_events (paylink_id, type, at, actor, data) VALUES ('pl_r1', 'created', 1, 'api', '{}')`).run();
    const firstBatch = readQueue(db, 100);
    await replicator.sendBatch();
    db.prepare(`UPDATE paylinks SET status = 'captured', captured_minor = 5000, updated_at = 2 WHERE id = 'pl_r1'`).run();
    await replicator.sendBatch();

    // The till died after the store committed the first batch but before it forgot it: the same entries come back.
    const reinsert = db.prepare(`INSERT INTO storedb_queue (seq, kind, row_id, created_at) VALUES (@seq, @kind, @row_id, @created_at)`);
    for (const entry of firstBatch) reinsert.run(entry);
    await replicator.drain();

    const rows = await pool.query(`SELECT id, status, captured_minor FROM paylinks WHERE till_id = 'till-r'`);
    expect(rows.rows).toEqual([{ id: 'pl_r1', status: 'captured', captured_minor: 5000 }]);
    const events = await pool.query(`SELECT count(*)::int AS n FROM paylink_events WHERE till_id = 'till-r'`);
    expect(events.rows[0].n).toBe(1);
    expect(readQueue(db, 10)).toEqual([]);
  });

  it('keeps the queue when the store database refuses the batch, and sends it when it can', async () => {
    db.prepare(`INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, status, created_at, updated_at) VALUES ('pl_r2', 'tabby', 'app_t', 'R-2', 700, 'SAR', 'created', 3, 3)`).run();
    const orphan = createReplicator({ db, pool, tillId: 'till-not-registered', now: Date.now });
    await expect(orphan.sendBatch()).rejects.toThrow();
    expect(readQueue(db, 10).map((e) => e.row_id)).toEqual(['pl_r2']);
    await createReplicator({ db, pool, tillId: 'till-r', now: Date.now }).drain();
    expect(readQueue(db, 10)).toEqual([]);
  });
});

describe('a paylink removed on the till', () => {
  it('a create the provider refused, already replicated as unknown, leaves the store database too', async () => {
    const replicator = createReplicator({ db, pool, tillId: 'till-r', now: Date.now });
    db.prepare(`INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, status, pending_command, created_at, updated_at) VALUES ('pl_r3', 'tabby', 'app_t', 'R-3', 900, 'SAR', 'unknown', 'create', 4, 4)`).run();
    db.prepare(`INSERT INTO paylink_events (paylink_id, type, at, actor, data) VALUES ('pl_r3', 'create_requested', 4, 'api', '{}')`).run();
    await replicator.drain();
    expect((await pool.query(`SELECT status FROM paylinks WHERE till_id = 'till-r' AND id = 'pl_r3'`)).rows).toEqual([{ status: 'unknown' }]);

    deletePaylinkIntent(db, 'pl_r3');
    await replicator.drain();
    expect((await pool.query(`SELECT id FROM paylinks WHERE till_id = 'till-r' AND id = 'pl_r3'`)).rows).toEqual([]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM paylink_events WHERE till_id = 'till-r' AND paylink_id = 'pl_r3'`)).rows[0].n).toBe(0);
    // The other paylinks of the till are untouched.
    expect((await pool.query(`SELECT id FROM paylinks WHERE till_id = 'till-r' ORDER BY id`)).rows.map((r) => r.id)).toEqual(['pl_r1', 'pl_r2']);
  });
});

describe('a till without a store database', () => {
  it('runs as before: no capture, nothing queued, and the header says so', async () => {
    const lone = await startTestPayDesk();
    try {
      const created = await lone.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'LONE-1', amount: '10.00', currency: 'SAR', buyer_phone: '0500000001' } });
      expect(created.status).toBe(201);
      expect(isCapturing(lone.db)).toBe(false);
      expect(readQueue(lone.db, 10)).toEqual([]);
      expect(lone.storeLink).toBeUndefined();
      expect(lone.handlers['storedb.status']({}, {})).toMatchObject({ configured: false });
    } finally {
      await lone.close();
    }
  });

  it('a till that leaves its store stops recording for it', async () => {
    const storeUrl = await freshStoreDatabase('leave');
    const dir = makeTempDir('paydesk-leaving');
    const config = { dataDir: dir.dir, port: 0, host: '127.0.0.1' as const, apiToken: 'x', mode: 'demo' as const, sandboxUrl: undefined };
    try {
      const joined = await startPayDesk({ ...config, storeDatabase: { url: storeUrl, tillId: 'till-leaving', tillName: undefined } });
      expect(isCapturing(joined.db)).toBe(true);
      await joined.close();
      const alone = await startPayDesk(config);
      try {
        expect(isCapturing(alone.db)).toBe(false);
        expect(readQueue(alone.db, 10)).toEqual([]);
      } finally {
        await alone.close();
      }
    } finally {
      dir.cleanup();
    }
  });

  it('bad store settings stop start-up with a message that says how to fix them', () => {
    const env = { PAYDESK_DATA_DIR: temp.dir, PAYDESK_API_TOKEN: 'x' };
    expect(() => loadConfig({ ...env, PAYDESK_STORE_DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, PAYDESK_STORE_DATABASE_URL: 'postgres://u@h/db', PAYDESK_TILL_ID: 'till 2!' })).toThrow(/PAYDESK_TILL_ID must be/);
    expect(loadConfig({ ...env, PAYDESK_STORE_DATABASE_URL: 'postgres://u@h/db', PAYDESK_TILL_ID: 'till-2', PAYDESK_TILL_NAME: 'Entrance' }).storeDatabase).toEqual({ url: 'postgres://u@h/db', tillId: 'till-2', tillName: 'Entrance' });
    expect(loadConfig(env).storeDatabase).toBeUndefined();
  });
});
