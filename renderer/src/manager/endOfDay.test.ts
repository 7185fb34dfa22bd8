import { describe, expect, it } from 'vitest';
import type { EndOfDayView } from '../../../shared/views';
import { endOfDayCsv } from './endOfDay';

const provider = (id: string, captured: number, refunded: number, count: number, paid: number) => ({
  provider: id,
  currency: 'SAR' as const,
  count,
  paid_count: paid,
  captured: (captured / 100).toFixed(2),
  refunded: (refunded / 100).toFixed(2),
  net: ((captured - refunded) / 100).toFixed(2),
  captured_minor: captured,
  refunded_minor: refunded,
  net_minor: captured - refunded,
});

describe('the end-of-day CSV', () => {
  it('lists each provider and a total per currency with exact decimal amounts', () => {
    const view: EndOfDayView = { from: '', to: '', generated_at: '', providers: [provider('tabby', 30_010, 2_505, 3, 2), provider('paymennt', 10_000, 0, 1, 1)] };
    const csv = endOfDayCsv(view, {
      header: ['Provider', 'Currency', 'Links', 'Paid', 'Captured', 'Refunded', 'Net'],
      total: 'Total, all providers',
      providerName: (id) => (id === 'tabby' ? 'Tabby' : 'paymennt'),
    });
    expect(csv).toBe(
      '\uFEFFProvider,Currency,Links,Paid,Captured,Refunded,Net\r\n' +
        'Tabby,SAR,3,2,300.10,25.05,275.05\r\n' +
        'paymennt,SAR,1,1,100.00,0.00,100.00\r\n' +
        '"Total, all providers",SAR,4,3,400.10,25.05,375.05\r\n',
    );
  });
});
