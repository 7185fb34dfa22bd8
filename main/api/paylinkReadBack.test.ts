import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

// Money calls the provider does not dedupe, through the whole engine: a lost answer is settled by reading the
// provider back, never by sending the call again (checked in the simulator's ledger).

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());
beforeEach(async () => {
  await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
});

async function control(path: string, body: unknown = {}, method = 'POST') {
  const res = await fetch(`${pd.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function ledger(provider: string, sessionId: string, op: string) {
  const { body } = await control(`/sandbox/_control/ledger?provider=${provider}`, undefined, 'GET');
  return (body.entries as { op: string; session_id: string; amount_minor: number }[]).filter((e) => e.op === op && e.session_id === sessionId);
}

async function paidPaymennt(orderId: string) {
  const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'paymennt', org_app_id: 'app_paymennt_sandbox', order_id: orderId, amount: '120.00', currency: 'SAR' } });
  expect(created.status, created.text).toBe(201);
  expect((await control(`/sandbox/_control/paymennt/sessions/${created.body.session_id}/approve`)).status).toBe(200);
  const got = await pd.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}`);
  expect(got.body.status).toBe('captured');
  return created.body as { paylink_id: string; session_id: string };
}

describe('paymennt refunds through the engine', () => {
  it('carry the manager’s reason, else "Refund for order <id>", as paymennt’s required note', async () => {
    const paid = await paidPaymennt('POS-NOTE-1');
    const first = await pd.api('POST', `/api/v1/providers/paylinks/${paid.paylink_id}/refund`, { body: { amount: '20.00' } });
    expect(first.status, first.text).toBe(200);
    const second = await pd.api('POST', `/api/v1/providers/paylinks/${paid.paylink_id}/refund`, { body: { amount: '30.00', reason: 'Wrong size' } });
    expect(second.status, second.text).toBe(200);
    const session = await control(`/sandbox/_control/paymennt/sessions/${paid.session_id}`, undefined, 'GET');
    expect(session.body.data.refunds.map((r: { note: string }) => r.note)).toEqual(['Refund for order POS-NOTE-1', 'Wrong size']);
  });

  it('a refund whose first answer is lost reaches paymennt exactly once and ends refunded', async () => {
    const paid = await paidPaymennt('POS-LOST-1');
    await control('/sandbox/_control/faults', { provider: 'paymennt', fail_after_commit_rate: 1 });
    const res = await pd.api('POST', `/api/v1/providers/paylinks/${paid.paylink_id}/refund`, { body: { amount: '120.00' } });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('refunded');
    expect(await ledger('paymennt', paid.session_id, 'refund')).toHaveLength(1);
  });
});

async function approvedMispay(orderId: string) {
  const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'mispay', org_app_id: 'app_mispay_sandbox', order_id: orderId, amount: '450.00', currency: 'SAR' } });
  expect(created.status, created.text).toBe(201);
  expect((await control(`/sandbox/_control/mispay/sessions/${created.body.session_id}/approve`)).status).toBe(200);
  // MisPay's webhook carries the checkoutId; the engine keeps it as the payment id (track-checkout has none).
  for (let i = 0; i < 100; i++) {
    const got = await pd.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}`);
    if (got.body.status === 'authorized' && got.body.payment_id) return { ...(created.body as { paylink_id: string; session_id: string }), payment_id: got.body.payment_id as string };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the MisPay paylink never showed the checkout id from the webhook');
}

describe('MisPay through the engine', () => {
  it('finalizes and refunds with the checkoutId from the webhook', async () => {
    const paylink = await approvedMispay('POS-MP-1');
    const session = await control(`/sandbox/_control/mispay/sessions/${paylink.session_id}`, undefined, 'GET');
    expect(paylink.payment_id).toBe(session.body.paymentId);
    const captured = await pd.api('POST', `/api/v1/providers/paylinks/${paylink.paylink_id}/capture`, { body: {} });
    expect(captured.status, captured.text).toBe(200);
    expect(captured.body.paylink_status, captured.text).toBe('captured');
    const refunded = await pd.api('POST', `/api/v1/providers/paylinks/${paylink.paylink_id}/refund`, { body: { amount: '50.00' } });
    expect(refunded.body.status, refunded.text).toBe('partially_refunded');
    expect(await ledger('mispay', paylink.session_id, 'refund')).toHaveLength(1);
  });

  it('a refund whose answer is lost is not sent again (MisPay can neither dedupe it nor show it); its MP03 notification settles it', async () => {
    const paylink = await approvedMispay('POS-MP-2');
    expect((await pd.api('POST', `/api/v1/providers/paylinks/${paylink.paylink_id}/capture`, { body: {} })).body.paylink_status).toBe('captured');
    await control('/sandbox/_control/faults', { provider: 'mispay', fail_after_commit_rate: 1 });
    const first = await pd.api('POST', `/api/v1/providers/paylinks/${paylink.paylink_id}/refund`, { body: { amount: '100.00', reference_id: 'mp-lost-1' } });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(first.body.status, first.text).toBe('refund_pending');
    // Asking again with the same reference resumes the command: it never sends it a second time.
    await pd.api('POST', `/api/v1/providers/paylinks/${paylink.paylink_id}/refund`, { body: { amount: '100.00', reference_id: 'mp-lost-1' } });
    let got = await pd.api('GET', `/api/v1/providers/paylinks/${paylink.paylink_id}`);
    for (let i = 0; i < 100 && got.body.status !== 'partially_refunded'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      got = await pd.api('GET', `/api/v1/providers/paylinks/${paylink.paylink_id}`);
    }
    expect(got.body).toMatchObject({ status: 'partially_refunded', refunded_amount: '100.00' });
    expect(await ledger('mispay', paylink.session_id, 'refund')).toHaveLength(1);
    const events = await pd.api('GET', `/api/v1/providers/paylinks/${paylink.paylink_id}/events`);
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain('refund_queued');
  });
});

describe('Tabby cancel through the engine', () => {
  it('a cancel whose answer is lost is settled by re-reading the payment and ends cancelled, not expired', async () => {
    const created = await pd.api('POST', '/api/v1/providers/paylinks', { body: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-TB-C1', amount: '150.00', currency: 'SAR' } });
    expect(created.status, created.text).toBe(201);
    await control('/sandbox/_control/faults', { provider: 'tabby', fail_after_commit_rate: 1 });
    const res = await pd.api('POST', `/api/v1/providers/paylinks/${created.body.paylink_id}/cancel`, { body: {} });
    await control('/sandbox/_control/faults', {}, 'DELETE');
    expect(res.status, res.text).toBe(200);
    const got = await pd.api('GET', `/api/v1/providers/paylinks/${created.body.paylink_id}`);
    expect(got.body).toMatchObject({ status: 'cancelled', provider_status: 'EXPIRED' });
    expect(await ledger('tabby', created.body.session_id, 'cancel')).toHaveLength(1);
  });
});

describe('paymennt link delivery through the REST API', () => {
  it('refuses a texted link without the customer’s names and email with 400 buyer_details_required, before any call', async () => {
    const before = (await control('/sandbox/_control/ledger?provider=paymennt', undefined, 'GET')).body.total as number;
    const res = await pd.api('POST', '/api/v1/providers/paylinks', {
      body: { provider: 'paymennt', org_app_id: 'app_paymennt_sandbox', order_id: 'POS-PM-SMS', amount: '80.00', currency: 'SAR', buyer_phone: '+966500000001', send_sms: true },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: { code: 'buyer_details_required' } });
    expect((await control('/sandbox/_control/ledger?provider=paymennt', undefined, 'GET')).body.total).toBe(before);
  });
});
