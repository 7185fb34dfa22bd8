import { formatMinor, type Currency } from '../../../shared/money';
import type { PaylinkTotalsView } from '../../../shared/views';

// Folds the engine's provider × status × currency totals into the two tables the manager reads.
// Sums are taken in minor units and formatted once, so no float ever touches money.

export interface GroupTotal {
  key: string;
  currency: Currency;
  count: number;
  amount: string;
  captured: string;
  refunded: string;
  net: string;
}

export function totalsBy(view: PaylinkTotalsView, pick: 'provider' | 'status'): GroupTotal[] {
  const acc = new Map<string, { key: string; currency: Currency; count: number; amount: number; captured: number; refunded: number }>();
  for (const r of view.rows) {
    const id = `${r[pick]}:${r.currency}`;
    const e = acc.get(id) ?? { key: r[pick], currency: r.currency, count: 0, amount: 0, captured: 0, refunded: 0 };
    e.count += r.count;
    e.amount += r.amount_minor;
    e.captured += r.captured_minor;
    e.refunded += r.refunded_minor;
    acc.set(id, e);
  }
  return [...acc.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency))
    .map((e) => ({
      key: e.key,
      currency: e.currency,
      count: e.count,
      amount: formatMinor(e.amount, e.currency),
      captured: formatMinor(e.captured, e.currency),
      refunded: formatMinor(e.refunded, e.currency),
      net: formatMinor(e.captured - e.refunded, e.currency),
    }));
}
