import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startSandboxServer, type RunningSandbox } from '../sandbox/index';
import { openDatabase, type Db } from '../store/db';
import { OUTBOX_DDL, enqueueOutboxItem, listOutbox } from '../store/outbox';
import { BACKOFFICE_TOPICS, backofficeHandlers, createBackofficeClient, type BackofficeClient } from './backofficeClient';
import { createOutboxWorker, type OutboxHandler, type OutboxWorkerOptions } from './outboxWorker';

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
    // Enough attempts that a 50% per-call failure rate cannot exhaust them; tiny delays keep the test fast.
    await drainAll({ baseDelayMs: 1, maxDelayMs: 10, maxAttempts: 40, concurrency: 16 });
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
});
