import type { Pool } from 'pg';
import { AppError } from '../../shared/errors';
import type { PaylinkEventView, PaylinkView } from '../../shared/views';
import { toEventView, toPaylinkView } from '../engine/paylinkViews';
import type { PaylinkEventRow, PaylinkFilter, PaylinkRow, PaylinkTotalsRow } from '../store/paylinks';
import { PAYLINK_COLUMNS } from './localQueue';

// The manager's store-wide views, read from the store database: the same filters as the till's own views plus
// a till filter, and every row says which till owns it.

export type StoreFilter = Omit<PaylinkFilter, 'limit' | 'before'> & { till_id?: string | undefined };

function whereClause(f: StoreFilter, params: unknown[]): string {
  const parts: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (f.till_id) add('p.till_id = ?', f.till_id);
  if (f.provider) add('p.provider = ?', f.provider);
  if (f.org_app_id) add('p.org_app_id = ?', f.org_app_id);
  if (f.status) add('p.status = ?', f.status);
  if (f.cashier_id) add('p.cashier_id = ?', f.cashier_id);
  if (f.from !== undefined) add('p.created_at >= ?', f.from);
  if (f.to !== undefined) add('p.created_at < ?', f.to);
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

type StoreRow = PaylinkRow & { till_id: string; till_name: string };

function toStoreView(row: StoreRow): PaylinkView {
  // The QR image is served by the till that owns the link; other tills show its checkout URL instead.
  const view = toPaylinkView({ ...row, create_key: null, next_refresh_at: null }, '');
  return { ...view, qr_code_url: null, till_id: row.till_id, till_name: row.till_name };
}

const SELECT_ROW = `SELECT ${PAYLINK_COLUMNS.map((c) => `p.${c}`).join(', ')}, p.till_id, t.name AS till_name FROM paylinks p JOIN tills t ON t.till_id = p.till_id`;

function encodeCursor(row: { created_at: number; id: string }): string {
  return Buffer.from(`${row.created_at}:${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { created_at: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.slice(0, text.indexOf(':'));
  const id = text.slice(text.indexOf(':') + 1);
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('validation_failed', 'cursor is not valid; use next_cursor from the previous page.', { field: 'cursor' });
  return { created_at: Number(at), id };
}

/** Newest first, keyset-paged like the till's own list. */
export async function listStorePaylinks(pool: Pool, q: StoreFilter & { limit?: number | undefined; cursor?: string | undefined }): Promise<{ paylinks: PaylinkView[]; total: number; next_cursor: string | null }> {
  const limit = q.limit ?? 50;
  const params: unknown[] = [];
  let where = whereClause(q, params);
  const countParams = [...params];
  const countWhere = where;
  if (q.cursor) {
    const before = decodeCursor(q.cursor);
    params.push(before.created_at, before.id);
    where += `${where ? ' AND' : 'WHERE'} (p.created_at, p.id) < ($${params.length - 1}, $${params.length})`;
  }
  params.push(limit);
  const [page, count] = await Promise.all([
    pool.query<StoreRow>(`${SELECT_ROW} ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.length}`, params),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM paylinks p ${countWhere}`, countParams),
  ]);
  const last = page.rows.at(-1);
  return { paylinks: page.rows.map(toStoreView), total: count.rows[0]?.n ?? 0, next_cursor: page.rows.length === limit && last ? encodeCursor(last) : null };
}

/** Totals per provider, status and currency, as the till's own totals query groups them. */
export async function storeTotals(pool: Pool, f: StoreFilter): Promise<PaylinkTotalsRow[]> {
  const params: unknown[] = [];
  const where = whereClause(f, params);
  const result = await pool.query<PaylinkTotalsRow>(
    `SELECT p.provider, p.status, p.currency, count(*)::int AS count, sum(p.amount_minor)::bigint AS amount_minor,
            sum(p.captured_minor)::bigint AS captured_minor, sum(p.refunded_minor)::bigint AS refunded_minor
     FROM paylinks p ${where} GROUP BY p.provider, p.status, p.currency ORDER BY p.provider, p.status`,
    params,
  );
  return result.rows;
}

/** The paylink as the store database last heard of it, with the till that owns it. */
export async function findStorePaylink(pool: Pool, id: string): Promise<PaylinkView | undefined> {
  const result = await pool.query<StoreRow>(`${SELECT_ROW} WHERE p.id = $1 LIMIT 1`, [id]);
  const row = result.rows[0];
  return row ? toStoreView(row) : undefined;
}

export async function storeTimeline(pool: Pool, tillId: string, paylinkId: string): Promise<PaylinkEventView[]> {
  const result = await pool.query<PaylinkEventRow>(`SELECT seq, paylink_id, type, at, actor, data FROM paylink_events WHERE paylink_id = $1 AND till_id = $2 ORDER BY seq`, [paylinkId, tillId]);
  return result.rows.map(toEventView);
}
