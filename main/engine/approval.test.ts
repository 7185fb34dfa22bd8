import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';
import { createHandlers, dispatch } from './handlers';

// A manager approves a cashier's refund or cancel by typing their PIN on the cashier's till:
// the cashier's session stays, the PIN goes no further than the check, and the timeline names the manager.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let call: (method: Parameters<typeof dispatch>[2], input: unknown, session?: string) => ReturnType<typeof dispatch>;
let cashier: string;

beforeAll(async () => {
  pd = await startTestPayDesk();
  const handlers = createHandlers(pd.engine);
  call = (method, input, session) => dispatch(pd.engine, handlers, method, input, { sessionToken: session });
  cashier = pd.engine.auth.signIn('1111').token;
});
afterAll(async () => {
  // Let the refund's back-office records and the provider's notifications settle first: closing the server
  // while one of its own loopback calls is in flight stalls the close (seen only right after a refund).
  for (let i = 0; i < 100 && pd.engine.sync.status().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1_000));
  await pd.close();
});

async function capturedSale(orderId: string): Promise<string> {
  const created = await call('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: orderId, amount: '605.50', currency: 'SAR' }, cashier);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const p = created.value as { id: string; session_id: string };
  await (await fetch(`${pd.url}/sandbox/_control/tabby/sessions/${p.session_id}/approve`, { method: 'POST' })).text();
  const captured = await call('paylinks.capture', { id: p.id }, cashier);
  expect(captured.ok).toBe(true);
  return p.id;
}

describe('manager approval on the cashier’s till', () => {
  it('refuses a cashier’s refund without approval, and with a cashier’s own PIN', async () => {
    const id = await capturedSale('POS-APPROVE-1');
    expect(await call('paylinks.refund', { id, amount: '10.00', reason: 'damaged' }, cashier)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('paylinks.refund', { id, amount: '10.00', manager_pin: '1111' }, cashier)).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'manager_pin' } } });
    expect(await call('paylinks.refund', { id, amount: '10.00', manager_pin: '4321' }, cashier)).toMatchObject({ ok: false, error: { code: 'invalid_pin' } });
  });

  it('refunds with a manager’s PIN; the cashier stays signed in and the timeline has the reason and the manager', async () => {
    const id = await capturedSale('POS-APPROVE-2');
    const refunded = await call('paylinks.refund', { id, amount: '605.50', reason: 'Customer returned the abaya', manager_pin: '9999' }, cashier);
    expect(refunded).toMatchObject({ ok: true, value: { status: 'refunded' } });
    expect(await call('auth.me', {}, cashier)).toMatchObject({ ok: true, value: { role: 'cashier' } });
    const timeline = await call('paylinks.timeline', { id }, cashier);
    const requested = (timeline.ok ? (timeline.value as { type: string; actor: string; data: Record<string, unknown> }[]) : []).find((e) => e.type === 'refund_requested');
    expect(requested).toMatchObject({ actor: 'staff_cashier_demo', data: { reason: 'Customer returned the abaya', approved_by: 'staff_manager_demo' } });
    expect(JSON.stringify(timeline)).not.toContain('9999');
  });

  it('cancels another cashier’s link with a manager’s PIN', async () => {
    const created = await call('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-APPROVE-3', amount: '20.00', currency: 'SAR' }, pd.engine.auth.signIn('9999').token);
    const id = created.ok ? (created.value as { id: string }).id : '';
    expect(await call('paylinks.cancel', { id }, cashier)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('paylinks.cancel', { id, manager_pin: '9999' }, cashier)).toMatchObject({ ok: true, value: { status: 'cancelled' } });
  });
});
