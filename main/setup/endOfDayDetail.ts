import { divideRoundHalfUp, KSA_STANDARD_VAT_BP } from '../../shared/cart';
import { formatMinor, isCurrency, type Currency } from '../../shared/money';
import type { EndOfDayDetailView } from '../../shared/setup';
import type { Db } from '../store/db';

// The end-of-day figures a manager closes the day with, from this till's SQLite (one grouped query each
// over the day's created_at range, which the paylinks_created index serves).
//
// VAT: a paylink records its amount, not its lines' VAT rates, so the summary carves VAT out of what was
// kept at the KSA standard rate (15%, prices including VAT) — exact for a store that sells at that rate,
// which the report says next to the figures.

const money = (minor: number, currency: string) => (isCurrency(currency) ? formatMinor(minor, currency as Currency) : String(minor));

/** The grouped rows the detail is built from; the store database answers the same four queries for the whole store. */
export interface EndOfDayDetailRows {
  kept: { currency: string; kept: number }[];
  cashiers: { cashier_id: string | null; name: string | null; currency: string; count: number; paid_count: number; captured: number; refunded: number }[];
  refunds: { currency: string; count: number; amount: number }[];
  statuses: { status: string; n: number }[];
}

export function endOfDayDetail(db: Db, range: { from: number; to: number }): EndOfDayDetailView {
  const params = [range.from, range.to];
  return endOfDayDetailFromRows(
    {
      kept: db.prepare(`SELECT currency, sum(captured_minor - refunded_minor) AS kept FROM paylinks WHERE created_at >= ? AND created_at < ? GROUP BY currency ORDER BY currency`).all(...params) as EndOfDayDetailRows['kept'],
      cashiers: db
        .prepare(
          `SELECT p.cashier_id, s.name, p.currency, count(*) AS count, sum(p.captured_minor > 0) AS paid_count, sum(p.captured_minor) AS captured, sum(p.refunded_minor) AS refunded
           FROM paylinks p LEFT JOIN staff s ON s.id = p.cashier_id
           WHERE p.created_at >= ? AND p.created_at < ? GROUP BY p.cashier_id, p.currency ORDER BY s.name, p.currency`,
        )
        .all(...params) as EndOfDayDetailRows['cashiers'],
      refunds: db
        .prepare(`SELECT currency, count(*) AS count, sum(refunded_minor) AS amount FROM paylinks WHERE created_at >= ? AND created_at < ? AND refunded_minor > 0 GROUP BY currency ORDER BY currency`)
        .all(...params) as EndOfDayDetailRows['refunds'],
      statuses: db.prepare(`SELECT status, count(*) AS n FROM paylinks WHERE created_at >= ? AND created_at < ? AND status IN ('rejected', 'expired', 'cancelled') GROUP BY status`).all(...params) as EndOfDayDetailRows['statuses'],
    },
    range,
  );
}

export function endOfDayDetailFromRows(rows: EndOfDayDetailRows, range: { from: number; to: number }): EndOfDayDetailView {
  const vat = rows.kept
    .filter((r) => r.kept > 0)
    .map((r) => {
      const net = divideRoundHalfUp(r.kept * 10_000, 10_000 + KSA_STANDARD_VAT_BP);
      return { currency: r.currency, rate_percent: KSA_STANDARD_VAT_BP / 100, net: money(net, r.currency), vat: money(r.kept - net, r.currency), gross: money(r.kept, r.currency) };
    });
  const cashiers = rows.cashiers.map((r) => ({ cashier_id: r.cashier_id, name: r.name ?? (r.cashier_id ? r.cashier_id : 'API'), currency: r.currency, count: r.count, paid_count: r.paid_count, captured: money(r.captured, r.currency), refunded: money(r.refunded, r.currency) }));
  const refunds = rows.refunds.map((r) => ({ currency: r.currency, count: r.count, amount: money(r.amount, r.currency) }));
  const byStatus = new Map(rows.statuses.map((r) => [r.status, r.n]));
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    vat,
    cashiers,
    refunds,
    outcomes: { declined: byStatus.get('rejected') ?? 0, expired: byStatus.get('expired') ?? 0, cancelled: byStatus.get('cancelled') ?? 0 },
  };
}
