import { formatMinor, type Currency } from '../../../shared/money';
import type { EndOfDayView } from '../../../shared/views';
import { toCsv, UTF8_BOM } from './csv';

export interface CurrencyTotal {
  currency: Currency;
  count: number;
  paid_count: number;
  captured: string;
  refunded: string;
  net: string;
}

/** The report's bottom line per currency, summed in minor units. */
export function endOfDayTotals(view: EndOfDayView): CurrencyTotal[] {
  const acc = new Map<Currency, { count: number; paid: number; captured: number; refunded: number }>();
  for (const p of view.providers) {
    const e = acc.get(p.currency) ?? { count: 0, paid: 0, captured: 0, refunded: 0 };
    e.count += p.count;
    e.paid += p.paid_count;
    e.captured += p.captured_minor;
    e.refunded += p.refunded_minor;
    acc.set(p.currency, e);
  }
  return [...acc.entries()].map(([currency, e]) => ({
    currency,
    count: e.count,
    paid_count: e.paid,
    captured: formatMinor(e.captured, currency),
    refunded: formatMinor(e.refunded, currency),
    net: formatMinor(e.captured - e.refunded, currency),
  }));
}

export interface EndOfDayCsvLabels {
  /** Provider, currency, links, paid, captured, refunded, net — in the screen's language. */
  header: string[];
  total: string;
  providerName(id: string): string;
}

/** CSV of the report: one row per provider and currency, then a total per currency; amounts are the engine's exact decimals. */
export function endOfDayCsv(view: EndOfDayView, labels: EndOfDayCsvLabels): string {
  const rows = [
    ...view.providers.map((p) => [labels.providerName(p.provider), p.currency, p.count, p.paid_count, p.captured, p.refunded, p.net]),
    ...endOfDayTotals(view).map((t) => [labels.total, t.currency, t.count, t.paid_count, t.captured, t.refunded, t.net]),
  ];
  return UTF8_BOM + toCsv(labels.header, rows, new Set([0]));
}
