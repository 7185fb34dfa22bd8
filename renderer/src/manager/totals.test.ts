import { describe, expect, it } from 'vitest';
import type { PaylinkTotalsView } from '../../../shared/views';
import { totalsBy } from './totals';

const row = (provider: string, status: string, amount: number, captured: number, refunded: number, count = 1) => ({
  provider,
  status,
  currency: 'SAR' as const,
  count,
  amount: '',
  captured: '',
  refunded: '',
  amount_minor: amount,
  captured_minor: captured,
  refunded_minor: refunded,
});

describe('totals per provider and status', () => {
  const view: PaylinkTotalsView = { rows: [row('tabby', 'captured', 10_010, 10_010, 0), row('tabby', 'partially_refunded', 20_000, 20_000, 2_505), row('paymennt', 'created', 5_000, 0, 0, 2)], count: 4 };

  it('adds each provider up across statuses in minor units', () => {
    expect(totalsBy(view, 'provider')).toEqual([
      { key: 'paymennt', currency: 'SAR', count: 2, amount: '50.00', captured: '0.00', refunded: '0.00', net: '0.00' },
      { key: 'tabby', currency: 'SAR', count: 2, amount: '300.10', captured: '300.10', refunded: '25.05', net: '275.05' },
    ]);
  });

  it('adds each status up across providers', () => {
    expect(totalsBy(view, 'status').map((g) => [g.key, g.count])).toEqual([
      ['captured', 1],
      ['created', 2],
      ['partially_refunded', 1],
    ]);
  });
});
