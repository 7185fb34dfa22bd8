import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startPayDesk } from '../main/app';
import { createKeepAliveFetch } from '../main/providers/keepAliveFetch';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/credentials';
import { openDatabase, writeTransaction } from '../main/store/db';
import { adoptUnchangedIntent, appendPaylinkEvent, insertPaylinkIntent } from '../main/store/paylinks';
import { createdSession, paylinkIntentRow } from '../main/testing/paylinkRows';
import { listOpenUnmatchedFor } from '../main/store/unmatchedPayments';
import { summarize, sample, type Stats } from './stats';

export interface PairFigure {
  engine: Stats;
  rest_end_to_end: Stats;
  limit: Stats;
  /** `durable_commits`: how many commits the limit counts — the same number the engine needs (DESIGN §8). */
  limit_parts: { sandbox_round_trip: Stats; durable_commit: Stats; durable_commits: number };
  /**
   * Not a budget: the engine's own writes with none of its logic (the create only). The same SQL through the
   * store layer — the full paylink row, then its session (over the unchanged intent), timeline event and the
   * unmatched-notification probe in one commit — around the request body the engine sends. `ratio_p95` is its
   * p95 over the limit's.
   */
  store_floor?: { total: Stats; sandbox_round_trip: Stats; commits: Stats; ratio_p95: number };
  ratio_p95: number;
  /** DESIGN §8's budget, or null for a figure reported without one. */
  budget: { p95_ms: number; ratio: number } | null;
}

const TABBY = SANDBOX_CREDENTIALS.tabby;

function tabbyCheckoutBody(reference: string) {
  return {
    payment: { amount: '150.00', currency: 'SAR', description: 'bench', buyer: { phone: '+966500000001' }, order: { reference_id: reference, items: [] } },
    lang: 'ar',
    merchant_code: TABBY.merchant_code,
  };
}

// The limit's round trip uses the cheapest client this machine has (a keep-alive node:http pool, the same the
// engine uses), so the ratio compares the engine with the transport, not with a slower HTTP client.
const pool = createKeepAliveFetch();

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await pool.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

/**
 * The storage half of the physical limit: durable commits of a paylink-shaped row, as the engine's create makes
 * them (the row inserted, then updated with the provider's session).
 */
function rawCommitter(dir: string): { insert(): string; update(id: string): void; close(): void } {
  const db = openDatabase(join(dir, 'raw-limit.db'));
  db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('a','tabby','a','sandbox','x','{}','x',0,0)`).run();
  const insert = db.prepare(
    `INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, checkout_url, status, pending_command, created_at, updated_at)
     VALUES (?, 'tabby', 'a', 'POS-1', 15000, 'SAR', NULL, 'unknown', 'create', ?, ?)`,
  );
  const update = db.prepare(`UPDATE paylinks SET session_id = ?, payment_id = ?, checkout_url = 'http://x', status = 'created', provider_status = 'CREATED', pending_command = NULL, updated_at = ? WHERE id = ?`);
  const insertTx = db.transaction((id: string) => insert.run(id, Date.now(), Date.now()));
  const updateTx = db.transaction((id: string) => update.run(id, id, Date.now(), id));
  return {
    insert: () => {
      const id = randomUUID();
      insertTx.immediate(id);
      return id;
    },
    update: (id) => void updateTx.immediate(id),
    close: () => db.close(),
  };
}

/**
 * The engine's create writes without the engine: the paylink recorded as the engine records it, and on the
 * answer the same adopt transaction (session stored over the unchanged intent, `created` event, notification probe).
 */
function storeFloor(dir: string): { insert(i: number): { id: string; at: number }; adopt(intent: { id: string; at: number }, session: { id: string; payment: { id: string } }): void; close(): void } {
  const db = openDatabase(join(dir, 'store-floor.db'));
  db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('a','tabby','a','sandbox','x','{}','x',0,0)`).run();
  return {
    insert(i) {
      const at = Date.now();
      // The row as the engine's create records it: the same columns filled.
      const row = paylinkIntentRow({ id: `pl_${randomUUID()}`, org_app_id: 'a', order_id: `POS-FLOOR-${i}`, buyer_phone: floorPhone(i), created_at: at });
      writeTransaction(db, () => insertPaylinkIntent(db, row));
      return { id: row.id, at };
    },
    adopt({ id, at: recordedAt }, session) {
      writeTransaction(db, () => {
        const at = Date.now();
        const stored = adoptUnchangedIntent(db, id, recordedAt, createdSession({ session_id: session.id, payment_id: session.payment.id, checkout_url: 'http://x' }, at));
        if (!stored) throw new Error(`store floor: the intent ${id} changed under it`);
        appendPaylinkEvent(db, { paylink_id: id, type: 'created', at, actor: 'api', data: { provider: 'tabby', amount_minor: 15000, currency: 'SAR' } });
        listOpenUnmatchedFor(db, 'tabby', [session.id, session.payment.id, id]);
      });
    },
    close: () => db.close(),
  };
}

