import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderCallError, type HttpClient } from '../providers/http';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startSandboxServer, type RunningSandbox } from '../sandbox/index';
import type { OutboxItem } from '../store/outbox';
import { BACKOFFICE_TOPICS, backofficeHandlers, createBackofficeClient, type BackofficeClient, type CreatePaymentParams } from './backofficeClient';
import { PermanentDeliveryError } from './outboxWorker';

let sandbox: RunningSandbox;
let baseUrl: string;
let client: BackofficeClient;

beforeAll(async () => {
  sandbox = await startSandboxServer();
  baseUrl = `${sandbox.url}/backoffice`;
  client = createBackofficeClient({ baseUrl, apiKey: SANDBOX_CREDENTIALS.backoffice.api_key, organizationId: SANDBOX_CREDENTIALS.backoffice.organization_id, timeoutMs: 2_000 });
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${baseUrl}/_control/faults`, { method: 'DELETE' });
  await fetch(`${baseUrl}/_control/state`, { method: 'DELETE' });
});

async function setFaults(faults: Record<string, number>): Promise<void> {
  await fetch(`${baseUrl}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
}

async function simulatorPayments(): Promise<Array<{ id: string; status: string }>> {
  return (await (await fetch(`${baseUrl}/_control/state`)).json()).payments;
}

function receipt(overrides: Partial<CreatePaymentParams> = {}): CreatePaymentParams {
  return { id: randomUUID(), orderId: `ORD-${randomUUID().slice(0, 8)}`, type: 'receipt', amount: 99.95, methodId: 'tamara', transactionRef: 'tamara_ord_1', ...overrides };
}

function outboxItem(topic: string, payload: unknown): OutboxItem {
  return { seq: 1, id: randomUUID(), topic, orderKey: 'o', payload, status: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, discardReason: null, createdAt: 0, updatedAt: 0 };
}

/** An HTTP helper stand-in that fails every call the given way. */
function failingHttp(err: Error): HttpClient {
  return { request: async () => Promise.reject(err) };
}

describe('back-office client against the simulator', () => {
  it('creates, updates, confirms, lists and deletes a payment', async () => {
    const params = receipt();
    expect(await client.createPayment(params)).toEqual({ id: params.id });
    expect(await client.updatePayment({ id: params.id, orderId: params.orderId, note: 'gift wrap' })).toEqual({ success: true });

    const confirmed = await client.confirmPayment({ id: params.id, orderId: params.orderId, transactionRef: 'tamara_cap_1' });
    expect(confirmed.items[0]).toMatchObject({ id: params.id, status: 'complete', transactionRef: 'tamara_cap_1', note: 'gift wrap' });
    expect(confirmed.paymentMethods.find((m) => m.id === 'tamara')?.locales.en.name).toBe('Tamara');

    const listed = await client.listPayments(params.orderId);
    expect(listed.items.map((p) => p.id)).toEqual([params.id]);

    const deleted = await client.deletePayment({ id: params.id });
    expect(deleted.items[0]).toMatchObject({ status: 'reversed', reversedAt: expect.any(String) });
  });

  it('creates a payment once however often the create is repeated', async () => {
    const params = receipt();
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => client.createPayment(params, { idempotencyKey: key })));
    expect(answers.map((a) => a.id)).toEqual([params.id, params.id, params.id]);
    expect(await simulatorPayments()).toHaveLength(1);
  });

  it('reports a refusal (4xx) as permanent, with the back office’s reason', async () => {
    const invalid = client.createPayment(receipt({ amount: -1 }));
    await expect(invalid).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(invalid).rejects.toThrow(/HTTP 400.*params\.amount/);

    const unknown = client.confirmPayment({ id: 'no-such-payment' });
    await expect(unknown).rejects.toMatchObject({ code: 'provider_rejected', details: { status: 404 } });

    const wrongKey = createBackofficeClient({ baseUrl, apiKey: 'not-the-key', organizationId: SANDBOX_CREDENTIALS.backoffice.organization_id });
    const refused = wrongKey.createPayment(receipt());
    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toThrow(/HTTP 401/);
    await expect(refused).rejects.not.toThrow(/not-the-key/);
  });

  it('reports outages and lost answers as transient, and a retry applies nothing twice', async () => {
    await setFaults({ error_rate: 1 });
    const unavailable = client.createPayment(receipt());
    await expect(unavailable).rejects.toBeInstanceOf(ProviderCallError);
    await expect(unavailable).rejects.not.toBeInstanceOf(PermanentDeliveryError);

    await setFaults({ error_rate: 0, fail_after_commit_rate: 1 });
    const params = receipt();
    await expect(client.createPayment(params)).rejects.toMatchObject({ failure: 'unknown' });
    await fetch(`${baseUrl}/_control/faults`, { method: 'DELETE' });
    expect(await client.createPayment(params)).toEqual({ id: params.id });
    expect(await simulatorPayments()).toHaveLength(1);
  });

  it('gives up on a call that hangs after timeoutMs and reports the outcome as unknown', async () => {
    await setFaults({ timeout_rate: 1, timeout_hold_ms: 3_000 });
    const impatient = createBackofficeClient({ baseUrl, apiKey: SANDBOX_CREDENTIALS.backoffice.api_key, organizationId: SANDBOX_CREDENTIALS.backoffice.organization_id, timeoutMs: 100 });
    const startedAt = Date.now();
    await expect(impatient.createPayment(receipt())).rejects.toMatchObject({ failure: 'unknown', message: expect.stringMatching(/did not answer in time/) });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    impatient.close();
  });

  it('reports an unreachable back office as transient', async () => {
    const closed = await startSandboxServer();
    const closedUrl = `${closed.url}/backoffice`;
    await closed.close();
    const offline = createBackofficeClient({ baseUrl: closedUrl, apiKey: 'k', organizationId: 'o', timeoutMs: 1_000 });
    await expect(offline.listPayments('ORD-1')).rejects.toMatchObject({ failure: 'unreachable' });
  });
});

