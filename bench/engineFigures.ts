import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startPayDesk } from '../main/app';
import { createKeepAliveFetch } from '../main/providers/keepAliveFetch';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/credentials';
import { openDatabase } from '../main/store/db';
import { summarize, sample, type Stats } from './stats';

export interface PairFigure {
  engine: Stats;
  rest_end_to_end: Stats;
  limit: Stats;
  /** `durable_commits`: how many commits the limit counts — the same number the engine needs (DESIGN §8). */
  limit_parts: { sandbox_round_trip: Stats; durable_commit: Stats; durable_commits: number };
  ratio_p95: number;
  budget: { p95_ms: number; ratio: number };
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

/** One durable commit of a paylink-shaped row: the storage half of the physical limit. */
function rawCommitter(dir: string): { commit(): void; close(): void } {
  const db = openDatabase(join(dir, 'raw-limit.db'));
  db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('a','tabby','a','sandbox','x','{}','x',0,0)`).run();
  const insert = db.prepare(
    `INSERT INTO paylinks (id, provider, org_app_id, order_id, amount_minor, currency, session_id, payment_id, checkout_url, status, provider_status, created_at, updated_at)
     VALUES (?, 'tabby', 'a', 'POS-1', 15000, 'SAR', ?, ?, 'http://x', 'created', 'CREATED', ?, ?)`,
  );
  const tx = db.transaction((id: string) => insert.run(id, id, id, Date.now(), Date.now()));
  return { commit: () => void tx.immediate(randomUUID()), close: () => db.close() };
}

export async function measureCreateAndCapture(sandboxUrl: string, dataDir: string, n: number): Promise<{ create: PairFigure; capture: PairFigure }> {
  const pd = await startPayDesk({ dataDir, port: 0, host: '127.0.0.1', apiToken: 'bench', mode: 'demo', sandboxUrl }, { background: false });
  // Webhooks and the sync worker would run on this same thread between samples; they are measured on their own.
  await fetch(`${sandboxUrl}/sandbox/_control/webhook-target`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: null }) });
  const raw = rawCommitter(dataDir);
  const auth = { authorization: 'Bearer bench' };
  const input = { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-BENCH', amount: '150.00', currency: 'SAR', buyer_phone: '+966500000001' };
  const tabbyApi = `${sandboxUrl}/sandbox/tabby/api/v2`;
  const bearer = { authorization: `Bearer ${TABBY.secret_key}` };
  try {
    const ids: string[] = [];
    const engineCreate = await sample(n, 30, async (i) => {
      const p = await pd.engine.paylinks.create(input, { kind: 'api' });
      if (i >= 0) ids.push(p.id);
    });
    const restCreate = await sample(n, 10, async () => {
      const r = await post(`${pd.url}/api/v1/providers/paylinks`, input, auth);
      if (r.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.json)}`);
    });
    const rawCreateHttp = await sample(n, 30, async () => {
      const r = await post(`${tabbyApi}/checkout`, tabbyCheckoutBody(randomUUID()), bearer);
      if (r.status !== 200) throw new Error(`raw create failed: ${r.status}`);
    });
    // A create commits twice: the paylink is recorded before the provider call (so a lost answer can be resolved),
    // then the provider's session is stored. The limit counts the same two commits.
    const rawCommit = await sample(n, 30, () => {
      raw.commit();
      raw.commit();
    });
    const createLimit = rawCreateHttp.map((v, i) => v + (rawCommit[i] ?? 0));

    // Capture: approve every created paylink at the sandbox first, then time the capture alone.
    const toCapture = ids.slice(0, n);
    for (const id of toCapture) {
      const p = pd.engine.paylinks.get(id, { refresh: false });
      const session = (await p).session_id;
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${session}/approve`, {});
      await pd.engine.paylinks.refresh(id);
    }
    let k = 0;
    const engineCapture = await sample(toCapture.length, 0, async () => {
      const id = toCapture[k++]!;
      await pd.engine.paylinks.capture(id, {}, { kind: 'api' });
    });
    // The raw limit for capture: one captures call at the sandbox for an approved payment + one commit.
    const rawPayments: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await post(`${tabbyApi}/checkout`, tabbyCheckoutBody(randomUUID()), bearer);
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${r.json.id}/approve`, {});
      rawPayments.push(r.json.payment.id);
    }
    let j = 0;
    const rawCaptureHttp = await sample(n, 0, async () => {
      const r = await post(`${tabbyApi}/payments/${rawPayments[j++]}/captures`, { amount: '150.00', reference_id: randomUUID() }, bearer);
      if (r.status !== 200) throw new Error(`raw capture failed: ${r.status} ${JSON.stringify(r.json)}`);
    });
    const rawCommit2 = await sample(n, 0, () => raw.commit());
    const captureLimit = rawCaptureHttp.map((v, i) => v + (rawCommit2[i] ?? 0));

    // REST capture end to end on fresh approved paylinks.
    const restIds: string[] = [];
    for (let i = 0; i < Math.min(n, 100); i++) {
      const p = await pd.engine.paylinks.create(input, { kind: 'api' });
      await post(`${sandboxUrl}/sandbox/_control/tabby/sessions/${p.session_id}/approve`, {});
      await pd.engine.paylinks.refresh(p.id);
      restIds.push(p.id);
    }
    let r = 0;
    const restCapture = await sample(restIds.length, 0, async () => {
      const res = await post(`${pd.url}/api/v1/providers/paylinks/${restIds[r++]}/capture`, {}, auth);
      if (res.status !== 200) throw new Error(`capture failed: ${JSON.stringify(res.json)}`);
    });

    const figure = (engine: number[], rest: number[], http: number[], commit: number[], limit: number[], commits: number): PairFigure => {
      const e = summarize(engine);
      const l = summarize(limit);
      return {
        engine: e,
        rest_end_to_end: summarize(rest),
        limit: l,
        limit_parts: { sandbox_round_trip: summarize(http), durable_commit: summarize(commit), durable_commits: commits },
        ratio_p95: Math.round((e.p95_ms / l.p95_ms) * 100) / 100,
        budget: { p95_ms: 5, ratio: 1.5 },
      };
    };
    return {
      create: figure(engineCreate, restCreate, rawCreateHttp, rawCommit, createLimit, 2),
      capture: figure(engineCapture, restCapture, rawCaptureHttp, rawCommit2, captureLimit, 1),
    };
  } finally {
    raw.close();
    pool.close();
    await pd.close();
  }
}

export type { Database };
