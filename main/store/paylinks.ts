import { statement, type Db } from './db';
import type { PaylinkStatus } from '../../shared/status';

export interface PaylinkRow {
  id: string;
  create_key: string | null;
  provider: string;
  org_app_id: string;
  order_id: string;
  amount_minor: number;
  currency: string;
  description: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_phone: string | null;
  lang: 'ar' | 'en';
  items: string;
  metadata: string;
  session_id: string | null;
  payment_id: string | null;
  provider_extra: string;
  checkout_url: string | null;
  expires_at: number | null;
  status: PaylinkStatus;
  provider_status: string | null;
  captured_minor: number;
  refunded_minor: number;
  /** `create`: the create was recorded and sent, its outcome is not confirmed yet (status `unknown`). */
  pending_command: 'create' | 'capture' | 'refund' | 'cancel' | null;
  cashier_id: string | null;
  created_at: number;
  updated_at: number;
  next_refresh_at: number | null;
}

export function insertPaylink(db: Db, row: PaylinkRow): void {
  statement(db, 
    `INSERT INTO paylinks (id, create_key, provider, org_app_id, order_id, amount_minor, currency, description, buyer_name, buyer_email,
       buyer_phone, lang, items, metadata, session_id, payment_id, provider_extra, checkout_url, expires_at, status, provider_status,
       captured_minor, refunded_minor, pending_command, cashier_id, created_at, updated_at, next_refresh_at)
     VALUES (@id, @create_key, @provider, @org_app_id, @order_id, @amount_minor, @currency, @description, @buyer_name, @buyer_email,
       @buyer_phone, @lang, @items, @metadata, @session_id, @payment_id, @provider_extra, @checkout_url, @expires_at, @status, @provider_status,
       @captured_minor, @refunded_minor, @pending_command, @cashier_id, @created_at, @updated_at, @next_refresh_at)`,
  ).run(row);
}

/** Records a create before the provider call. False when another create already holds this Idempotency-Key. */
export function insertPaylinkIntent(db: Db, row: PaylinkRow): boolean {
  if (row.create_key !== null && getPaylinkByCreateKey(db, row.create_key)) return false;
  try {
    insertPaylink(db, row);
    return true;
  } catch (err) {
    // Another writer committed the same key between the read and the insert (another process on a shared file).
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && row.create_key !== null && getPaylinkByCreateKey(db, row.create_key)) return false;
    throw err;
  }
}

export type PaylinkSessionFields = Pick<
  PaylinkRow,
  | 'session_id'
  | 'payment_id'
  | 'provider_extra'
  | 'checkout_url'
  | 'expires_at'
  | 'status'
  | 'provider_status'
  | 'captured_minor'
  | 'refunded_minor'
  | 'pending_command'
  | 'updated_at'
  | 'next_refresh_at'
>;

/** Gives a recorded create the session the provider opened for it (its answer, or what a lookup found). */
export function adoptPaylinkSession(db: Db, id: string, f: PaylinkSessionFields): void {
  statement(
    db,
    `UPDATE paylinks SET session_id = @session_id, payment_id = @payment_id, provider_extra = @provider_extra, checkout_url = @checkout_url,
       expires_at = @expires_at, status = @status, provider_status = @provider_status, captured_minor = @captured_minor,
       refunded_minor = @refunded_minor, pending_command = @pending_command, updated_at = @updated_at, next_refresh_at = @next_refresh_at
     WHERE id = @id`,
  ).run({ ...f, id });
}

/**
 * The provider's answer to a create, stored only if the recorded intent is still exactly as written at
 * `recorded_at` (no session, nothing changed it since): then the caller's copy of the row is the row, and
 * it need not be read back. False sends the caller to the general path, which reads the row first.
 */
