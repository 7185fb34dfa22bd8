import { describe, expect, it } from 'vitest';
import type { ProductView } from '../../../shared/views';
import { createScanQueue, indexProducts, type ScanOutcome } from './scanQueue';

const product = (sku: string, barcode: string): ProductView => ({ id: sku, sku, barcode, name_en: sku, name_ar: sku, price: '1.00', price_minor: 100, currency: 'SAR', vat_rate: 0.15 });

describe('scan queue', () => {
  it('rings up every scan in scan order, known ones at once and unknown ones after their look-up', async () => {
    const index = indexProducts([product('A', '111'), product('B', '222')]);
    const slow = product('C', '333');
    const outcomes: ScanOutcome[] = [];
    const queue = createScanQueue(
      { known: (code) => index.get(code.toLowerCase()), fetch: (code) => new Promise((r) => setTimeout(() => r(code === '333' ? slow : null), 5)) },
      (o) => outcomes.push(o),
    );
    queue.push('111');
    expect(outcomes).toHaveLength(1); // a known code lands within the keystroke
    queue.push('333');
    queue.push('222'); // known, but must wait behind 333 to keep the order
    queue.push('2*999');
    await new Promise((r) => setTimeout(r, 40));
    expect(outcomes.map((o) => `${o.kind}:${'code' in o ? o.code : ''}`)).toEqual(['added:111', 'added:333', 'added:222', 'not_found:999']);
  });

  it('applies a + or − after the scans typed before it, not to the line that was last when it was typed', async () => {
    const index = indexProducts([product('A', '111')]);
    const slow = product('C', '333');
    const outcomes: ScanOutcome[] = [];
    const queue = createScanQueue(
      { known: (code) => index.get(code.toLowerCase()), fetch: (code) => new Promise((r) => setTimeout(() => r(code === '333' ? slow : null), 5)) },
      (o) => outcomes.push(o),
    );
    queue.bump(1);
    expect(outcomes).toEqual([{ kind: 'bump', delta: 1 }]); // nothing waiting: at once
    queue.push('333');
    queue.bump(1);
    queue.bump(-1);
    queue.bump(1);
    expect(outcomes).toHaveLength(1); // behind the look-up of 333
    await new Promise((r) => setTimeout(r, 30));
    expect(outcomes.slice(1).map((o) => (o.kind === 'bump' ? `bump:${o.delta}` : `${o.kind}:${'code' in o ? o.code : ''}`))).toEqual([
      'added:333',
      'bump:1',
      'bump:-1',
      'bump:1',
    ]);
  });

  it('runs what waits for the scans (F4) after every scan before it has landed, and at once when none is on its way', async () => {
    const slow = product('C', '333');
    const events: string[] = [];
    const queue = createScanQueue(
      { known: () => undefined, fetch: (code) => new Promise((r) => setTimeout(() => r(code === '333' ? slow : null), 5)) },
      (o) => events.push(`${o.kind}:${'code' in o ? o.code : ''}`),
    );
    queue.afterScans(() => events.push('pay'));
    expect(events).toEqual(['pay']);
    queue.push('333');
    queue.push('999');
    queue.afterScans(() => events.push('pay'));
    expect(events).toEqual(['pay']);
    await new Promise((r) => setTimeout(r, 40));
    expect(events).toEqual(['pay', 'added:333', 'not_found:999', 'pay']);
  });

  it('ignores an empty Enter', () => {
    const queue = createScanQueue({ known: () => undefined, fetch: async () => null }, () => {
      throw new Error('no outcome expected');
    });
    expect(queue.push('   ')).toBe(false);
  });
});
