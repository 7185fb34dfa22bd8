import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/credentials';
import { openDatabase, type Db } from '../main/store/db';
import { enqueueOutboxItem } from '../main/store/outbox';
import { listPaylinks, paylinkTotals } from '../main/store/paylinks';
import { backofficeHandlers, createBackofficeClient } from '../main/sync/backofficeClient';
import { createOutboxWorker } from '../main/sync/outboxWorker';
import { sample, summarize, type Stats } from './stats';

const PROVIDERS = ['tabby', 'tamara', 'mispay', 'paymennt'];
const STATUSES = ['captured', 'captured', 'captured', 'created', 'authorized', 'cancelled', 'expired', 'rejected', 'refunded', 'partially_refunded'];
const DAY_MS = 86_400_000;

/** A year of paylinks (1,000,000 rows, ~2,700 a day), reused between runs when the file exists. */
function ensureYearOfPaylinks(file: string, total: number, now: number): Db {
  const fresh = !existsSync(file);
  const db = openDatabase(file);
  if (!fresh && (db.prepare(`SELECT count(*) AS n FROM paylinks`).get() as { n: number }).n >= total) return db;
  db.pragma('synchronous = OFF'); // generation only; measurements run with the normal pragmas below
  for (const p of PROVIDERS) {
    db.prepare(`INSERT OR IGNORE INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES (?, ?, ?, 'sandbox', 'x', '{}', 'x', 0, 0)`).run(`app_${p}`, p, p);
  }
  const insert = db.prepare(
    `INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, status, provider_status, captured_minor, refunded_minor, cashier_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'SAR', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = now - 365 * DAY_MS;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const provider = PROVIDERS[i % 4]!;
      const status = STATUSES[(i * 7) % STATUSES.length]!;
      const amount = 1_000 + ((i * 7919) % 500_000);
      const captured = status === 'captured' || status.includes('refunded') ? amount : 0;
      const refunded = status === 'refunded' ? amount : status === 'partially_refunded' ? Math.floor(amount / 2) : 0;
      const at = start + Math.floor((i / total) * 365 * DAY_MS);
      insert.run(`pl_${i.toString(36).padStart(8, '0')}`, provider, `app_${provider}`, `POS-${i}`, amount, status, status.toUpperCase(), captured, refunded, `staff_${i % 5}`, at, at);
    }
  });
  const existing = (db.prepare(`SELECT count(*) AS n FROM paylinks`).get() as { n: number }).n;
  for (let i = existing; i < total; i += 50_000) batch(i, Math.min(total, i + 50_000));
  db.pragma('synchronous = FULL');
  return db;
}

export interface DayViewFigure {
  paylinks_in_database: number;
  paylinks_today: number;
  first_page: Stats;
  totals: Stats;
  first_page_plus_totals: Stats;
  query_plan: { first_page: string[]; totals: string[] };
  budget_ms: number;
}

export async function measureDayView(dir: string, total: number, n: number): Promise<DayViewFigure> {
  const now = Date.now();
  const db = ensureYearOfPaylinks(join(dir, 'day-view.db'), total, now);
  try {
    const dayStart = now - DAY_MS;
    const filter = { from: dayStart, to: now + 1 };
    const firstPage = await sample(n, 5, () => void listPaylinks(db, { ...filter, limit: 50 }));
    const totals = await sample(n, 5, () => void paylinkTotals(db, filter));
    const both = await sample(n, 5, () => {
      listPaylinks(db, { ...filter, limit: 50 });
      paylinkTotals(db, filter);
    });
    const plan = (sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    return {
      paylinks_in_database: (db.prepare(`SELECT count(*) AS n FROM paylinks`).get() as { n: number }).n,
      paylinks_today: (db.prepare(`SELECT count(*) AS n FROM paylinks WHERE created_at >= ?`).get(dayStart) as { n: number }).n,
      first_page: summarize(firstPage),
      totals: summarize(totals),
      first_page_plus_totals: summarize(both),
      query_plan: {
        first_page: plan(`SELECT * FROM paylinks WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT 50`, dayStart, now),
        totals: plan(`SELECT provider, status, currency, count(*) FROM paylinks WHERE created_at >= ? AND created_at < ? GROUP BY provider, status, currency`, dayStart, now),
      },
      budget_ms: 20,
    };
  } finally {
    db.close();
  }
}

export interface DrainFigure {
  items: number;
  seconds: number;
  items_per_s: number;
  rss_before_mb: number;
  peak_rss_mb: number;
  rss_after_mb: number;
  budget_items_per_s: number;
}

export async function measureOutboxDrain(sandboxUrl: string, dir: string, items: number): Promise<DrainFigure> {
  const db = openDatabase(join(dir, 'drain.db'));
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < items; i++) {
      const id = randomUUID();
      enqueueOutboxItem(db, { id, topic: 'backoffice.payment.create', orderKey: `POS-${i % (items / 2)}`, payload: { id, orderId: `POS-${i % (items / 2)}`, type: 'receipt', amount: 1.5, methodId: 'tabby', status: 'pending' } }, now);
    }
  })();
  const client = createBackofficeClient({ baseUrl: `${sandboxUrl}/backoffice`, apiKey: SANDBOX_CREDENTIALS.backoffice.api_key, organizationId: SANDBOX_CREDENTIALS.backoffice.organization_id });
  const worker = createOutboxWorker({ db, handlers: backofficeHandlers(client) });
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  let delivered = 0;
  while (delivered < items) {
    const n = await worker.drainOnce();
    if (n === 0) break;
    delivered += n;
  }
  const seconds = (performance.now() - t) / 1000;
  clearInterval(probe);
  await worker.stop();
  client.close();
  db.close();
  const mb = (b: number) => Math.round(b / 1e5) / 10;
  return {
    items: delivered,
    seconds: Math.round(seconds * 1000) / 1000,
    items_per_s: Math.round(delivered / seconds),
    rss_before_mb: mb(rssBefore),
    peak_rss_mb: mb(peak),
    rss_after_mb: mb(process.memoryUsage().rss),
    budget_items_per_s: 2000,
  };
}
