import { formatMinor, type Currency } from '../../shared/money';
import type { EndOfDayView, PaylinkTotalsView } from '../../shared/views';
import type { Db } from '../store/db';
import { paylinkTotals, type PaylinkFilter, type PaylinkTotalsRow } from '../store/paylinks';

type TotalsFilter = Omit<PaylinkFilter, 'limit' | 'before'>;

/** Totals per provider and status for the manager's day view (one grouped query over the day's index range). */
export function totalsView(db: Db, filter: TotalsFilter): PaylinkTotalsView {
  return totalsFromRows(paylinkTotals(db, filter));
}

/** The totals view of grouped rows, from this till's SQLite or the store database. */
export function totalsFromRows(grouped: readonly PaylinkTotalsRow[]): PaylinkTotalsView {
  const rows = grouped.map((r) => ({
    provider: r.provider,
    status: r.status,
    currency: r.currency as Currency,
    count: r.count,
    amount: formatMinor(r.amount_minor, r.currency as Currency),
    captured: formatMinor(r.captured_minor, r.currency as Currency),
    refunded: formatMinor(r.refunded_minor, r.currency as Currency),
    amount_minor: r.amount_minor,
    captured_minor: r.captured_minor,
    refunded_minor: r.refunded_minor,
  }));
  return { rows, count: rows.reduce((n, r) => n + r.count, 0) };
}

/** End of day: per provider and currency, how many links, what was captured and refunded, and the net. */
export function endOfDay(db: Db, filter: TotalsFilter & { from: number; to: number }, now: () => number): EndOfDayView {
  return endOfDayFromRows(paylinkTotals(db, filter), filter, now);
}

/** The end-of-day report of grouped rows, from this till's SQLite or the store database. */
export function endOfDayFromRows(grouped: readonly PaylinkTotalsRow[], filter: { from: number; to: number }, now: () => number): EndOfDayView {
  const byKey = new Map<string, EndOfDayView['providers'][number]>();
  for (const r of grouped) {
    const key = `${r.provider}:${r.currency}`;
    const entry = byKey.get(key) ?? { provider: r.provider, currency: r.currency as Currency, count: 0, paid_count: 0, captured_minor: 0, refunded_minor: 0, net_minor: 0, captured: '', refunded: '', net: '' };
    entry.count += r.count;
    if (r.captured_minor > 0) entry.paid_count += r.count;
    entry.captured_minor += r.captured_minor;
    entry.refunded_minor += r.refunded_minor;
    byKey.set(key, entry);
  }
  const providers = [...byKey.values()].map((e) => {
    const net = e.captured_minor - e.refunded_minor;
    return { ...e, net_minor: net, captured: formatMinor(e.captured_minor, e.currency), refunded: formatMinor(e.refunded_minor, e.currency), net: formatMinor(net, e.currency) };
  });
  return { from: new Date(filter.from).toISOString(), to: new Date(filter.to).toISOString(), generated_at: new Date(now()).toISOString(), providers };
}
