import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

// Capture, refund and cancel that cannot reach the provider are queued with their key and resume on a retry.
let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk({ providerTimeoutMs: 1_000 });
});
afterAll(() => pd.close());
beforeEach(async () => {
  await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
});

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const tabby = (order: string) => ({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: order, amount: '150.00', currency: 'SAR', buyer_phone: '0500000001' });

async function control(path: string, body: unknown = {}, method = 'POST'): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${pd.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const faults = (f: Record<string, unknown>) => control('/sandbox/_control/faults', { provider: 'tabby', ...f });
const clearFaults = () => control('/sandbox/_control/faults', {}, 'DELETE');

async function ledger(op: string, sessionId: string): Promise<Json[]> {
  const body = (await (await fetch(`${pd.url}/sandbox/_control/ledger`)).json()) as { entries: Json[] };
  return body.entries.filter((e) => e.op === op && e.session_id === sessionId);
}

async function until(what: string, id: string, done: (p: Json) => boolean, timeoutMs = 10_000): Promise<Json> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = (await pd.api('GET', `/api/v1/providers/paylinks/${id}?`)).body;
    if (done(p)) return p;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function approvedTabby(order: string): Promise<{ id: string; session: string }> {
  const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: tabby(order) });
  expect(created.status, created.text).toBe(201);
  await control(`/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`);
  await until('authorized', created.body.paylink_id, (p) => p.status === 'authorized');
  return { id: created.body.paylink_id, session: created.body.session_id };
}

describe('a provider that is down', () => {
  it('capture answers 202 capture_pending and completes once when the provider returns', async () => {
    const { id, session } = await approvedTabby('DOWN-CAP-1');
    await faults({ error_rate: 1 });
    const queued = await pd.api('POST', `/api/v1/providers/paylinks/${id}/capture`, { body: { reference_id: 'down-cap-1' } });
    expect(queued.status, queued.text).toBe(202);
    expect(queued.body).toMatchObject({ success: true, status: 'capture_pending', paylink_status: 'authorized', reference_id: 'down-cap-1' });
    const events = (await pd.api('GET', `/api/v1/providers/paylinks/${id}/events`)).body.events.map((e: Json) => e.type);
    expect(events).toContain('capture_queued');
    await clearFaults();
    const done = await until('captured by the background retry', id, (p) => p.status === 'captured' && !p.pending_command);
    expect(done.captured_amount).toBe('150.00');
    expect(await ledger('capture', session)).toHaveLength(1);
    const again = await pd.api('POST', `/api/v1/providers/paylinks/${id}/capture`, { body: { reference_id: 'down-cap-1' } });
    expect(again.status).toBe(200);
    expect(await ledger('capture', session)).toHaveLength(1);
  });

  it('a client retry with the same reference_id resumes the queued capture', async () => {
    const { id, session } = await approvedTabby('DOWN-CAP-2');
    await faults({ error_rate: 1 });
    expect((await pd.api('POST', `/api/v1/providers/paylinks/${id}/capture`, { body: { reference_id: 'down-cap-2' } })).status).toBe(202);
    await clearFaults();
    const resumed = await pd.api('POST', `/api/v1/providers/paylinks/${id}/capture`, { body: { reference_id: 'down-cap-2' } });
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body).toMatchObject({ paylink_status: 'captured', captured_amount: '150.00' });
    expect(await ledger('capture', session)).toHaveLength(1);
  });

  it('a retried cancel resumes the queued cancel instead of answering 409', async () => {
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: tabby('DOWN-CNL-1') });
    const id = created.body.paylink_id as string;
    await faults({ error_rate: 1 });
    const queued = await pd.api('POST', `/api/v1/providers/paylinks/${id}/cancel`, { body: {} });
    expect(queued.status, queued.text).toBe(202);
    expect(queued.body.status).toBe('cancel_pending');
    await clearFaults();
    const resumed = await pd.api('POST', `/api/v1/providers/paylinks/${id}/cancel`, { body: {} });
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body.status).toBe('cancelled');
  });

  it('a Tabby cancel whose answer is lost, settled by re-reading, ends cancelled', async () => {
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: tabby('LOST-CNL-1') });
    const id = created.body.paylink_id as string;
    await faults({ fail_after_commit_rate: 1 });
    const res = await pd.api('POST', `/api/v1/providers/paylinks/${id}/cancel`, { body: {} });
    await clearFaults();
    expect(res.status, res.text).toBeLessThan(300);
    const settled = await until('settled', id, (p) => !p.pending_command);
    expect(settled.status).toBe('cancelled');
  });
});