describe('back-office client failure classification', () => {
  const make = (err: Error) => createBackofficeClient({ baseUrl: 'http://back.office', apiKey: 'k', organizationId: 'o', http: failingHttp(err) });

  it.each([409, 400, 422])('treats an HTTP %i "already exists" answer to a create as success', async (status) => {
    const conflict = new ProviderCallError('rejected', `HTTP ${status}`, { status, body: '{"error":{"code":"payment_already_exists","message":"Payment already exists"}}' });
    expect(await make(conflict).createPayment(receipt({ id: 'pay-1' }))).toEqual({ id: 'pay-1' });
    await expect(make(conflict).confirmPayment({ id: 'pay-1' })).rejects.toBeDefined();
  });

  it.each([
    [408, 'Request Timeout'],
    [409, 'locked by another request'],
    [429, 'slow down'],
  ])('keeps HTTP %i retryable', async (status, body) => {
    const err = new ProviderCallError(status === 429 ? 'server' : 'rejected', `HTTP ${status}`, { status, body });
    const call = make(err).updatePayment({ id: 'pay-1', note: 'x' });
    await expect(call).rejects.toBe(err);
  });
});

describe('backofficeHandlers', () => {
  it('maps each topic to its call and passes the item id as the idempotency key', async () => {
    const calls: Array<[string, unknown, unknown]> = [];
    const fake: BackofficeClient = {
      createPayment: async (p, o) => (calls.push(['create', p, o]), { id: p.id }),
      updatePayment: async (p, o) => (calls.push(['update', p, o]), { success: true }),
      confirmPayment: async (p, o) => (calls.push(['confirm', p, o]), { items: [], paymentMethods: [] }),
      deletePayment: async (p, o) => (calls.push(['delete', p, o]), { items: [], paymentMethods: [] }),
      listPayments: async () => ({ items: [], paymentMethods: [] }),
      close: () => undefined,
    };
    const handlers = backofficeHandlers(fake);
    expect(Object.keys(handlers).sort()).toEqual(Object.values(BACKOFFICE_TOPICS).sort());
    for (const [verb, topic] of Object.entries(BACKOFFICE_TOPICS)) {
      const item = outboxItem(topic, { id: 'pay-1', orderId: 'ORD-1' });
      await handlers[topic]?.(item);
      expect(calls.at(-1)).toEqual([verb, { id: 'pay-1', orderId: 'ORD-1' }, { idempotencyKey: item.id }]);
    }
  });

  it('refuses for good a payload without a payment id', async () => {
    const handlers = backofficeHandlers(client);
    await expect(handlers[BACKOFFICE_TOPICS.confirm]?.(outboxItem(BACKOFFICE_TOPICS.confirm, { orderId: 'ORD-1' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
