import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/contract';
import { createHandlers, dispatch } from '../engine/handlers';
import { startTestPayDesk } from '../testing/payDesk';

// A manager sets the store up through the contract (the same calls the Settings screen makes),
// against a real engine and SQLite file.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let manager: string;
let cashier: string;
const call = (method: MethodName, input: unknown, token = manager) => dispatch(pd.engine, createHandlers(pd.engine), method, input, { sessionToken: token });
const codeOf = async (method: MethodName, input: unknown, token = manager) => {
  const res = await call(method, input, token);
  return res.ok ? 'ok' : res.error.code;
};

beforeAll(async () => {
  pd = await startTestPayDesk();
  manager = pd.engine.auth.signIn('9999').token;
  cashier = pd.engine.auth.signIn('1111').token;
});
afterAll(() => pd.close());

const PROFILE = { name_en: 'Olaya Perfumes', name_ar: 'عطور العليا', branch: 'Riyadh — Olaya', address: 'King Fahd Rd, Riyadh 12214', vat_number: '310122393500003', cr_number: '1010123456' };

describe('store profile', () => {
  it('refuses a VAT number that is not 15 digits starting and ending with 3, and a bad CR number', async () => {
    for (const vat of ['31012239350000', '210122393500003', '310122393500002', '3101223935000030', '31012239350000a']) {
      const res = await call('store.updateProfile', { ...PROFILE, vat_number: vat });
      expect(res.ok ? 'ok' : res.error, vat).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('15 digits and starts and ends with 3') });
    }
    expect(await codeOf('store.updateProfile', { ...PROFILE, cr_number: '12345' })).toBe('validation_failed');
    expect(pd.engine.info().store.vat_number).toBe('300000000000003');
  });

  it('saves the profile for the receipt and the ZATCA QR; cashiers may not change it', async () => {
    expect(await codeOf('store.updateProfile', PROFILE, cashier)).toBe('forbidden');
    const res = await call('store.updateProfile', PROFILE);
    expect(res.ok).toBe(true);
    expect(pd.engine.info().store).toMatchObject({ ...PROFILE, pricing_mode: 'TAX_INCLUSIVE', currency: 'SAR' });
  });
});

describe('staff', () => {
  it('adds a cashier whose PIN was typed twice; a mismatch is refused and no PIN is ever returned', async () => {
    const mismatch = await call('staff.create', { name: 'Noura', role: 'cashier', pin: '4321', pin_confirm: '4312' });
    expect(mismatch.ok ? null : mismatch.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('do not match') });
    const created = await call('staff.create', { name: 'Noura', role: 'cashier', pin: '4321', pin_confirm: '4321' });
    expect(created.ok && created.value).toMatchObject({ name: 'Noura', role: 'cashier', active: true });
    expect(JSON.stringify(created)).not.toMatch(/4321|pin/i);
    expect(pd.engine.auth.signIn('4321').staff.name).toBe('Noura');
    expect(await codeOf('staff.create', { name: 'Twin', role: 'cashier', pin: '4321', pin_confirm: '4321' })).toBe('conflict');
    expect(await codeOf('staff.create', { name: 'Noura', role: 'cashier', pin: '4321', pin_confirm: '4321' }, cashier)).toBe('forbidden');
  });

  it('resets a PIN (the old one stops working) and deactivates a member (their session ends)', async () => {
    const list = await call('staff.all', {});
    const noura = (list.ok ? (list.value as { id: string; name: string }[]) : []).find((s) => s.name === 'Noura')!;
    const session = pd.engine.auth.signIn('4321').token;
    expect(await codeOf('staff.setPin', { id: noura.id, pin: '5678', pin_confirm: '5687' })).toBe('validation_failed');
    expect(await codeOf('staff.setPin', { id: noura.id, pin: '5678', pin_confirm: '5678' })).toBe('ok');
    expect(() => pd.engine.auth.signIn('4321')).toThrow();
    expect(pd.engine.auth.signIn('5678').staff.id).toBe(noura.id);
    expect(await codeOf('staff.deactivate', { id: noura.id })).toBe('ok');
    expect(pd.engine.auth.resolveSession(session)).toBeUndefined();
    expect(() => pd.engine.auth.signIn('5678')).toThrow();
  });

  it('never removes the last manager', async () => {
    const managerId = pd.engine.auth.resolveSession(manager)!.id;
    const last = await call('staff.deactivate', { id: managerId });
    expect(last.ok ? null : last.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('last manager') });
    const second = await call('staff.create', { name: 'Huda', role: 'manager', pin: '8642', pin_confirm: '8642' });
    const huda = second.ok ? (second.value as { id: string }) : undefined;
    const hudaToken = pd.engine.auth.signIn('8642').token;
    expect(await codeOf('staff.deactivate', { id: managerId }, hudaToken)).toBe('ok');
    expect(await codeOf('staff.deactivate', { id: huda!.id }, hudaToken)).toBe('conflict');
  });
});

