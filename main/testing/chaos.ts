import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { buildMain, spawnListening, waitForExit, type Spawned } from './processes';
import { launchCookie, launchUrlOf } from './launch';

// The crash-and-fault proof of DESIGN §5: the engine runs as a child process against an external sandbox
// (providers + back office) with faults on, drives many paylink lifecycles, is SIGKILLed at random moments
// and restarted; at the end every money effect must exist exactly once.

export interface ChaosOptions {
  lifecycles: number;
  kills: number;
  concurrency: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  lifecycles: number;
  kills: number;
  approved: number;
  captured_paylinks: number;
  sandbox_captures: number;
  refunded_paylinks: number;
  sandbox_refunds: number;
  backoffice_receipts: number;
  backoffice_refunds: number;
  cancelled: number;
  declined: number;
  stuck_unknown: number;
  pending_commands: number;
  outbox_pending: number;
  dead_letters: number;
  duplicate_captures: string[];
  duplicate_refunds: string[];
  missing_backoffice: string[];
  duplicate_backoffice: string[];
}

const PROVIDERS = ['tabby', 'tamara', 'mispay', 'paymennt'] as const;
const CANCELLABLE = ['tabby', 'tamara', 'paymennt'] as const;
/**
 * Providers whose status read shows a refund, so a refund whose answer is lost settles by reading back. MisPay shows
 * none and dedupes none: PayDesk never resends such a refund and it may wait for a person (docs/providers/mispay.md),
 * which this proof of "exactly once, and settled" cannot include.
 */