const floorPhone = (i: number) => `+96655${String(1_000_000 + (i % 1_000_000)).slice(-7)}`;

/** The checkout body the engine's Tabby adapter sends for the bench's sales (no items, a buyer phone, the order id). */
function engineShapedCheckout(reference: string, i: number) {
  return {
    merchant_code: TABBY.merchant_code,
    lang: 'ar',
    payment: {
      amount: '150.00',
      currency: 'SAR',
      description: `Order POS-FLOOR-${i}`,
      buyer: { phone: floorPhone(i) },
      order: { reference_id: reference, items: [] },
      meta: { order_id: `POS-FLOOR-${i}` },
    },
  };
}

/** The physical limit of one money call, measured as one sequence: commit, the provider round trip, commit. */
interface LimitSample {
  total: number;
  http: number;
  commits: number;
}

async function timedLimit(raw: ReturnType<typeof rawCommitter>, call: () => Promise<void>): Promise<LimitSample> {
  const t0 = performance.now();
  const id = raw.insert();
  const t1 = performance.now();
  await call();
  const t2 = performance.now();
  raw.update(id);
  const t3 = performance.now();
  return { total: t3 - t0, http: t2 - t1, commits: t1 - t0 + (t3 - t2) };
}

/**
 * Engine and limit samples taken in turns, so both see the same machine: the sandbox's warmth, the disk's fsync
 * latency and the CPUs' wake-ups. Measured apart, each in its own tight loop, the limit would run with a hot peer
 * and a warm disk the engine never has. No sample follows one of its own kind either: a repeat runs on what its
 * twin just warmed, which flattered the limit's simple loop most (about 10% at p50 when half the samples were
 * repeats). So two arms strictly alternate, and three (with the store floor) go through the six orders in a
 * cycle in which each arm follows each other arm equally often and never itself.
 */
const THREE_ARM_ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [2, 1, 0],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
] as const;

async function interleaved(
  n: number,
  warmup: number,
  engine: (i: number) => Promise<void>,
  limit: (i: number) => Promise<LimitSample>,
  floor?: (i: number) => Promise<LimitSample>,
): Promise<{ engine: number[]; limit: LimitSample[]; floor: LimitSample[] }> {
  const out = { engine: [] as number[], limit: [] as LimitSample[], floor: [] as LimitSample[] };
  for (let i = -warmup; i < n; i++) {
    const arms: (() => Promise<void>)[] = [
      async () => {
        const t = performance.now();
        await engine(i);
        if (i >= 0) out.engine.push(performance.now() - t);
      },
      async () => {
        const s = await limit(i);
        if (i >= 0) out.limit.push(s);
      },
    ];
    if (floor) {
      arms.push(async () => {
        const s = await floor(i);
        if (i >= 0) out.floor.push(s);
      });
    }
    const order = arms.length === 2 ? [0, 1] : THREE_ARM_ORDERS[((i % 6) + 6) % 6]!;
    for (const k of order) await arms[k]!();
  }
  return out;
}

