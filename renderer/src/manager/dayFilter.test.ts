import { describe, expect, it } from 'vitest';
import { defaultDayFilter, rangeOf, toDayQuery } from './dayFilter';

describe('the day view filter', () => {
  it('covers the whole local day by default, the last minute included', () => {
    const f = defaultDayFilter(new Date(2030, 0, 31, 15, 4));
    expect(f.date).toBe('2030-01-31');
    const { from, to } = rangeOf(f.date, f.fromTime, f.toTime);
    expect(from).toBe(new Date(2030, 0, 31, 0, 0).getTime());
    expect(to).toBe(new Date(2030, 1, 1, 0, 0).getTime());
  });

  it('sends only the filters that are set', () => {
    const q = toDayQuery({ date: '2030-01-31', fromTime: '09:00', toTime: '12:30', provider: 'tabby', status: '', cashierId: 'staff_1' });
    expect(q).toEqual({ from: new Date(2030, 0, 31, 9, 0).getTime(), to: new Date(2030, 0, 31, 12, 31).getTime(), provider: 'tabby', cashier_id: 'staff_1' });
  });

  it('turns an empty or backwards range into one that matches nothing instead of everything', () => {
    expect(rangeOf('2030-01-31', '18:00', '09:00')).toEqual({ from: 0, to: 1 });
    expect(rangeOf('', '', '')).toEqual({ from: 0, to: 1 });
  });
});
