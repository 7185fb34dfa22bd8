import type { Pool } from 'pg';
import type { EndOfDayDetailRows } from '../setup/endOfDayDetail';

// The end-of-day detail (VAT, cashiers, refunds, outcomes) for the whole store: the same four grouped queries
// as the till's own, over the store database's covering index, with staff names from the store's staff.

export async function storeEndOfDayDetailRows(pool: Pool, range: { from: number; to: number }): Promise<EndOfDayDetailRows> {
  const params = [range.from, range.to];
  const [kept, cashiers, refunds, statuses] = await Promise.all([
    pool.query(`SELECT currency, sum(captured_minor - refunded_minor)::bigint AS kept FROM paylinks WHERE created_at >= $1 AND created_at < $2 GROUP BY currency ORDER BY currency`, params),
    pool.query(
      `SELECT p.cashier_id, s.name, p.currency, count(*)::int AS count, (count(*) FILTER (WHERE p.captured_minor > 0))::int AS paid_count,
              sum(p.captured_minor)::bigint AS captured, sum(p.refunded_minor)::bigint AS refunded
       FROM paylinks p LEFT JOIN staff s ON s.id = p.cashier_id
       WHERE p.created_at >= $1 AND p.created_at < $2 GROUP BY p.cashier_id, s.name, p.currency ORDER BY s.name, p.currency`,
      params,
    ),
    pool.query(`SELECT currency, count(*)::int AS count, sum(refunded_minor)::bigint AS amount FROM paylinks WHERE created_at >= $1 AND created_at < $2 AND refunded_minor > 0 GROUP BY currency ORDER BY currency`, params),
    pool.query(`SELECT status, count(*)::int AS n FROM paylinks WHERE created_at >= $1 AND created_at < $2 AND status IN ('rejected', 'expired', 'cancelled') GROUP BY status`, params),
  ]);
  return { kept: kept.rows, cashiers: cashiers.rows, refunds: refunds.rows, statuses: statuses.rows } as EndOfDayDetailRows;
}