export function adoptUnchangedIntent(db: Db, id: string, recordedAt: number, f: PaylinkSessionFields): boolean {
  return (
    statement(
      db,
      `UPDATE paylinks SET session_id = @session_id, payment_id = @payment_id, provider_extra = @provider_extra, checkout_url = @checkout_url,
         expires_at = @expires_at, status = @status, provider_status = @provider_status, captured_minor = @captured_minor,
         refunded_minor = @refunded_minor, pending_command = @pending_command, updated_at = @updated_at, next_refresh_at = @next_refresh_at
       WHERE id = @id AND session_id IS NULL AND pending_command = 'create' AND updated_at = @recorded_at`,
    ).run({ ...f, id, recorded_at: recordedAt }).changes === 1
  );
}

/** A create the provider certainly did not apply (it refused, or was never reached): nothing to keep. */
export function deletePaylinkIntent(db: Db, id: string): void {
  statement(db, `DELETE FROM paylink_events WHERE paylink_id = ?`).run(id);
  statement(db, `DELETE FROM paylinks WHERE id = ? AND pending_command = 'create' AND session_id IS NULL`).run(id);
}

export function getPaylink(db: Db, id: string): PaylinkRow | undefined {
  return statement(db, `SELECT * FROM paylinks WHERE id = ?`).get(id) as PaylinkRow | undefined;
}

export function getPaylinkByCreateKey(db: Db, createKey: string): PaylinkRow | undefined {
  return statement(db, `SELECT * FROM paylinks WHERE create_key = ?`).get(createKey) as PaylinkRow | undefined;
}

/** Finds the paylink a provider notification is about, by any id the provider echoes. */
export function findPaylinkByProviderRef(db: Db, provider: string, ref: { sessionId?: string; paymentId?: string; reference?: string }): PaylinkRow | undefined {
  const stmt = statement(db, `SELECT * FROM paylinks WHERE provider = ? AND session_id = ?`);
  if (ref.sessionId) {
    const row = stmt.get(provider, ref.sessionId) as PaylinkRow | undefined;
    if (row) return row;
  }
  if (ref.paymentId) {
    const row = statement(db, `SELECT * FROM paylinks WHERE provider = ? AND (payment_id = ? OR session_id = ?)`).get(provider, ref.paymentId, ref.paymentId) as PaylinkRow | undefined;
    if (row) return row;
  }
  if (ref.reference) {
    const row = statement(db, `SELECT * FROM paylinks WHERE provider = ? AND id = ?`).get(provider, ref.reference) as PaylinkRow | undefined;
    if (row) return row;
  }
  return undefined;
}

export type PaylinkStateChange = Pick<
  PaylinkRow,
  'status' | 'provider_status' | 'captured_minor' | 'refunded_minor' | 'pending_command' | 'updated_at' | 'next_refresh_at' | 'session_id' | 'payment_id'
>;

export function updatePaylinkState(db: Db, id: string, change: PaylinkStateChange): void {
  statement(db, 
    `UPDATE paylinks SET status = @status, provider_status = @provider_status, captured_minor = @captured_minor, refunded_minor = @refunded_minor,
       pending_command = @pending_command, updated_at = @updated_at, next_refresh_at = @next_refresh_at, session_id = @session_id, payment_id = @payment_id
     WHERE id = @id`,
  ).run({ ...change, id });
}

export interface PaylinkFilter {
  provider?: string | undefined;
  org_app_id?: string | undefined;
  status?: string | undefined;
  cashier_id?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  /** Keyset cursor: created_at and id of the last row of the previous page. */
  before?: { created_at: number; id: string } | undefined;
}

function whereClause(f: PaylinkFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.provider) (parts.push('provider = ?'), params.push(f.provider));
  if (f.org_app_id) (parts.push('org_app_id = ?'), params.push(f.org_app_id));
  if (f.status) (parts.push('status = ?'), params.push(f.status));
  if (f.cashier_id) (parts.push('cashier_id = ?'), params.push(f.cashier_id));
  if (f.from !== undefined) (parts.push('created_at >= ?'), params.push(f.from));
  if (f.to !== undefined) (parts.push('created_at < ?'), params.push(f.to));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Newest first, keyset-paginated so page N costs the same as page 1. */
