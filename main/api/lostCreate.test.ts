import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startTestPayDesk } from '../testing/payDesk';

// Create is a command like capture: recorded before the provider call, resolved by looking the session up.
let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk({ providerTimeoutMs: 1_000 }, { createResolution: { firstCheckAfterMs: 150, voidAfterMs: 800 } });
});
afterAll(() => pd.close());
beforeEach(async () => {
  await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
});

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const tamara = (order: string) => ({ provider: 'tamara', org_app_id: 'app_tamara_sandbox', order_id: order, amount: '300.00', currency: 'SAR', phone_number: '+966500000001' });

async function control(path: string, body: unknown = {}, method = 'POST'): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${pd.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function ledger(filter: (e: Json) => boolean): Promise<Json[]> {
  const body = (await (await fetch(`${pd.url}/sandbox/_control/ledger`)).json()) as { entries: Json[] };
  return body.entries.filter(filter);
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const paylink = async (id: string) => (await pd.api('GET', `/api/v1/providers/paylinks/${id}`)).body;

async function backofficePayments(orderId: string): Promise<Json[]> {
  const bo = SANDBOX_CREDENTIALS.backoffice;
  const r = await fetch(`${pd.url}/backoffice/v1/om/payments?orderId=${encodeURIComponent(orderId)}`, { headers: { 'api-key': bo.api_key, 'organization-id': bo.organization_id } });
  return (((await r.json()) as Json).data?.items ?? []) as Json[];
}

async function loseNextCreateAnswer(provider: string): Promise<void> {
  await control('/sandbox/_control/faults', { provider, fail_after_commit_rate: 1 });
}

describe('a create whose answer is lost', () => {
  it('answers 202 unknown; the customer pays that link; it ends captured once, in the back office once, with one session', async () => {
    await loseNextCreateAnswer('tamara');
    const first = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-1'), headers: { 'idempotency-key': 'lost-1' } });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(first.status, first.text).toBe(202);
    expect(first.body).toMatchObject({ success: true, status: 'unknown', pending_command: 'create', session_id: null, checkout_url: null });
    const id = first.body.paylink_id as string;

    // The link was texted and is payable: the customer pays before PayDesk has asked Tamara.
    const [session] = await ledger((e) => e.provider === 'tamara' && e.op === 'create' && e.reference === id);
    expect(session).toBeDefined();
    expect((await control(`/sandbox/_control/tamara/sessions/${session.session_id}/approve`)).status).toBe(200);

    // A retry with the same key returns the same paylink and opens no second session.
    const retry = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-1'), headers: { 'idempotency-key': 'lost-1' } });
    expect(retry.body.paylink_id).toBe(id);

    // The demo Tamara merchant may capture on approval; otherwise the cashier captures.
    const approved = await until('adopted and approved', () => paylink(id), (p) => p.status === 'authorized' || p.status === 'captured');
    expect(approved.payment_id).toEqual(expect.any(String));
    if (approved.status === 'authorized') {
      const cap = await pd.api('POST', `/api/v1/providers/paylinks/${id}/capture`, { body: { reference_id: 'lost-1-cap' } });
      expect(cap.status, cap.text).toBe(200);
    }
    expect(await paylink(id)).toMatchObject({ status: 'captured', captured_amount: '300.00' });

    expect(await ledger((e) => e.provider === 'tamara' && e.op === 'create' && e.reference === id)).toHaveLength(1);
    expect(await ledger((e) => e.provider === 'tamara' && e.op === 'capture' && e.session_id === session.session_id)).toHaveLength(1);
    const receipts = await until('back office receipt', () => backofficePayments('LOST-1'), (items) => items.some((x) => x.type === 'receipt'));
    expect(receipts.filter((x) => x.type === 'receipt')).toHaveLength(1);
    const types = (await pd.api('GET', `/api/v1/providers/paylinks/${id}/events`)).body.events.map((e: Json) => e.type);
    expect(types).toEqual(expect.arrayContaining(['create_outcome_unknown', 'create_adopted', 'captured']));
  });

  it('MisPay (no lookup): stays visibly unknown; its notification records the session, and no second session is opened', async () => {
    await loseNextCreateAnswer('mispay');
    const body = { provider: 'mispay', org_app_id: 'app_mispay_sandbox', order_id: 'LOST-MP', amount: '250.00', currency: 'SAR' };
    const first = await pd.api('POST', '/api/v1/providers/paylinks', { body, headers: { 'idempotency-key': 'lost-mp' } });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(first.status, first.text).toBe(202);
    const id = first.body.paylink_id as string;
    await new Promise((r) => setTimeout(r, 400));
    expect(await paylink(id)).toMatchObject({ status: 'unknown', pending_command: 'create' });
    const [session] = await ledger((e) => e.provider === 'mispay' && e.op === 'create' && e.reference === id);
    await control(`/sandbox/_control/mispay/sessions/${session.session_id}/approve`);
    // MisPay can be asked only by the trackId its lost answer carried: the notified checkout is recorded, the
    // paylink stays unknown (never guessed paid from an unsigned notification) and stays listed.
    const noted = await until('session recorded', () => paylink(id), (p) => p.session_id !== null);
    expect(noted).toMatchObject({ status: 'unknown', payment_id: session.payment_id });
    const retry = await pd.api('POST', '/api/v1/providers/paylinks', { body, headers: { 'idempotency-key': 'lost-mp' } });
    expect(retry.body.paylink_id).toBe(id);
    expect(await ledger((e) => e.provider === 'mispay' && e.op === 'create' && e.reference === id)).toHaveLength(1);
    const listed = await pd.api('GET', '/api/v1/providers/paylinks?provider=mispay&status=unknown&limit=500');
    expect(listed.body.paylinks.map((p: Json) => p.id)).toContain(id);
  });

  it('is adopted by the lookup when no notification comes', async () => {
    await control('/sandbox/_control/webhook-target', { url: null }, 'PUT');
    try {
      await loseNextCreateAnswer('tamara');
      const first = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-2') });
      await control('/sandbox/_control/faults', {}, 'DELETE');
      expect(first.status).toBe(202);
      const adopted = await until('adopted', () => paylink(first.body.paylink_id), (p) => p.status !== 'unknown');
      expect(adopted).toMatchObject({ status: 'created', pending_command: null, sms_sent_to: '+966500000001' });
      expect(adopted.session_id).toEqual(expect.any(String));
    } finally {
      await control('/sandbox/_control/webhook-target', { url: pd.url }, 'PUT');
    }
  });

  it('is voided when the provider has no session for it, and a new key starts a new link', async () => {
    // A reset before the provider acts: the answer is lost and nothing was opened.
    await control('/sandbox/_control/faults', { provider: 'tamara', reset_rate: 1 });
    const first = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-3'), headers: { 'idempotency-key': 'lost-3' } });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(first.status).toBe(202);
    const voided = await until('voided', () => paylink(first.body.paylink_id), (p) => p.status !== 'unknown');
    expect(voided).toMatchObject({ status: 'cancelled', session_id: null, pending_command: null });
    const again = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-3'), headers: { 'idempotency-key': 'lost-3' } });
    expect(again.body).toMatchObject({ paylink_id: first.body.paylink_id, status: 'cancelled' });
    const fresh = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('LOST-3'), headers: { 'idempotency-key': 'lost-3b' } });
    expect(fresh.status).toBe(201);
    expect(await ledger((e) => e.provider === 'tamara' && e.op === 'create' && e.reference === first.body.paylink_id)).toHaveLength(0);
  });

  it('a provider that refuses or cannot be reached leaves no paylink behind', async () => {
    await control('/sandbox/_control/faults', { provider: 'tamara', error_rate: 1 });
    const res = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('DOWN-1'), headers: { 'idempotency-key': 'down-1' } });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('provider_error');
    const listed = await pd.api('GET', '/api/v1/providers/paylinks?provider=tamara&limit=500');
    expect(listed.body.paylinks.filter((p: Json) => p.order_id === 'DOWN-1')).toEqual([]);
    await control('/sandbox/_control/faults', {}, 'DELETE');
    const later = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamara('DOWN-1'), headers: { 'idempotency-key': 'down-1' } });
    expect(later.status).toBe(201);
  });
});

