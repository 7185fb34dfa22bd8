import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());
beforeEach(async () => {
  await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
});

const tabbyExample = { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-1234', amount: '150.00', currency: 'SAR', description: 'In-store purchase', buyer_phone: '0500000001' };
const tamaraExample = { provider: 'tamara', org_app_id: 'app_tamara_sandbox', order_id: 'POS-5678', amount: '200.00', currency: 'SAR', phone_number: '+966500000001' };

async function control(path: string, body: unknown = {}, method = 'POST') {
  const res = await fetch(`${pd.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function ledger(op: string, sessionId: string) {
  const body = (await (await fetch(`${pd.url}/sandbox/_control/ledger`)).json()) as { entries: { op: string; session_id: string }[] };
  return body.entries.filter((e) => e.op === op && e.session_id === sessionId);
}

async function createApproved(overrides: Record<string, unknown> = {}) {
  const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, ...overrides } });
  expect(created.status, created.text).toBe(201);
  const approve = await control(`/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`);
  expect(approve.status).toBe(200);
  const got = await pd.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}`);
  expect(got.body.status).toBe('authorized');
  return created.body as { paylink_id: string; session_id: string; payment_id: string };
}

describe('seed 001 examples in demo mode', () => {
  it('Tabby: create answers 201 with the seed response shape', async () => {
    const res = await pd.api('POST', '/api/v1/providers/paylinks', { body: tabbyExample });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true, provider: 'tabby', status: 'created', order_id: 'POS-1234' });
    for (const key of ['paylink_id', 'session_id', 'payment_id', 'checkout_url', 'qr_code_url']) expect(res.body[key], key).toEqual(expect.any(String));
    const qr = await fetch(res.body.qr_code_url);
    expect(qr.headers.get('content-type')).toMatch(/svg/);
    expect(await qr.text()).toMatch(/<svg/);
  });

  it('Tamara: create sends the SMS to the normalized phone', async () => {
    const res = await pd.api('POST', '/api/v1/providers/paylinks', { body: tamaraExample });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ success: true, provider: 'tamara', status: 'created', order_id: 'POS-5678', sms_sent_to: '+966500000001' });
    const events = await pd.api('GET', `/api/v1/providers/paylinks/${res.body.paylink_id}/events`);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['created', 'sms_sent']);
  });

  it('GET status refreshes from the provider and answers the seed shape', async () => {
    const created = await createApproved({ order_id: 'POS-GET' });
    const res = await pd.api('GET', `/api/v1/providers/paylinks/${created.paylink_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.paylink_id, provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-GET', status: 'authorized', amount: '150.00', currency: 'SAR' });
    expect(res.body.can).toEqual(['capture', 'cancel', 'refresh']);
  });

  it('lists with provider and org_app_id filters', async () => {
    const tabby = await pd.api('GET', '/api/v1/providers/paylinks?provider=tabby&org_app_id=app_tabby_sandbox');
    expect(tabby.status).toBe(200);
    expect(tabby.body.paylinks.length).toBeGreaterThan(0);
    expect(tabby.body.paylinks.every((p: { provider: string }) => p.provider === 'tabby')).toBe(true);
    const none = await pd.api('GET', '/api/v1/providers/paylinks?provider=tamara&org_app_id=app_tabby_sandbox');
    expect(none.body.paylinks).toEqual([]);
    expect(none.body.total).toBe(0);
  });

  it('capture answers the seed shape with the provider status, and cancel the unified one', async () => {
    const created = await createApproved({ order_id: 'POS-CAP' });
    const cap = await pd.api('POST', `/api/v1/providers/paylinks/${created.paylink_id}/capture`, { body: {} });
    expect(cap.status).toBe(200);
    expect(cap.body).toEqual(expect.objectContaining({ success: true, provider: 'tabby', paylink_id: created.paylink_id, payment_id: created.payment_id, status: 'CLOSED', amount: '150.00' }));
    const fresh = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-CNL' } });
    const cancel = await pd.api('POST', `/api/v1/providers/paylinks/${fresh.body.paylink_id}/cancel`);
    expect(cancel.body).toEqual({ success: true, paylink_id: fresh.body.paylink_id, provider: 'tabby', status: 'cancelled' });
  });
});

describe('capture and refund', () => {
  it('two concurrent captures with one reference_id capture once', async () => {
    const p = await createApproved({ order_id: 'POS-CONC' });
    const [a, b] = await Promise.all([
      pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { reference_id: 'cap-conc-1' } }),
      pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { reference_id: 'cap-conc-1' } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.paylink_status).toBe('captured');
    expect(b.body.paylink_status).toBe('captured');
    expect(await ledger('capture', p.session_id)).toHaveLength(1);
  });

  it('with fail_after_commit on capture, the paylink ends captured and the ledger shows one capture', async () => {
    const p = await createApproved({ order_id: 'POS-FAC' });
    await control('/sandbox/_control/faults', { provider: 'tabby', fail_after_commit_rate: 1 });
    const cap = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { reference_id: 'cap-fac-1' } });
    await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
    expect([200, 202]).toContain(cap.status);
    let status = cap.body.paylink_status;
    for (let i = 0; i < 40 && status !== 'captured'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await pd.api('GET', `/api/v1/providers/paylinks/${p.paylink_id}`)).body.status;
    }
    expect(status).toBe('captured');
    expect(await ledger('capture', p.session_id)).toHaveLength(1);
    const events = (await pd.api('GET', `/api/v1/providers/paylinks/${p.paylink_id}/events`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toContain('captured');
  });

  it('captures part, then the rest, then refuses more', async () => {
    const p = await createApproved({ order_id: 'POS-PART' });
    const first = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { amount: '50.00' } });
    expect(first.body).toMatchObject({ amount: '50.00', paylink_status: 'authorized', captured_amount: '50.00' });
    const over = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { amount: '100.01' } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('amount_exceeds_remaining');
    const rest = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: {} });
    expect(rest.body).toMatchObject({ amount: '100.00', paylink_status: 'captured', captured_amount: '150.00' });
    const again = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { amount: '1.00' } });
    expect(again.status).toBe(409);
  });

  it('refunds part and then the rest; the same reference_id never refunds twice', async () => {
    const p = await createApproved({ order_id: 'POS-REF' });
    await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: {} });
    const part = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/refund`, { body: { amount: '40.00', reference_id: 'ref-1' } });
    expect(part.body).toMatchObject({ status: 'partially_refunded', refunded_amount: '40.00' });
    const repeat = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/refund`, { body: { amount: '40.00', reference_id: 'ref-1' } });
    expect(repeat.body).toMatchObject({ status: 'partially_refunded', refunded_amount: '40.00' });
    expect(await ledger('refund', p.session_id)).toHaveLength(1);
    const rest = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/refund`, { body: { reference_id: 'ref-2' } });
    expect(rest.body).toMatchObject({ status: 'refunded', refunded_amount: '150.00' });
    const reuse = await pd.api('POST', `/api/v1/providers/paylinks/${p.paylink_id}/capture`, { body: { reference_id: 'ref-2' } });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('idempotency_conflict');
  });

  it('refuses to capture before the customer approves', async () => {
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-EARLY' } });
    const cap = await pd.api('POST', `/api/v1/providers/paylinks/${created.body.paylink_id}/capture`, { body: {} });
    expect(cap.status).toBe(409);
    expect(cap.body.error.code).toBe('illegal_transition');
  });

  it('creates once per Idempotency-Key', async () => {
    const a = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-IDEM' }, headers: { 'idempotency-key': 'create-key-1' } });
    const b = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-IDEM' }, headers: { 'idempotency-key': 'create-key-1' } });
    expect(b.body.paylink_id).toBe(a.body.paylink_id);
  });
});

