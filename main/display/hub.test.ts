import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../shared/display';
import type { PaylinkView } from '../../shared/views';
import { createEventBus } from '../engine/events';
import { createDisplayHub } from './hub';

const STORE = { name_en: 'Store', name_ar: 'متجر', vat_number: '300000000000003', branch: 'Olaya', currency: 'SAR' as const, pricing_mode: 'TAX_INCLUSIVE' as const };
const LINE = { key: 'p1', productId: 'prod_1', sku: 'SKU-1', name_en: 'Dates', name_ar: 'تمر', unitPriceMinor: 4500, quantity: 2, vatRateBp: 1500 };

function hub(now = { t: 0 }) {
  const events = createEventBus();
  const paylinks = new Map<string, PaylinkView>();
  return { events, paylinks, now, hub: createDisplayHub({ now: () => now.t, events, store: () => STORE, paylink: (id) => paylinks.get(id), codeTtlMs: 60_000 }) };
}

describe('display hub', () => {
  it('masks the phone the way the customer sees it', () => {
    expect(maskPhone('+966500000001')).toBe('+9665•••••001');
  });

  it('pushes a till’s lines to its displays only, without ids, and follows its payment link', () => {
    const h = hub();
    const seen: string[] = [];
    const other: string[] = [];
    h.hub.subscribe('till-a', (v) => seen.push(`${v.phase}:${v.lines.length}:${v.total}`));
    h.hub.subscribe('till-b', (v) => other.push(v.phase));
    h.hub.publish('till-a', { lines: [LINE] });
    expect(seen).toEqual(['cart:1:90.00']);
    expect(JSON.stringify(h.hub.view('till-a'))).not.toMatch(/prod_1|SKU-1|p1/);

    h.paylinks.set('pl_1', { id: 'pl_1', status: 'created', provider: 'tamara', checkout: 'sms', sms_sent_to: '+966500000001', checkout_url: 'https://x', amount: '90.00', amount_minor: 9000, currency: 'SAR', expires_at: null } as PaylinkView);
    h.hub.publish('till-a', { lines: [LINE], paylink_id: 'pl_1' });
    expect(h.hub.view('till-a').payment).toMatchObject({ provider_name: 'Tamara', checkout: 'sms', sms_to: '+9665•••••001', checkout_url: null });
    h.paylinks.set('pl_1', { ...h.paylinks.get('pl_1')!, status: 'authorized' });
    h.events.emit('paylink.updated', { paylink: h.paylinks.get('pl_1')! });
    expect(seen.at(-1)).toBe('paid:1:90.00');
    expect(other).toEqual([]);
  });

  it('pairing codes are single use, expire, and are all withdrawn after twenty wrong guesses', () => {
    const h = hub();
    const first = h.hub.issueCode('till-a');
    expect(h.hub.redeemCode(first.code)).toBe('till-a');
    expect(h.hub.redeemCode(first.code)).toBeUndefined();

    const late = h.hub.issueCode('till-a');
    h.now.t += 60_001;
    expect(h.hub.redeemCode(late.code)).toBeUndefined();

    const guarded = h.hub.issueCode('till-b');
    for (let i = 0; i < 20; i++) h.hub.redeemCode(String(i).padStart(6, '9') === guarded.code ? '999998' : String(i).padStart(6, '9'));
    expect(h.hub.redeemCode(guarded.code)).toBeUndefined();
  });
});
