import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settleAndVerify, type ChaosVerdict } from './chaosVerify';
import { buildMain, spawnListening, waitForExit, type Spawned } from './processes';

// The crash-and-fault proof of DESIGN §5: the engine runs as a child process against an external sandbox
// (providers + back office) with faults on, drives many paylink lifecycles, is SIGKILLed at random moments
// and restarted; at the end every money effect must exist exactly once.

export interface ChaosOptions {
  lifecycles: number;
  kills: number;
  concurrency: number;
  log?: (line: string) => void;
}

export interface ChaosReport extends ChaosVerdict {
  lifecycles: number;
  kills: number;
  approved: number;
  cancelled: number;
  declined: number;
  /** Creates whose answer was lost (202, status unknown). */
  lost_creates: number;
  /** Of those, links the provider had opened that the customer then paid. */
  orphans_paid: number;
  partial_captures: number;
  kwd_sales: number;
  double_submits: number;
  /** A 5xx to a well-formed request that is not a 502/503 provider_* answer. */
  server_errors: string[];
  /** Two answers to one double-submitted request that name different paylinks or states. */
  mismatched_answers: string[];
}

// MisPay is not in this proof: its end-checkout and refund can be neither repeated nor read back, and it is read
// only by the trackId of its create answer, so a MisPay call cut off by a crash or a lost answer cannot be settled
// by any till. PayDesk keeps such a call pending (or the link unknown) for a manager; that is tested on its own
// (main/api/lostCreate.test.ts, main/providers/mispay.test.ts).
const PROVIDERS = ['tabby', 'tamara', 'paymennt'] as const;
const CANCELLABLE = PROVIDERS;
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

  const serverErrors: string[] = [];
  let holdKills = 0;
  /**
   * Calls the engine, riding out a killed engine and provider faults, with the same idempotency keys every time.
   * Any 5xx other than a 502/503 naming a provider_* code is recorded as a defect (and retried).
   */
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
        const code = String(json?.error?.code ?? '');
        if (!((res.status === 502 || res.status === 503) && code.startsWith('provider_'))) serverErrors.push(`${method} ${path} → ${res.status} ${code}`);
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
    let last: Json;
    for (let i = 0; i < 300; i++) {
      const r = await call('GET', `/api/v1/providers/paylinks/${id}`);
      last = r.body;
      if (r.status === 200 && wanted.includes(r.body.status) && !r.body.pending_command) return r.body;
      await sleep(150);
    }
    throw new Error(`paylink ${id} (${last?.provider}) never reached ${wanted.join('/')}: ${last?.status}, pending ${last?.pending_command}`);
  }

  const outcome = { approved: 0, cancelled: 0, declined: 0, lost_creates: 0, orphans_paid: 0, partial_captures: 0, kwd_sales: 0, double_submits: 0 };
  const mismatched: string[] = [];

  const engineUp = async () => {
    await call('GET', '/api/v1/providers');
  };
  const get = async (id: string) => (await call('GET', `/api/v1/providers/paylinks/${id}`)).body as Json;

  async function ledgerCreate(provider: string, paylinkId: string): Promise<Json | undefined> {
    const entries = ((await (await fetch(`${sandbox.url}/sandbox/_control/ledger`)).json()) as Json).entries as Json[];
    return entries.find((e) => e.op === 'create' && e.provider === provider && e.reference === paylinkId);
  }

  /**
   * The customer approves on their phone. For an orphaned link of a provider without a lookup by our reference
   * (Tabby), the provider's notification, retried only briefly, is the only sign of the session; one sent while
   * the engine is down is lost to any till, so those approvals land while the engine runs.
   */
  async function customerApproves(provider: string, sessionId: string, orphan = false): Promise<void> {
    if (orphan) holdKills++;
    try {
      if (orphan) await engineUp();
      await control(`/sandbox/_control/${provider}/sessions/${sessionId}/approve`);
    } finally {
      if (orphan) holdKills--;
    }
  }

  /** Sends one request, twice at once for a double submit; both answers must name the same paylink in the same state. */
  async function submit(i: number, what: string, path: string, body: unknown, headers: Record<string, string>, double: boolean) {
    if (!double) return call('POST', path, body, headers);
    outcome.double_submits++;
    const [a, b] = await Promise.all([call('POST', path, body, headers), call('POST', path, body, headers)]);
    const sameLink = a.body?.paylink_id === b.body?.paylink_id;
    const bothOk = a.status < 300 && b.status < 300;
    if (bothOk && !sameLink) mismatched.push(`${what} ${i}: ${a.body?.paylink_id} vs ${b.body?.paylink_id}`);
    return a.status < 300 ? a : b;
  }

  /**
   * A create whose answer was lost: if the provider opened the session, the customer (who got the SMS / saw the QR)
   * pays it and PayDesk must adopt it; if not, PayDesk resolves it, or the cashier settles it and starts again.
   */
  async function settleLostCreate(i: number, provider: string, id: string): Promise<{ view: Json | null; paid: boolean }> {
    outcome.lost_creates++;
    const entry = await ledgerCreate(provider, id);
    if (entry) {
      outcome.orphans_paid++;
      await customerApproves(provider, entry.session_id, true);
      for (let n = 0; n < 300; n++) {
        const p = await get(id);
        if (p.status !== 'unknown' && p.session_id) return { view: p, paid: true };
        await sleep(150);
      }
      throw new Error(`lost create ${i} (${provider}) was paid but never adopted`);
    }
    for (let n = 0; n < 15; n++) {
      const p = await get(id);
      if (p.status !== 'unknown') return { view: p.session_id ? p : null, paid: false };
      await sleep(150);
    }
    // Still checking (a provider without a lookup): the cashier settles it.
    await call('POST', `/api/v1/providers/paylinks/${id}/cancel`, {});
    for (let n = 0; n < 300; n++) {
      const p = await get(id);
      if (p.status !== 'unknown' && !p.pending_command) return { view: p.session_id && p.status !== 'cancelled' ? p : null, paid: false };
      await sleep(150);
    }
    throw new Error(`lost create ${i} (${provider}) stayed unknown`);
  }

  /** Creates the sale's link: a new key only after PayDesk said no session exists for the previous one. */
  async function createLink(i: number, body: Json): Promise<{ view: Json; paid: boolean }> {
    for (let round = 0; round < 20; round++) {
      const key = round === 0 ? `chaos-create-${i}` : `chaos-create-${i}-r${round}`;
      const r = await submit(i, 'create', '/api/v1/providers/paylinks', body, { 'idempotency-key': key }, i % 7 === 3);
      if (r.status >= 400) {
        if (r.status < 500 && r.body?.error?.code !== 'provider_rejected') throw new Error(`create ${i}: ${JSON.stringify(r.body)}`);
        await sleep(100);
        round--; // the provider failed before acting: the same key again
        continue;
      }
      const first = r.body;
      if (first.status !== 'unknown' && first.session_id) return { view: await get(first.paylink_id), paid: false };
      if (first.status === 'unknown') {
        const settled = await settleLostCreate(i, body.provider, first.paylink_id);
        if (settled.view) return { view: settled.view, paid: settled.paid };
      }
      // voided: no session exists for that key; the cashier starts the link again
    }
    throw new Error(`create ${i}: no link after 20 rounds`);
  }

  async function command(i: number, what: string, path: string, body: Json, double = false): Promise<void> {
    let current = body;
    for (let refused = 0; ; ) {
      const r = await submit(i, what, path, current, {}, double);
      if (r.status === 200 || r.status === 202) return;
      if (r.status === 409 && r.body?.error?.code === 'conflict') {
        await sleep(200);
        continue;
      }
      // The provider refused this attempt (e.g. MisPay before its notification named the checkout): nothing moved,
      // so the cashier tries again, which is a new command with a new key.
      if (r.status === 422 && r.body?.error?.code === 'provider_rejected' && current.reference_id && refused < 50) {
        refused++;
        current = { ...body, reference_id: `${body.reference_id}-r${refused}` };
        await sleep(300);
        continue;
      }
      throw new Error(`${what} ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  async function lifecycle(i: number): Promise<void> {
    const roll = i % 10;
    const provider = roll === 8 ? CANCELLABLE[i % CANCELLABLE.length]! : PROVIDERS[i % PROVIDERS.length]!;
    const kwd = (i % 12 === 3 || i % 12 === 4) && (provider === 'tabby' || provider === 'tamara');
    if (kwd) outcome.kwd_sales++;
    const amount = kwd ? { amount: '75.125', currency: 'KWD', part: '30.125', refundPart: '10.500' } : { amount: '250.00', currency: 'SAR', part: '100.00', refundPart: '100.00' };
    const body = { provider, org_app_id: `app_${provider}_sandbox`, order_id: `CHAOS-${i}`, amount: amount.amount, currency: amount.currency, phone_number: '+966500000001' };
    const { view: created, paid } = await createLink(i, body);
    const id = created.id as string;
    if (!paid && roll === 8) {
      await command(i, 'cancel', `/api/v1/providers/paylinks/${id}/cancel`, {}, i % 3 === 0);
      const after = await waitForStatus(id, ['cancelled', 'expired']);
      if (after.status === 'cancelled') outcome.cancelled++;
      return;
    }
    if (!paid && roll === 9) {
      await control(`/sandbox/_control/${provider}/sessions/${created.session_id}/decline`);
      await waitForStatus(id, ['rejected']);
      outcome.declined++;
      return;
    }
    if (!paid) await customerApproves(provider, created.session_id);
    outcome.approved++;
    const approved = await waitForStatus(id, ['authorized', 'captured']);
    if (approved.status === 'authorized') {
      const partial = (roll === 3 || roll === 4) && (provider === 'tabby' || provider === 'tamara');
      if (partial) {
        outcome.partial_captures++;
        await command(i, 'capture', `/api/v1/providers/paylinks/${id}/capture`, { reference_id: `chaos-cap-${i}-a`, amount: amount.part });
        await waitForStatus(id, ['authorized', 'captured']);
      }
      await command(i, 'capture', `/api/v1/providers/paylinks/${id}/capture`, { reference_id: `chaos-cap-${i}` }, i % 4 === 1);
      await waitForStatus(id, ['captured']);
    }
    if (roll < 3) {
      const refund = roll === 0 ? { reference_id: `chaos-ref-${i}` } : { reference_id: `chaos-ref-${i}`, amount: amount.refundPart };
      await command(i, 'refund', `/api/v1/providers/paylinks/${id}/refund`, refund, i % 4 === 2);
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
        while (holdKills > 0 && !aborted) await sleep(20);
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
    const verdict = await settleAndVerify(call, sandbox.url, engineUrl, LAUNCH_TOKEN);
    return { ...verdict, ...outcome, lifecycles: opts.lifecycles, kills, server_errors: serverErrors, mismatched_answers: mismatched };
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