export async function measureCreateAndCapture(sandboxUrl: string, dataDir: string, n: number): Promise<{ create: PairFigure; capture: PairFigure }> {
  const pd = await startPayDesk({ dataDir, port: 0, host: '127.0.0.1', apiToken: 'bench', mode: 'demo', sandboxUrl }, { background: false });
  // Webhooks and the sync worker would run on this same thread between samples; they are measured on their own.
  await fetch(`${sandboxUrl}/sandbox/_control/webhook-target`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: null }) });
  const raw = rawCommitter(dataDir);
  const floorStore = storeFloor(dataDir);
  const auth = { authorization: 'Bearer bench' };
  // Every sale its own customer: a repeated number would be answered from the phone parser's memo.
  let sale = 0;
  const nextInput = () => {
    sale += 1;
    return { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: `POS-BENCH-${sale}`, amount: '150.00', currency: 'SAR', buyer_phone: `+96650${String(1_000_000 + sale).slice(-7)}` };
  };
  const tabbyApi = `${sandboxUrl}/sandbox/tabby/api/v2`;
  const bearer = { authorization: `Bearer ${TABBY.secret_key}` };
  const warmup = Math.min(300, n);
  try {
    const ids: string[] = [];
    const create = await interleaved(
      n,
      warmup,
      async (i) => {
        const p = await pd.engine.paylinks.create(nextInput(), { kind: 'api' });
        if (i >= 0) ids.push(p.id);
      },
      // A create commits twice: the paylink is recorded before the provider call (so a lost answer can be
      // resolved), then the provider's session is stored. The limit counts the same two commits.
      () =>
        timedLimit(raw, async () => {
          const r = await post(`${tabbyApi}/checkout`, tabbyCheckoutBody(randomUUID()), bearer);
          if (r.status !== 200) throw new Error(`raw create failed: ${r.status}`);
        }),
      async (i) => {
        const t0 = performance.now();
        const intent = floorStore.insert(i);
        const t1 = performance.now();
        const r = await post(`${tabbyApi}/checkout`, engineShapedCheckout(intent.id, i), bearer);
        if (r.status !== 200) throw new Error(`store floor create failed: ${r.status}`);
        const t2 = performance.now();
        floorStore.adopt(intent, r.json);
        const t3 = performance.now();
        return { total: t3 - t0, http: t2 - t1, commits: t1 - t0 + (t3 - t2) };
      },
    );
    const restCreate = await sample(n, 10, async () => {
      const r = await post(`${pd.url}/api/v1/providers/paylinks`, nextInput(), auth);
      if (r.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.json)}`);
    });

    // Capture: approve every created paylink (and as many raw payments) at the sandbox first, then time the capture alone.
    const toCapture = ids.slice(0, n);
    for (const id of toCapture) {
      const session = (await pd.engine.paylinks.get(id, { refresh: false })).session_id;
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${session}/approve`, {});
      await pd.engine.paylinks.refresh(id);
    }
    const rawPayments: string[] = [];
    for (let i = 0; i < toCapture.length; i++) {
      const r = await post(`${tabbyApi}/checkout`, tabbyCheckoutBody(randomUUID()), bearer);
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${r.json.id}/approve`, {});
      rawPayments.push(r.json.payment.id);
    }
    // A capture also commits twice: its idempotency key before the provider call, the result after.
    const capture = await interleaved(
      toCapture.length,
      0,
      async (i) => void (await pd.engine.paylinks.capture(toCapture[i]!, {}, { kind: 'api' })),
      (i) =>
        timedLimit(raw, async () => {
          const r = await post(`${tabbyApi}/payments/${rawPayments[i]}/captures`, { amount: '150.00', reference_id: randomUUID() }, bearer);
          if (r.status !== 200) throw new Error(`raw capture failed: ${r.status} ${JSON.stringify(r.json)}`);
        }),
    );

    // REST capture end to end on fresh approved paylinks.
    const restIds: string[] = [];
    for (let i = 0; i < Math.min(n, 100); i++) {
      const p = await pd.engine.paylinks.create(nextInput(), { kind: 'api' });
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${p.session_id}/approve`, {});
      await pd.engine.paylinks.refresh(p.id);
      restIds.push(p.id);
    }
    let r = 0;
    const restCapture = await sample(restIds.length, 0, async () => {
      const res = await post(`${pd.url}/api/v1/providers/paylinks/${restIds[r++]}/capture`, {}, auth);
      if (res.status !== 200) throw new Error(`capture failed: ${JSON.stringify(res.json)}`);
    });

    const ratio = (a: Stats, b: Stats) => Math.round((a.p95_ms / b.p95_ms) * 100) / 100;
    const figure = (pair: { engine: number[]; limit: LimitSample[]; floor: LimitSample[] }, rest: number[], budget: PairFigure['budget']): PairFigure => {
      const e = summarize(pair.engine);
      const l = summarize(pair.limit.map((s) => s.total));
      const f = pair.floor.length ? summarize(pair.floor.map((s) => s.total)) : undefined;
      return {
        engine: e,
        rest_end_to_end: summarize(rest),
        limit: l,
        limit_parts: { sandbox_round_trip: summarize(pair.limit.map((s) => s.http)), durable_commit: summarize(pair.limit.map((s) => s.commits / 2)), durable_commits: 2 },
        ...(f ? { store_floor: { total: f, sandbox_round_trip: summarize(pair.floor.map((s) => s.http)), commits: summarize(pair.floor.map((s) => s.commits)), ratio_p95: ratio(f, l) } } : {}),
        ratio_p95: ratio(e, l),
        budget,
      };
    };
    // DESIGN §8 budgets the create; the capture is reported beside it (its second commit also writes the back-office receipt).
    return { create: figure(create, restCreate, { p95_ms: 5, ratio: 1.5 }), capture: figure(capture, restCapture, null) };
  } finally {
    raw.close();
    floorStore.close();
    pool.close();
    await pd.close();
  }
}

export type { Database };
