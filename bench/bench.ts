import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import { measureClickToQr } from './clickToQr';
import { measureReceiptToPrinter, measureTillToDisplay } from './displayFigures';
import { measureIdleRss, measureScanBurst } from './scanBurst';
import { measureCreateAndCapture } from './engineFigures';
import { startListening, stop } from './processes';
import { summarize } from './stats';
import { measureDayView, measureOutboxDrain } from './storeFigures';
import { measureReplicationLag, measureReplicationThroughput, measureStoreDayView, startBenchPostgres } from './storedbFigures';

// `npm run bench [-- --quick]`: PayDesk's figures next to the machine's physical limit, in one run.
// Writes bench/results.json and prints a table. Budgets are DESIGN §8.

const quick = process.argv.includes('--quick');
/** `--only=click` (or create, drain, day, storedb, cold, display, print) re-runs one figure, e.g. after changing the code behind it. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const want = (figure: string) => !only || only === figure;
const SIZES = quick
  ? { create: 200, drain: 10_000, dayPaylinks: 1_000_000, dayN: 50, coldStarts: 3, sales: 30, lag: 50, catchUp: 5_000, scans: 30, prints: 20 }
  : { create: 1_000, drain: 10_000, dayPaylinks: 1_000_000, dayN: 200, coldStarts: 10, sales: 50, lag: 200, catchUp: 10_000, scans: 100, prints: 50 };

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'paydesk-bench-'));
  const cacheDir = 'bench/.cache';
  mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  const sandbox = await startListening(['dist/main/serve.js', '--sandbox'], { PAYDESK_SANDBOX_PORT: '0' }, /PayDesk sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const figures: Record<string, unknown> = {};
  try {
    if (want('create')) {
      log('create + capture (engine vs loopback HTTP + two durable commits, in turns)…');
      const pair = await measureCreateAndCapture(sandbox.url, join(work, 'engine'), SIZES.create);
      figures.create_paylink = pair.create;
      figures.capture = pair.capture;
    }
    if (want('drain')) {
      log('outbox drain to the back-office simulator…');
      figures.outbox_drain = await measureOutboxDrain(sandbox.url, work, SIZES.drain);
    }
    if (want('day')) {
      log(`manager day view with ${SIZES.dayPaylinks.toLocaleString('en')} paylinks…`);
      figures.manager_day_view = await measureDayView(cacheDir, SIZES.dayPaylinks, SIZES.dayN);
    }
    if (want('storedb')) {
      log('store database: replication lag, catch-up throughput, store-wide day view (10 tills × 100,000 paylinks)…');
      const cluster = await startBenchPostgres().catch((err: unknown) => {
        // Without PostgreSQL the other figures still run; the results say why these are missing.
        figures.storedb = { skipped: err instanceof Error ? err.message : String(err) };
        return undefined;
      });
      if (cluster) {
        try {
          figures.storedb_replication_lag = await measureReplicationLag(cluster, sandbox.url, join(work, 'lag'), SIZES.lag);
          figures.storedb_replication_throughput = await measureReplicationThroughput(cluster, work, SIZES.catchUp);
          figures.storedb_day_view = await measureStoreDayView(cluster, 10, 100_000, SIZES.dayN);
        } finally {
          cluster.stop();
        }
      }
    }
    const coldStarts: number[] = [];
    if (want('cold')) log('cold start of npm run serve…');
    for (let i = 0; want('cold') && i < SIZES.coldStarts; i++) {
      const dir = mkdtempSync(join(work, 'cold-'));
      const run = await startListening(['scripts/serve.mjs'], { PAYDESK_DATA_DIR: dir, PAYDESK_PORT: '0', PAYDESK_API_TOKEN: 'bench' }, /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/);
      coldStarts.push(run.elapsedMs);
      await stop(run.child);
    }
    if (want('cold')) figures.cold_start = { ...summarize(coldStarts), budget_ms: 1000, note: 'spawn of `node scripts/serve.mjs` (what npm run serve runs, built output up to date) to its listening line, fresh data dir each time' };

    if (want('scan')) {
      log('barcode scanner burst: 100 scans × 13 digits + Enter at 2 ms per key (Chromium)…');
      figures.scanner_burst = await measureScanBurst(100);
    }
    if (want('memory')) {
      log('idle resident memory of npm run serve…');
      figures.serve_idle_rss = await measureIdleRss();
    }
    if (want('click')) {
      log(`click → QR visible over ${SIZES.sales} sales (Chromium)…`);
      figures.click_to_qr = await measureClickToQr(SIZES.sales);
    }
    if (want('display')) {
      log(`till event → customer display painted over ${SIZES.scans} scans (Chromium, two contexts)…`);
      figures.till_to_display = await measureTillToDisplay(SIZES.scans);
    }
    if (want('print')) {
      log(`receipt job → last byte at the printer simulator, ${SIZES.prints} receipts…`);
      figures.receipt_to_printer = await measureReceiptToPrinter(SIZES.prints);
    }
  } finally {
    await stop(sandbox.child);
    rmSync(work, { recursive: true, force: true });
  }
  const results = {
    generated_at: new Date().toISOString(),
    quick,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(totalmem() / 1e9), free_memory_gb: Math.round(freemem() / 1e9), os: `${platform()} ${release()}`, node: process.version },
    figures,
  };
  const file = only ? `bench/results-${only}.json` : 'bench/results.json';
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  printTable(figures);
  console.log(`\nwrote ${file}`);
}

function log(message: string): void {
  console.log(`· ${message}`);
}

type Row = [string, string, string, string, string, string];

function printTable(figures: Record<string, any>): void {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const rows: Row[] = [['figure', 'n', 'p50 ms', 'p95 ms', 'max ms', 'budget']];
  const stat = (name: string, s: any, budget: string) => rows.push([name, String(s.n), String(s.p50_ms), String(s.p95_ms), String(s.max_ms), budget]);
  for (const key of ['create_paylink', 'capture']) {
    const f = figures[key];
    if (!f) continue;
    stat(`${key}: engine`, f.engine, f.budget ? `p95 ≤ ${f.budget.p95_ms} ms, ratio ≤ ${f.budget.ratio} (ratio ${f.ratio_p95})` : `no budget (ratio ${f.ratio_p95})`);
    stat(`${key}: limit (HTTP + ${f.limit_parts.durable_commits} commit${f.limit_parts.durable_commits === 1 ? '' : 's'})`, f.limit, '');
    if (f.store_floor) stat(`${key}: store floor (engine's SQL, no logic)`, f.store_floor.total, `not a budget (ratio ${f.store_floor.ratio_p95})`);
    stat(`${key}: REST end to end`, f.rest_end_to_end, '');
  }
  const d = figures.manager_day_view;
  if (d) stat(`day view (${d.paylinks_in_database} rows): page+totals`, d.first_page_plus_totals, '≤ 20 ms');
  if (figures.storedb_replication_lag) stat('store db: commit → row in PostgreSQL', figures.storedb_replication_lag, 'p95 ≤ 1000 ms');
  const sd = figures.storedb_day_view;
  if (sd) stat(`store day view (${sd.tills} tills, ${sd.paylinks_in_database} rows): page+totals`, sd.first_page_plus_totals, '≤ 20 ms');
  if (figures.cold_start) stat('cold start to listening', figures.cold_start, '≤ 1000 ms');
  if (figures.click_to_qr?.n) stat('click → QR visible', figures.click_to_qr, 'p95 ≤ 50 ms');
  if (figures.click_to_qr?.stock_chromium) stat('… in a stock Chromium (no desktop switches)', figures.click_to_qr.stock_chromium, '');
  if (figures.till_to_display?.n) stat('till scan → customer display painted', figures.till_to_display, 'p95 ≤ 50 ms');
  if (figures.receipt_to_printer?.n) stat('receipt job → last byte at printer', figures.receipt_to_printer, '');
  const b = figures.scanner_burst;
  if (b?.n) stat(`scanner burst Enter → line (${b.lines_added}/${b.scans} lines, lost ${b.lost_scans}, in order ${b.in_order})`, b, 'p95 ≤ 33 ms, 0 lost');
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const r = figures.storedb_replication_throughput;
  if (r) console.log(`store db catch-up: ${r.rows} rows in ${r.seconds} s = ${r.rows_per_s} rows/s (budget ≥ 2,000)`);
  const o = figures.outbox_drain;
  if (figures.serve_idle_rss) console.log(`npm run serve idle RSS: ${figures.serve_idle_rss.rss_mb} MB (budget ≤ 120 MB)`);
  if (o) console.log(`outbox drain: ${o.items} items in ${o.seconds} s = ${o.items_per_s} items/s (budget ≥ 2,000), RSS ${o.rss_before_mb} → peak ${o.peak_rss_mb} MB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