const REFUND_READABLE = ['tabby', 'tamara', 'paymennt'] as const;
const TOKEN = 'chaos_api_token';
const LAUNCH_TOKEN = 'chaos_launch_token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  buildMain();
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-chaos-'));
  const sandbox = await spawnListening(['dist/main/serve.js', '--sandbox'], { PAYDESK_SANDBOX_PORT: '0' }, /PayDesk sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const faults = { error_rate: 0.2, timeout_rate: 0.1, fail_after_commit_rate: 0.05, reset_rate: 0.02, timeout_hold_ms: 1_200 };
  let engine: Spawned | undefined;
  let engineUrl = '';
  let kills = 0;
  let finished = false;
  let aborted = false;
  let killer: Promise<void> | undefined;

  const startEngine = async () => {
    engine = await spawnListening(
      ['dist/main/serve.js'],
      { PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_API_TOKEN: TOKEN, PAYDESK_MODE: 'demo', PAYDESK_SANDBOX_URL: sandbox.url, PAYDESK_PROVIDER_TIMEOUT_MS: '800', PAYDESK_LAUNCH_TOKEN: LAUNCH_TOKEN },
      /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    engineUrl = engine.url;
  };

  /** Calls the engine, riding out faults, 5xx and the engine being killed; the same idempotency keys every time. */
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
    for (let attempt = 0; ; attempt++) {
      const base = engineUrl;
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(10_000),
        });
        const json = await res.json().catch(() => undefined);
        if (res.status < 500) return { status: res.status, body: json };
      } catch {
        // engine down, restarting, or the connection dropped: try again
      }
      if (attempt > 400) throw new Error(`${method} ${path} never succeeded`);
      await sleep(100 + Math.random() * 200);
    }
  }

  async function control(path: string, body: unknown = {}): Promise<number> {
    const res = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  }

  async function waitForStatus(id: string, wanted: string[]): Promise<Json> {
    for (let i = 0; i < 300; i++) {
      const r = await call('GET', `/api/v1/providers/paylinks/${id}`);
      if (r.status === 200 && wanted.includes(r.body.status) && !r.body.pending_command) return r.body;
      await sleep(150);
    }
    const last = await call('GET', `/api/v1/providers/paylinks/${id}`);
    const events = await call('GET', `/api/v1/providers/paylinks/${id}/events`);
    const trail = ((events.body?.events ?? []) as Json[]).map((e) => `${e.type}${e.data?.reason ? ` (${String(e.data.reason).slice(0, 80)})` : ''}`).join(', ');
    throw new Error(`paylink ${id} (${last.body?.provider}) never reached ${wanted.join('/')}: ${last.body?.status}, pending ${last.body?.pending_command ?? 'none'}; ${trail}`);
  }

  const outcome = { approved: 0, cancelled: 0, declined: 0 };

  async function lifecycle(i: number): Promise<void> {
    const roll = i % 10;
    // MisPay has no cancel API (a waiting MisPay checkout can only expire), so cancels go to the others.
    const provider = roll === 8 ? CANCELLABLE[i % CANCELLABLE.length]! : roll < 3 ? REFUND_READABLE[i % REFUND_READABLE.length]! : PROVIDERS[i % PROVIDERS.length]!;
    const body = { provider, org_app_id: `app_${provider}_sandbox`, order_id: `CHAOS-${i}`, amount: '250.00', currency: 'SAR', phone_number: '+966500000001' };
    let created: Json;
    for (;;) {
      const r = await call('POST', '/api/v1/providers/paylinks', body, { 'idempotency-key': `chaos-create-${i}` });
      if (r.status === 201) {
        created = r.body;
        break;
      }
      if (r.status >= 400 && r.status < 500 && r.body?.error?.code !== 'provider_rejected') throw new Error(`create ${i}: ${JSON.stringify(r.body)}`);
      await sleep(100);
    }
    const id = created.paylink_id as string;
    if (roll === 8) {
      await call('POST', `/api/v1/providers/paylinks/${id}/cancel`, {});
      const after = await waitForStatus(id, ['cancelled', 'expired']);
      if (after.status === 'cancelled') outcome.cancelled++;
      return;
    }
    if (roll === 9) {
      await control(`/sandbox/_control/${provider}/sessions/${created.session_id}/decline`);
      await waitForStatus(id, ['rejected']);
      outcome.declined++;
      return;
    }
    await control(`/sandbox/_control/${provider}/sessions/${created.session_id}/approve`);
    outcome.approved++;
    const approved = await waitForStatus(id, ['authorized', 'captured']);
    if (approved.status === 'authorized') {
      for (;;) {
        const r = await call('POST', `/api/v1/providers/paylinks/${id}/capture`, { reference_id: `chaos-cap-${i}` });
        if (r.status === 200 || r.status === 202) break;
        if (r.status === 409 && r.body?.error?.code === 'conflict') {
          await sleep(200);
          continue;
        }
        throw new Error(`capture ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      await waitForStatus(id, ['captured']);
    }
    if (roll < 3) {
      const amount = roll === 0 ? '250.00' : '100.00';
      for (;;) {
        const r = await call('POST', `/api/v1/providers/paylinks/${id}/refund`, { reference_id: `chaos-ref-${i}`, amount });
        if (r.status === 200 || r.status === 202) break;
        if (r.status === 409 && r.body?.error?.code === 'conflict') {
          await sleep(200);
          continue;
        }
        throw new Error(`refund ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      await waitForStatus(id, [roll === 0 ? 'refunded' : 'partially_refunded']);
    }
  }

  try {
    await startEngine();
    await control('/sandbox/_control/faults', faults);
    await control('/backoffice/_control/faults', faults);
    log(`faults on: ${JSON.stringify(faults)}`);

    killer = (async () => {
      while (!aborted && (!finished || kills < opts.kills)) {
        await sleep(800 + Math.random() * 2_000);
        if (!engine || aborted) continue;
        engine.child.kill('SIGKILL');
        await waitForExit(engine.child);
        kills++;
        if (aborted) break;
        await startEngine();
        if (finished && kills >= opts.kills) break;
      }
    })();

    let next = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < opts.lifecycles) await lifecycle(next++);
      }),
    );
    finished = true;
    log(`lifecycles done; waiting for ${Math.max(0, opts.kills - kills)} more kills`);
    await killer;

    await fetch(`${sandbox.url}/sandbox/_control/faults`, { method: 'DELETE' });
    await fetch(`${sandbox.url}/backoffice/_control/faults`, { method: 'DELETE' });
    const report = await settleAndVerify(call, sandbox.url, engineUrl, opts.lifecycles);
    return { ...report, lifecycles: opts.lifecycles, kills, approved: outcome.approved, cancelled: outcome.cancelled, declined: outcome.declined };
  } finally {
    finished = true;
    aborted = true;
    await killer?.catch(() => undefined); // let an in-flight restart finish so no engine is left behind
    if (engine) {
      engine.child.kill('SIGTERM');
      await waitForExit(engine.child);
    }
    sandbox.child.kill('SIGTERM');
    await waitForExit(sandbox.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json }>;

async function settleAndVerify(call: Call, sandboxUrl: string, engineUrl: string, lifecycles: number): Promise<Omit<ChaosReport, 'lifecycles' | 'kills' | 'approved' | 'cancelled' | 'declined'>> {
  // Wait for the queues to drain with faults off.
  const cookie = await launchCookie(launchUrlOf(engineUrl, LAUNCH_TOKEN));
  const signIn = await fetch(`${engineUrl}/bridge/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ pin: '9999' }) });
  const session = ((await signIn.json()) as Json).value.token as string;
  let status: Json = {};
  for (let i = 0; i < 240; i++) {
    const r = await fetch(`${engineUrl}/bridge/sync.status`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-paydesk-session': session }, body: '{}' });
    status = ((await r.json()) as Json).value;
    if (status.pending === 0) break;
    await sleep(250);
  }

  const paylinks: Json[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: Json } = await call('GET', `/api/v1/providers/paylinks?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    paylinks.push(...r.body.paylinks);
    cursor = r.body.next_cursor;
  } while (cursor);

  const ledger = ((await (await fetch(`${sandboxUrl}/sandbox/_control/ledger`)).json()) as Json).entries as Json[];
  const bySession = (op: string) => {
    const m = new Map<string, number>();
    for (const e of ledger) if (e.op === op) m.set(e.session_id, (m.get(e.session_id) ?? 0) + 1);
    return m;
  };
  const captures = bySession('capture');
  const refunds = bySession('refund');
  const captured = paylinks.filter((p) => p.captured_minor > 0);
  const refunded = paylinks.filter((p) => p.refunded_minor > 0);

  const bo = SANDBOX_CREDENTIALS.backoffice;
  const missingBackoffice: string[] = [];
  const duplicateBackoffice: string[] = [];
  let receipts = 0;
  let boRefunds = 0;
  for (const p of captured) {
    const r = await fetch(`${sandboxUrl}/backoffice/v1/om/payments?orderId=${encodeURIComponent(p.order_id)}`, { headers: { 'api-key': bo.api_key, 'organization-id': bo.organization_id } });
    const items = (((await r.json()) as Json).data?.items ?? []) as Json[];
    const rc = items.filter((x) => x.type === 'receipt' && !x.reversedAt).length;
    const rf = items.filter((x) => x.type === 'refund' && !x.reversedAt).length;
    receipts += rc;
    boRefunds += rf;
    if (rc === 0 || (p.refunded_minor > 0 && rf === 0)) missingBackoffice.push(p.id);
    if (rc > 1 || rf > 1) duplicateBackoffice.push(p.id);
  }
  return {
    captured_paylinks: captured.length,
    sandbox_captures: captured.reduce((n, p) => n + (captures.get(p.session_id) ?? 0), 0),
    refunded_paylinks: refunded.length,
    sandbox_refunds: refunded.reduce((n, p) => n + (refunds.get(p.session_id) ?? 0), 0),
    backoffice_receipts: receipts,
    backoffice_refunds: boRefunds,
    stuck_unknown: paylinks.filter((p) => p.status === 'unknown').length,
    pending_commands: paylinks.filter((p) => p.pending_command).length,
    outbox_pending: status.pending ?? -1,
    dead_letters: status.dead ?? -1,
    duplicate_captures: captured.filter((p) => (captures.get(p.session_id) ?? 0) !== 1).map((p) => `${p.id}:${p.provider}:${captures.get(p.session_id) ?? 0}`),
    duplicate_refunds: refunded.filter((p) => (refunds.get(p.session_id) ?? 0) !== 1).map((p) => `${p.id}:${p.provider}:${refunds.get(p.session_id) ?? 0}`),
    missing_backoffice: missingBackoffice,
    duplicate_backoffice: duplicateBackoffice,
    ...(paylinks.length < lifecycles ? { note: `only ${paylinks.length} paylinks listed` } : {}),
  } as Omit<ChaosReport, 'lifecycles' | 'kills' | 'approved' | 'cancelled' | 'declined'>;
}
