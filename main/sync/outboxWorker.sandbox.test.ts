import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startSandboxServer, type RunningSandbox } from '../sandbox/index';
import { openDatabase, type Db } from '../store/db';
import { createServer } from 'node:net';
import { createHttpClient } from '../providers/http';
import { OUTBOX_DDL, enqueueOutboxItem, listOutbox, nextDueAt } from '../store/outbox';
import { BACKOFFICE_TOPICS, backofficeHandlers, createBackofficeClient, createKeepAliveFetch, type BackofficeClient } from './backofficeClient';
import { DEFAULT_MAX_DELAY_MS, createOutboxWorker, type OutboxHandler, type OutboxWorkerOptions } from './outboxWorker';

// The worker against the back-office simulator over real HTTP, with a durable SQLite file:
// what a till does when it syncs through a flaky network.

let sandbox: RunningSandbox;
let baseUrl: string;
let client: BackofficeClient;
let dir: string;
let dbFile: string;
let db: Db;

beforeAll(async () => {
  sandbox = await startSandboxServer();
  baseUrl = `${sandbox.url}/backoffice`;
  const { api_key, organization_id } = SANDBOX_CREDENTIALS.backoffice;
  client = createBackofficeClient({ baseUrl, apiKey: api_key, organizationId: organization_id, timeoutMs: 2_000 });
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${baseUrl}/_control/faults`, { method: 'DELETE' });
  await fetch(`${baseUrl}/_control/state`, { method: 'DELETE' });
  dir = mkdtempSync(join(tmpdir(), 'paydesk-sync-'));
  dbFile = join(dir, 'paydesk.sqlite');
  db = openOutbox();
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openOutbox(): Db {
  return openDatabase(dbFile, [(d) => d.exec(OUTBOX_DDL)]);
}


interface Plan {
  orderId: string;
  paymentId: string;
  amended: boolean;
  reversed: boolean;
}

/** Each sale: create, maybe amend (must precede confirm), confirm, maybe reverse — enqueued sale by sale. */
function enqueueSales(target: Db, sales: number): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < sales; i++) {
    const plan = { orderId: `ORD-${i}`, paymentId: randomUUID(), amended: i % 3 === 0, reversed: i % 5 === 0 };
    plans.push(plan);
    const { orderId, paymentId: id } = plan;
    const messages: Array<[string, unknown]> = [[BACKOFFICE_TOPICS.create, { id, orderId, type: 'receipt', amount: 10 + i, methodId: 'tabby', transactionRef: `tabby_${i}` }]];
    if (plan.amended) messages.push([BACKOFFICE_TOPICS.update, { id, orderId, amount: 5 + i, note: 'discount applied' }]);
    messages.push([BACKOFFICE_TOPICS.confirm, { id, orderId, transactionRef: `tabby_cap_${i}` }]);
    if (plan.reversed) messages.push([BACKOFFICE_TOPICS.delete, { id, orderId }]);
    target
      .transaction(() => {
        for (const [topic, payload] of messages) enqueueOutboxItem(target, { id: randomUUID(), topic, orderKey: orderId, payload }, Date.now());
      })
      .immediate();
  }
  return plans;
}

/** Drains until nothing is left to send (items in backoff become due after a few ms). */
async function drainAll(options: Omit<OutboxWorkerOptions, 'db' | 'handlers'> = {}, target: Db = db): Promise<void> {
  const worker = createOutboxWorker({ db: target, handlers: backofficeHandlers(client), ...options });
  const deadline = Date.now() + 15_000;
  while (worker.stats().pending > 0 && Date.now() < deadline) {
    await worker.drainOnce();
    await new Promise((r) => setTimeout(r, 2));
  }
  await worker.stop();
}

/** Proves the simulator ended in the planned state with every effect applied exactly once, in order. */
async function expectExactlyOnce(plans: Plan[]): Promise<void> {
  const state = await (await fetch(`${baseUrl}/_control/state`)).json();
  const ledger = (await (await fetch(`${baseUrl}/_control/ledger`)).json()).entries as Array<{ seq: number; op: string; payment_id: string; duplicate: boolean }>;
  expect(state.total).toBe(plans.length);
  const byId = new Map<string, { status: string; amount: number; note: string | null }>(state.payments.map((p: { id: string }) => [p.id, p]));
  for (const plan of plans) {
    const i = Number(plan.orderId.slice(4));
    expect(byId.get(plan.paymentId)).toMatchObject({ status: plan.reversed ? 'reversed' : 'complete', amount: plan.amended ? 5 + i : 10 + i });
    const applied = ledger.filter((e) => e.payment_id === plan.paymentId && !e.duplicate).map((e) => e.op);
    expect(applied).toEqual(['create', ...(plan.amended ? ['update'] : []), 'confirm', ...(plan.reversed ? ['delete'] : [])]);
  }
  expect(listOutbox(db, { status: 'pending', limit: 10 })).toEqual([]);
  expect(listOutbox(db, { status: 'dead', limit: 10 })).toEqual([]);
}

describe('outbox worker → back-office simulator', () => {
  it('delivers a day of sales, every order in sequence', async () => {
    const plans = enqueueSales(db, 300);
    await drainAll({ concurrency: 24 });
    await expectExactlyOnce(plans);
  });

  it('delivers everything exactly once through errors, resets and lost answers', async () => {
    await fetch(`${baseUrl}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: 0.3, fail_after_commit_rate: 0.2, reset_rate: 0.1, timeout_rate: 0.02, timeout_hold_ms: 30 }),
    });
    const plans = enqueueSales(db, 120);
    // Tiny delays keep the test fast; failures are retried until each item goes through.
    await drainAll({ baseDelayMs: 1, maxDelayMs: 10, concurrency: 16 });
    await fetch(`${baseUrl}/_control/faults`, { method: 'DELETE' });
    await expectExactlyOnce(plans);
    const ledger = (await (await fetch(`${baseUrl}/_control/ledger`)).json()).entries as Array<{ duplicate: boolean }>;
    expect(ledger.some((e) => e.duplicate)).toBe(true);
  });

  it('resumes after a restart: what was left pending goes out from the reopened file', async () => {
    const plans = enqueueSales(db, 60);
    let deliveredBeforeCrash = 0;
    let stopping: Promise<void> | undefined;
    const base = backofficeHandlers(client);
    const first = createOutboxWorker({
      db,
      concurrency: 4,
      handlers: Object.fromEntries(
        Object.entries(base).map(([topic, handler]): [string, OutboxHandler] => [
          topic,
          async (item) => {
            await handler(item);
            // The till shuts down mid-sync; stop() cannot be awaited from inside the drain it waits for.
            if (++deliveredBeforeCrash === 40) stopping = first.stop();
          },
        ]),
      ),
    });
    await first.drainOnce();
    await stopping;
    db.close();
    expect(deliveredBeforeCrash).toBeLessThan(plans.length * 2);

    db = openOutbox();
    expect(listOutbox(db, { status: 'pending', limit: 500 }).length).toBeGreaterThan(0);
    await drainAll({}, db);
    await expectExactlyOnce(plans);
  });

  it('a back office unreachable for 72 hours loses nothing and needs no click', async () => {
    // What is under test is the retry policy over ~900 simulated drains, not the fsync of each one.
    db.pragma('synchronous = OFF');
    const plans = enqueueSales(db, 6);
    const { api_key, organization_id } = SANDBOX_CREDENTIALS.backoffice;
    // One attempt per call and a short timeout: the worker's own backoff is what is under test.
    const transport = createKeepAliveFetch();
    const clientAt = (url: string) =>
      createBackofficeClient({ baseUrl: url, apiKey: api_key, organizationId: organization_id, timeoutMs: 100, http: createHttpClient({ provider: 'back office', maxAttempts: 1, fetchImpl: transport.fetch }) });
    const live = clientAt(baseUrl);
    const nowhere = clientAt(`http://127.0.0.1:${await closedPort()}/backoffice`);
    // Faults posted are merged into the current ones: clear them first so each phase has only its own.
    const setFaults = async (faults: Record<string, number> | null) => {
      await fetch(`${baseUrl}/_control/faults`, { method: 'DELETE' });
      if (faults) await fetch(`${baseUrl}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    };
    const HOUR = 3_600_000;
    // The weekend: nothing listening, then 503s, then broken connections and timeouts, then answers that are lost after the write.
    const phases: Array<{ untilH: number; target: BackofficeClient; faults: Record<string, number> | null }> = [
      { untilH: 40, target: nowhere, faults: null },
      { untilH: 60, target: live, faults: { error_rate: 1 } },
      { untilH: 64, target: live, faults: { reset_rate: 1 } },
      { untilH: 65, target: live, faults: { timeout_rate: 1, timeout_hold_ms: 150 } },
      { untilH: 72, target: live, faults: { fail_after_commit_rate: 1 } },
    ];
    let target = nowhere;
    const handlers = Object.fromEntries(
      Object.values(BACKOFFICE_TOPICS).map((topic): [string, OutboxHandler] => [topic, (item) => backofficeHandlers(target)[topic]!(item)]),
    );
    const start = Date.now();
    let clock = start;
    // The top of the jitter range keeps the orders in step, so the simulated weekend takes ~900 drains, not ~9,000.
    const worker = createOutboxWorker({ db, handlers, now: () => clock, random: () => 0.999, concurrency: 8 });
    let attempts = 0;
    let longestWaitMs = 0;
    try {
      for (const phase of phases) {
        target = phase.target;
        await setFaults(phase.faults);
        while (clock < start + phase.untilH * HOUR) {
          await worker.drainOnce();
          attempts++;
          const due = nextDueAt(db) ?? Infinity;
          longestWaitMs = Math.max(longestWaitMs, due - clock);
          clock = Math.min(Math.max(due, clock + 1), start + phase.untilH * HOUR);
        }
      }
      expect(worker.stats()).toMatchObject({ pending: plans.length * 2 + plans.filter((p) => p.amended).length + plans.filter((p) => p.reversed).length, dead: 0 });
      // 72 hours at a cap of 5 minutes: hundreds of tries, none further apart than the cap.
      expect(attempts).toBeGreaterThan((72 * HOUR) / DEFAULT_MAX_DELAY_MS);
      expect(longestWaitMs).toBeLessThanOrEqual(DEFAULT_MAX_DELAY_MS);

      // Monday morning: the back office answers again; the queue empties by itself on the same clock.
      await setFaults(null);
      target = live;
      const backAt = clock;
      while (worker.stats().pending > 0 && clock < backAt + HOUR) {
        await worker.drainOnce();
        clock = Math.max(nextDueAt(db) ?? clock, clock + 1);
      }
      expect(clock - backAt).toBeLessThanOrEqual(DEFAULT_MAX_DELAY_MS * 2);
      await expectExactlyOnce(plans);
      // The lost answers were writes the back office had applied: replayed by their keys, not applied twice.
      const ledger = (await (await fetch(`${baseUrl}/_control/ledger`)).json()).entries as Array<{ duplicate: boolean }>;
      expect(ledger.some((e) => e.duplicate)).toBe(true);
    } finally {
      await worker.stop();
      transport.close();
    }
  }, 90_000);
});

/** A loopback port with nothing listening on it: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