describe('provider apps', () => {
  it('takes credentials in and never gives them back', async () => {
    const hudaToken = pd.engine.auth.signIn('8642').token;
    const secret = 'sk_live_very_secret_value_123';
    const res = await call('orgApps.install', { provider: 'tabby', name: 'Tabby live', environment: 'sandbox', credentials: { secret_key: secret, merchant_code: 'OLAYA', webhook_header_value: 'whv_secret_456' } }, hudaToken);
    expect(res.ok).toBe(true);
    expect(res.ok && res.value).toMatchObject({ credential_fields: expect.arrayContaining(['secret_key', 'merchant_code', 'webhook_header_value']) });
    const listed = await call('orgApps.list', {}, hudaToken);
    for (const text of [JSON.stringify(res), JSON.stringify(listed)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('whv_secret_456');
    }
  });
});

describe('end of day', () => {
  it('sums VAT, cashiers, refunds and the links that did not pay, and prints on the thermal printer', async () => {
    const from = pd.engine.now() - 1000;
    const sale = async (order: string, amount: string) => {
      const res = await call('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: order, amount, currency: 'SAR' }, cashier);
      if (!res.ok) throw new Error(res.error.message);
      return res.value as { id: string; session_id: string };
    };
    const act = (p: { session_id: string }, action: string) => fetch(`${pd.url}/sandbox/_control/tabby/sessions/${p.session_id}/${action}`, { method: 'POST' });
    const paid = await sale('EOD-PAID', '230.00');
    await act(paid, 'approve');
    await call('paylinks.get', { id: paid.id, refresh: true }, cashier);
    expect(await codeOf('paylinks.capture', { id: paid.id }, cashier)).toBe('ok');
    const hudaToken = pd.engine.auth.signIn('8642').token;
    expect(await codeOf('paylinks.refund', { id: paid.id, amount: '115.00', reason: 'returned one item' }, hudaToken)).toBe('ok');
    const declined = await sale('EOD-DECLINED', '50.00');
    await act(declined, 'decline');
    await call('paylinks.get', { id: declined.id, refresh: true }, cashier);
    const cancelled = await sale('EOD-CANCELLED', '60.00');
    expect(await codeOf('paylinks.cancel', { id: cancelled.id }, cashier)).toBe('ok');
    const range = { from, to: pd.engine.now() + 1000 };

    const res = await call('reports.endOfDayDetail', range, hudaToken);
    if (!res.ok) throw new Error(res.error.message);
    const detail = res.value as import('../../shared/setup').EndOfDayDetailView;
    expect(detail.vat).toEqual([{ currency: 'SAR', rate_percent: 15, net: '100.00', vat: '15.00', gross: '115.00' }]);
    expect(detail.refunds).toEqual([{ currency: 'SAR', count: 1, amount: '115.00' }]);
    expect(detail.outcomes).toMatchObject({ declined: 1, cancelled: 1 });
    expect(detail.cashiers).toEqual([expect.objectContaining({ name: expect.stringContaining('Sara'), count: 3, paid_count: 1, captured: '230.00', refunded: '115.00' })]);
    expect(await codeOf('reports.endOfDayDetail', range, cashier)).toBe('forbidden');

    await fetch(`${pd.url}/sandbox/_control/printer/jobs`, { method: 'DELETE' });
    expect(await codeOf('reports.printEndOfDay', range, hudaToken)).toBe('ok');
    const jobs = ((await (await fetch(`${pd.url}/sandbox/_control/printer/jobs`)).json()) as { jobs: { width_dots: number; cut: boolean; height_dots: number }[] }).jobs;
    expect(jobs).toEqual([expect.objectContaining({ width_dots: 576, cut: true })]);
    expect(jobs[0]!.height_dots).toBeGreaterThan(400);
  });
});

describe('provider apps: on/off and test connection', () => {
  it('a switched-off app takes no new payment links; the test reaches the provider and tells refused credentials apart', async () => {
    const hudaToken = pd.engine.auth.signIn('8642').token;
    const ok = await call('orgApps.test', { id: 'app_tabby_sandbox' }, hudaToken);
    expect(ok.ok && ok.value).toMatchObject({ ok: true });

    const bad = await call('orgApps.install', { provider: 'tabby', name: 'Tabby wrong key', environment: 'sandbox', base_url: 'sandbox://local', credentials: { secret_key: 'sk_wrong', merchant_code: 'OLAYA', webhook_header_value: 'x' } }, hudaToken);
    const badId = bad.ok ? (bad.value as { id: string }).id : '';
    const refused = await call('orgApps.test', { id: badId }, hudaToken);
    expect(refused.ok && refused.value).toMatchObject({ ok: false, message: expect.stringContaining('refused these credentials') });

    expect(await codeOf('orgApps.setEnabled', { id: 'app_tabby_sandbox', enabled: false }, cashier)).toBe('forbidden');
    expect(await codeOf('orgApps.setEnabled', { id: 'app_tabby_sandbox', enabled: false }, hudaToken)).toBe('ok');
    const listed = await call('orgApps.list', {}, cashier);
    expect((listed.ok ? (listed.value as { id: string; enabled: boolean }[]) : []).find((a) => a.id === 'app_tabby_sandbox')?.enabled).toBe(false);
    const blocked = await call('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'OFF-1', amount: '10.00', currency: 'SAR' }, cashier);
    expect(blocked.ok ? null : blocked.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('switched off') });
    expect(await codeOf('orgApps.setEnabled', { id: 'app_tabby_sandbox', enabled: true }, hudaToken)).toBe('ok');
    expect(await codeOf('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'OFF-2', amount: '10.00', currency: 'SAR' }, cashier)).toBe('ok');
  });
});