describe('webhooks and the refresher', () => {
  it('a verified webhook that moves the paylink is applied and recorded once; a bad one is refused', async () => {
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-HOOK' } });
    const payment = created.body.payment_id;
    const notification = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id: payment, status: 'authorized', amount: '150.00', currency: 'SAR', captures: [], refunds: [], order: { reference_id: created.body.paylink_id }, ...extra });
    const header = { 'content-type': 'application/json', 'x-webhook-secret': SANDBOX_CREDENTIALS.tabby.webhook_header_value };
    const bad = await fetch(`${pd.url}/api/v1/webhooks/tabby`, { method: 'POST', headers: { ...header, 'x-webhook-secret': 'wrong' }, body: notification() });
    expect(bad.status).toBe(401);
    // The customer approves; the sandbox's own notification is held back so this test sends it.
    await control('/sandbox/_control/webhook-target', { url: null }, 'PUT');
    try {
      await control(`/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`);
      const first = await fetch(`${pd.url}/api/v1/webhooks/tabby`, { method: 'POST', headers: header, body: notification() });
      const second = await fetch(`${pd.url}/api/v1/webhooks/tabby`, { method: 'POST', headers: header, body: notification() });
      const third = await fetch(`${pd.url}/api/v1/webhooks/tabby`, { method: 'POST', headers: header, body: notification({ note: 'changes nothing' }) });
      expect(((await first.json()) as { status: string }).status).toBe('applied');
      expect(((await second.json()) as { status: string }).status).toBe('duplicate');
      expect(third.status).toBe(200);
      expect(((await third.json()) as { status: string }).status).toBe('ignored');
    } finally {
      await control('/sandbox/_control/webhook-target', { url: pd.url }, 'PUT');
    }
    const events = (await pd.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}/events`)).body.events.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === 'webhook_received')).toHaveLength(1);
    expect(events).toContain('authorized');
  });

  it('a flood of notifications that change nothing is answered but grows nothing (unsigned MisPay included)', async () => {
    const tabby = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-FLOOD-T' } });
    const mispay = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, provider: 'mispay', org_app_id: 'app_mispay_sandbox', order_id: 'POS-FLOOD-M', amount: '300.00' } });
    expect(mispay.status, mispay.text).toBe(201);
    const mispayRow = pd.db.prepare(`SELECT id, order_id, payment_id FROM paylinks WHERE id = ?`).get(mispay.body.paylink_id) as { id: string };
    const count = () => ({
      receipts: (pd.db.prepare(`SELECT count(*) AS n FROM webhook_receipts`).get() as { n: number }).n,
      events: (pd.db.prepare(`SELECT count(*) AS n FROM paylink_events`).get() as { n: number }).n,
    });
    const before = count();
    for (let i = 0; i < 25; i++) {
      const t = await fetch(`${pd.url}/api/v1/webhooks/tabby`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': SANDBOX_CREDENTIALS.tabby.webhook_header_value },
        body: JSON.stringify({ id: tabby.body.payment_id, status: 'authorized', n: i, order: { reference_id: tabby.body.paylink_id } }),
      });
      expect(t.status).toBe(200);
      const m = await fetch(`${pd.url}/api/v1/webhooks/mispay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appId: SANDBOX_CREDENTIALS.mispay.app_id, orderId: mispayRow.id, code: `APPROVED_${i}` }),
      });
      expect(m.status).toBe(200);
      expect(((await m.json()) as { status: string }).status).not.toBe('applied');
    }
    expect(count()).toEqual(before);
  });

  it("a notification verified with one org app's secret never moves another app's paylinks", async () => {
    const other = await pd.api('POST', '/api/v1/org-apps', {
      body: { provider: 'tabby', name: 'Second Tabby', environment: 'sandbox', credentials: { secret_key: 'other_secret', merchant_code: 'OTHER', webhook_header_value: 'other_tabby_hook' } },
    });
    expect(other.status, other.text).toBe(201);
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-CROSS' } });
    await control('/sandbox/_control/webhook-target', { url: null }, 'PUT');
    try {
      await control(`/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`);
      const res = await fetch(`${pd.url}/api/v1/webhooks/tabby`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': 'other_tabby_hook' },
        body: JSON.stringify({ id: created.body.payment_id, status: 'authorized', order: { reference_id: created.body.paylink_id } }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('ignored');
      const row = pd.db.prepare(`SELECT status FROM paylinks WHERE id = ?`).get(created.body.paylink_id) as { status: string };
      expect(row.status).toBe('created');
    } finally {
      await control('/sandbox/_control/webhook-target', { url: pd.url }, 'PUT');
    }
  });

  it('the background refresher notices approval without webhooks or reads', async () => {
    await control('/sandbox/_control/webhook-target', { url: null }, 'PUT');
    try {
      const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { ...tabbyExample, order_id: 'POS-POLL' } });
      await control(`/sandbox/_control/tabby/sessions/${created.body.session_id}/approve`);
      let status = 'created';
      for (let i = 0; i < 40 && status !== 'authorized'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (pd.db.prepare(`SELECT status FROM paylinks WHERE id = ?`).get(created.body.paylink_id) as { status: string }).status;
      }
      expect(status).toBe('authorized');
    } finally {
      await control('/sandbox/_control/webhook-target', { url: pd.url }, 'PUT');
    }
  });
});