export function listPaylinks(db: Db, f: PaylinkFilter): PaylinkRow[] {
  const w = whereClause(f);
  let sql = w.sql;
  const params = [...w.params];
  if (f.before) {
    sql += `${sql ? ' AND' : 'WHERE'} (created_at < ? OR (created_at = ? AND id < ?))`;
    params.push(f.before.created_at, f.before.created_at, f.before.id);
  }
  return statement(db, `SELECT * FROM paylinks ${sql} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...params, f.limit) as PaylinkRow[];
}

export function countPaylinks(db: Db, f: PaylinkFilter): number {
  const w = whereClause(f);
  return (statement(db, `SELECT count(*) AS n FROM paylinks ${w.sql}`).get(...w.params) as { n: number }).n;
}

export function listPaylinksDueForRefresh(db: Db, nowMs: number, limit: number): PaylinkRow[] {
  return statement(db, `SELECT * FROM paylinks WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= ? ORDER BY next_refresh_at LIMIT ?`).all(nowMs, limit) as PaylinkRow[];
}

export interface PaylinkEventRow {
  seq: number;
  paylink_id: string;
  type: string;
  at: number;
  actor: string | null;
  data: string;
}

export function appendPaylinkEvent(db: Db, e: { paylink_id: string; type: string; at: number; actor: string | null; data?: Record<string, unknown> }): void {
  statement(db, `INSERT INTO paylink_events (paylink_id, type, at, actor, data) VALUES (?, ?, ?, ?, ?)`).run(e.paylink_id, e.type, e.at, e.actor, JSON.stringify(e.data ?? {}));
}

export function listPaylinkEvents(db: Db, paylinkId: string): PaylinkEventRow[] {
  return statement(db, `SELECT * FROM paylink_events WHERE paylink_id = ? ORDER BY seq`).all(paylinkId) as PaylinkEventRow[];
}

export function hasWebhookReceipt(db: Db, provider: string, dedupeKey: string): boolean {
  return statement(db, `SELECT 1 FROM webhook_receipts WHERE provider = ? AND dedupe_key = ?`).get(provider, dedupeKey) !== undefined;
}

export function recordWebhookReceipt(db: Db, provider: string, dedupeKey: string, nowMs: number): boolean {
  const info = statement(db, `INSERT OR IGNORE INTO webhook_receipts (provider, dedupe_key, received_at) VALUES (?, ?, ?)`).run(provider, dedupeKey, nowMs);
  return info.changes === 1;
}

export interface PaylinkTotalsRow {
  provider: string;
  status: string;
  currency: string;
  count: number;
  amount_minor: number;
  captured_minor: number;
  refunded_minor: number;
}

/** Totals per provider, status and currency for a filter (the manager's day view and end-of-day report). */
export function paylinkTotals(db: Db, f: Omit<PaylinkFilter, 'limit' | 'before'>): PaylinkTotalsRow[] {
  const w = whereClause({ ...f, limit: 0 });
  return db
    .prepare(
      `SELECT provider, status, currency, count(*) AS count, sum(amount_minor) AS amount_minor, sum(captured_minor) AS captured_minor,
              sum(refunded_minor) AS refunded_minor
       FROM paylinks ${w.sql} GROUP BY provider, status, currency ORDER BY provider, status`,
    )
    .all(...w.params) as PaylinkTotalsRow[];
}

/** The provider could not be asked: try this paylink again later instead of on the next tick. */
export function deferPaylinkRefresh(db: Db, id: string, atMs: number): void {
  statement(db, `UPDATE paylinks SET next_refresh_at = ? WHERE id = ? AND next_refresh_at IS NOT NULL`).run(atMs, id);
}
