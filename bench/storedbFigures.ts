import { randomUUID } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../scripts/pg-test-server.mjs';
import { startPayDesk } from '../main/app';
import { openStorePool } from '../main/storedb';
import { startCapture } from '../main/storedb/localQueue';
import { migrateStoreDatabase } from '../main/storedb/pgSchema';
import { createReplicator } from '../main/storedb/replicator';
import { listStorePaylinks, storeTotals } from '../main/storedb/storeViews';
import { openDatabase } from '../main/store/db';
import { summarize, type Stats } from './stats';

// The store database's budgets (DESIGN §8): commit on a till → row in PostgreSQL (p95 ≤ 1 s), catch-up
// throughput (≥ 2,000 rows/s) and the store-wide day view over 10 tills × 100,000 paylinks (≤ 20 ms).
// A durable local PostgreSQL server (fsync on), started in the temp folder and kept between runs.

const DAY_MS = 86_400_000;

export async function startBenchPostgres(): Promise<PostgresCluster> {
  return startPostgresCluster({ dir: join(tmpdir(), 'paydesk-bench-pg'), fast: false });
}

async function databaseUrl(cluster: PostgresCluster, name: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
    if (exists && fresh) await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    if (!exists || fresh) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

export interface ReplicationLagFigure extends Stats {
  budget_ms: number;
  note: string;
}

/** A real till (engine + link, external sandbox) creates paylinks; each is timed from its commit to its row in PostgreSQL. */
export async function measureReplicationLag(cluster: PostgresCluster, sandboxUrl: string, dataDir: string, n: number): Promise<ReplicationLagFigure> {
  const url = await databaseUrl(cluster, 'bench_lag', true);
  const pd = await startPayDesk(
    { dataDir, port: 0, host: '127.0.0.1', apiToken: 'bench', mode: 'demo', sandboxUrl, storeDatabase: { url, tillId: 'till-bench', tillName: 'Bench till' } },
    { backgroundIntervalMs: 60_000 },
  );
  const reader = new pg.Client({ connectionString: url });
  await reader.connect();
  try {
    await pd.storeLink!.settle(30_000);
    const lags: number[] = [];
    for (let i = 0; i < n; i++) {
      const view = await pd.engine.paylinks.create({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: `LAG-${i}`, amount: '150.00', currency: 'SAR', buyer_phone: '+966500000001' }, { kind: 'api' });
      const committed = performance.now();
      for (;;) {
        const found = await reader.query(`SELECT 1 FROM paylinks WHERE till_id = 'till-bench' AND id = $1`, [view.id]);
        if (found.rowCount) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      lags.push(performance.now() - committed);
    }
    return { ...summarize(lags), budget_ms: 1_000, note: 'engine create (committed) → its row readable in the store database, link at its default timings, durable PostgreSQL on loopback' };
  } finally {
    await reader.end();
    await pd.close();
  }
}

export interface ReplicationThroughputFigure {
  rows: number;
  seconds: number;
  rows_per_s: number;
  budget_rows_per_s: number;
  note: string;
}

/** A till that was away catches up: `paylinks` paylinks with two events each are queued, then the queue is timed to empty. */
export async function measureReplicationThroughput(cluster: PostgresCluster, dataDir: string, paylinks: number): Promise<ReplicationThroughputFigure> {
  const url = await databaseUrl(cluster, 'bench_throughput', true);
  const db = openDatabase(join(dataDir, 'catch-up.db'));
  const pool = openStorePool(url, 'paydesk bench');
  try {
    await migrateStoreDatabase(pool);
    await pool.query(`INSERT INTO tills (till_id, name, last_seen_at) VALUES ('till-bench', 'Bench till', 0)`);
    db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('app_tabby', 'tabby', 'tabby', 'sandbox', 'x', '{}', 'x', 0, 0)`).run();
    startCapture(db, Date.now());
    const insert = db.prepare(
      `INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, status, provider_status, captured_minor, created_at, updated_at)
       VALUES (?, 'tabby', 'app_tabby', ?, 15000, 'SAR', 'captured', 'CLOSED', 15000, ?, ?)`,
    );
    const event = db.prepare(`INSERT INTO paylink_events (paylink_id, type, at, actor, data) VALUES (?, ?, ?, 'system', '{}')`);
    db.transaction(() => {
      const at = Date.now();
      for (let i = 0; i < paylinks; i++) {
        const id = `pl_${randomUUID()}`;
        insert.run(id, `CATCH-${i}`, at, at);
        event.run(id, 'created', at);
        event.run(id, 'captured', at);
      }
    })();
    const queued = (db.prepare(`SELECT count(*) AS n FROM storedb_queue`).get() as { n: number }).n;
    const replicator = createReplicator({ db, pool, tillId: 'till-bench', now: Date.now });
    const started = performance.now();
    const sent = await replicator.drain();
    const seconds = (performance.now() - started) / 1000;
    if (sent !== queued) throw new Error(`sent ${sent} of ${queued} queued rows`);
    return { rows: sent, seconds: Math.round(seconds * 100) / 100, rows_per_s: Math.round(sent / seconds), budget_rows_per_s: 2_000, note: 'queued paylinks and events of one till sent to a durable PostgreSQL on loopback, batches of 2,000' };
  } finally {
    await pool.end();
    db.close();
  }
}

export interface StoreDayViewFigure {
  tills: number;
  paylinks_in_database: number;
  paylinks_today: number;
  first_page_plus_totals: Stats;
  query_plan: { first_page: string[]; totals: string[] };
  /** The machine's 1-minute load average while measuring: the server shares its cores with everything else. */
  load_average: number;
  budget_ms: number;
}

/** 10 tills × 100,000 paylinks over a year, generated in the server (kept between runs); then today's first page + totals. */
export async function measureStoreDayView(cluster: PostgresCluster, tills: number, perTill: number, n: number): Promise<StoreDayViewFigure> {
  const url = await databaseUrl(cluster, 'bench_store_day', false);
  const pool = openStorePool(url, 'paydesk bench');
  const now = Date.now();
  const total = tills * perTill;
  try {
    await migrateStoreDatabase(pool);
    const have = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM paylinks`)).rows[0]!.n;
    const newestAt = (await pool.query<{ at: number | null }>(`SELECT max(created_at) AS at FROM paylinks`)).rows[0]!.at;
    if (have !== total || newestAt === null || now - newestAt > DAY_MS) await generateYear(pool, tills, perTill, now);
    const dayStart = now - (now % DAY_MS);
    const filter = { from: dayStart, to: dayStart + DAY_MS };
    const today = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM paylinks WHERE created_at >= $1 AND created_at < $2`, [filter.from, filter.to])).rows[0]!.n;
    const samples: number[] = [];
    for (let i = -10; i < n; i++) {
      const t = performance.now();
      await Promise.all([listStorePaylinks(pool, { ...filter, limit: 100 }), storeTotals(pool, filter)]);
      if (i >= 0) samples.push(performance.now() - t);
    }
    const plan = async (sql: string) => (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [filter.from, filter.to])).rows.map((r) => r['QUERY PLAN'].trim());
    return {
      tills,
      paylinks_in_database: total,
      paylinks_today: today,
      first_page_plus_totals: summarize(samples),
      query_plan: {
        first_page: await plan(`SELECT p.*, t.name FROM paylinks p JOIN tills t ON t.till_id = p.till_id WHERE p.created_at >= $1 AND p.created_at < $2 ORDER BY p.created_at DESC, p.id DESC LIMIT 100`),
        totals: await plan(`SELECT provider, status, currency, count(*), sum(amount_minor) FROM paylinks p WHERE p.created_at >= $1 AND p.created_at < $2 GROUP BY provider, status, currency`),
      },
      load_average: Math.round(loadavg()[0]! * 10) / 10,
      budget_ms: 20,
    };
  } finally {
    await pool.end();
  }
}

/** Multi-row generation inside the server (generate_series), one statement per till; minutes would go to client round trips otherwise. */
async function generateYear(pool: pg.Pool, tills: number, perTill: number, now: number): Promise<void> {
  await pool.query(`TRUNCATE paylinks, paylink_events, deliveries, till_commands, tills`);
  const start = now - 365 * DAY_MS;
  for (let t = 0; t < tills; t++) {
    const till = `till-${t + 1}`;
    await pool.query(`INSERT INTO tills (till_id, name, last_seen_at) VALUES ($1, $2, $3)`, [till, `Till ${t + 1}`, now]);
    await pool.query(
      `INSERT INTO paylinks (till_id, id, provider, org_app_id, order_id, amount_minor, currency, lang, items, metadata, provider_extra, status, provider_status,
                             captured_minor, refunded_minor, cashier_id, created_at, updated_at, src_seq)
       SELECT $1, 'pl_' || $1 || '_' || i, (ARRAY['tabby','tamara','mispay','paymennt'])[1 + i % 4], 'app_' || (i % 4), 'POS-' || i, 1000 + (i * 7919) % 500000, 'SAR', 'ar', '[]', '{}', '{}',
              s.status, upper(s.status),
              CASE WHEN s.status IN ('captured','refunded','partially_refunded') THEN 1000 + (i * 7919) % 500000 ELSE 0 END,
              CASE WHEN s.status = 'refunded' THEN 1000 + (i * 7919) % 500000 WHEN s.status = 'partially_refunded' THEN (1000 + (i * 7919) % 500000) / 2 ELSE 0 END,
              'staff_' || (i % 5), $2::bigint + (i::bigint * $3::bigint / $4::bigint), $2::bigint + (i::bigint * $3::bigint / $4::bigint), i
       FROM generate_series(0, $4::int - 1) AS i,
            LATERAL (SELECT (ARRAY['captured','captured','captured','created','authorized','cancelled','expired','rejected','refunded','partially_refunded'])[1 + (i * 7 + $5::int) % 10] AS status) s`,
      [till, start + t * 997, 365 * DAY_MS, perTill, t],
    );
  }
  await pool.query(`ANALYZE paylinks`);
  await pool.query(`VACUUM paylinks`);
}