describe('a notification PayDesk cannot place', () => {
  it('is kept as an unmatched provider payment a manager sees, never dropped', async () => {
    // A session opened at Tamara outside PayDesk (no paylink carries its reference).
    const opened = await fetch(`${pd.url}/sandbox/tamara/checkout/in-store-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SANDBOX_CREDENTIALS.tamara.api_token}` },
      body: JSON.stringify({
        total_amount: { amount: 120, currency: 'SAR' },
        phone_number: '500000001',
        order_reference_id: 'FOREIGN-REF-1',
        order_number: 'FOREIGN-1',
        items: [{ reference_id: '1', type: 'Physical', name: 'Item', sku: '1', quantity: 1, unit_price: { amount: 120, currency: 'SAR' }, total_amount: { amount: 120, currency: 'SAR' }, tax_amount: { amount: 0, currency: 'SAR' }, discount_amount: { amount: 0, currency: 'SAR' } }],
      }),
    });
    expect(opened.status, await opened.clone().text()).toBeLessThan(300);
    const [session] = await ledger((e) => e.provider === 'tamara' && e.op === 'create' && e.reference === 'FOREIGN-REF-1');
    expect((await control(`/sandbox/_control/tamara/sessions/${session.session_id}/approve`)).status).toBe(200);

    const cookie = pd.bridgeCookie;
    const signIn = (await (await fetch(`${pd.url}/bridge/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ pin: '9999' }) })).json()) as Json;
    const list = async () => {
      const r = await fetch(`${pd.url}/bridge/payments.unmatched`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-paydesk-session': signIn.value.token }, body: '{}' });
      return ((await r.json()) as Json).value;
    };
    const found = await until('kept for the manager', list, (v) => v.payments.some((p: Json) => p.reference === 'FOREIGN-REF-1'));
    expect(found.payments.find((p: Json) => p.reference === 'FOREIGN-REF-1')).toMatchObject({ provider: 'tamara', matched_paylink_id: null });
    expect(found.open).toBeGreaterThan(0);
  });
});

describe('one Idempotency-Key, one session', () => {
  it('20 concurrent creates open one session and get 20 identical answers', async () => {
    const body = { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'DOUBLE-20', amount: '150.00', currency: 'SAR', buyer_phone: '0500000001' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => pd.api('POST', '/api/v1/providers/paylinks', { body, headers: { 'idempotency-key': 'double-20' } })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await ledger((e) => e.provider === 'tabby' && e.op === 'create' && e.reference === answers[0]!.body.paylink_id)).toHaveLength(1);
    const listed = await pd.api('GET', '/api/v1/providers/paylinks?provider=tabby&limit=500');
    expect(listed.body.paylinks.filter((p: Json) => p.order_id === 'DOUBLE-20')).toHaveLength(1);
  });

  it('the same key with a different request is a 409, not a second link', async () => {
    const body = tamara('KEY-REUSE');
    expect((await pd.api('POST', '/api/v1/providers/paylinks', { body, headers: { 'idempotency-key': 'reuse-1' } })).status).toBe(201);
    const other = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...body, amount: '301.00' }, headers: { 'idempotency-key': 'reuse-1' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });
});
