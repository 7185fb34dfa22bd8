import { statement, type Db } from './db';

export interface UnmatchedPaymentRow {
  id: number;
  provider: string;
  dedupe_key: string;
  session_id: string | null;
  payment_id: string | null;
  reference: string | null;
  provider_status: string | null;
  received_at: number;
  matched_paylink_id: string | null;
  matched_at: number | null;
}

export function insertUnmatchedPayment(db: Db, row: Pick<UnmatchedPaymentRow, 'provider' | 'dedupe_key' | 'session_id' | 'payment_id' | 'reference' | 'provider_status' | 'received_at'>): void {
  statement(
    db,
    `INSERT OR IGNORE INTO unmatched_provider_payments (provider, dedupe_key, session_id, payment_id, reference, provider_status, received_at)
     VALUES (@provider, @dedupe_key, @session_id, @payment_id, @reference, @provider_status, @received_at)`,
  ).run(row);
}

/** Open notifications about any of these provider ids (a paylink that just got its session claims them). */
export function listOpenUnmatchedFor(db: Db, provider: string, ids: readonly string[]): UnmatchedPaymentRow[] {
  const wanted = ids.filter(Boolean);
  if (wanted.length === 0) return [];
  // Every adopted session asks; almost always nothing is waiting, which the index answers on its own.
  if (!statement(db, `SELECT 1 FROM unmatched_provider_payments WHERE provider = ? AND matched_paylink_id IS NULL LIMIT 1`).get(provider)) return [];
  const marks = wanted.map(() => '?').join(', ');
  return statement(
    db,
    `SELECT * FROM unmatched_provider_payments WHERE provider = ? AND matched_paylink_id IS NULL
       AND (session_id IN (${marks}) OR payment_id IN (${marks}) OR reference IN (${marks})) ORDER BY id`,
  )
    .all(provider, ...wanted, ...wanted, ...wanted) as UnmatchedPaymentRow[];
}

export function markUnmatchedPaymentMatched(db: Db, id: number, paylinkId: string, nowMs: number): void {
  statement(db, `UPDATE unmatched_provider_payments SET matched_paylink_id = ?, matched_at = ? WHERE id = ?`).run(paylinkId, nowMs, id);
}

/** Newest first; the manager's list of provider payments PayDesk could not place. */
export function listUnmatchedPayments(db: Db, opts: { open?: boolean; limit: number }): UnmatchedPaymentRow[] {
  return statement(
    db,
    `SELECT * FROM unmatched_provider_payments ${opts.open ? 'WHERE matched_paylink_id IS NULL' : ''} ORDER BY received_at DESC, id DESC LIMIT ?`,
  ).all(opts.limit) as UnmatchedPaymentRow[];
}

export function countOpenUnmatchedPayments(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM unmatched_provider_payments WHERE matched_paylink_id IS NULL`).get() as { n: number }).n;
}

/** Open notifications whose reference is a paylink that has no session yet (their adoption has to be tried again). */
export function listUnmatchedNamingSessionlessPaylinks(db: Db, limit: number): UnmatchedPaymentRow[] {
  return statement(
    db,
    `SELECT u.* FROM unmatched_provider_payments u JOIN paylinks p ON p.id = u.reference AND p.provider = u.provider
     WHERE u.matched_paylink_id IS NULL AND p.session_id IS NULL AND (u.session_id IS NOT NULL OR u.payment_id IS NOT NULL) ORDER BY u.id LIMIT ?`,
  ).all(limit) as UnmatchedPaymentRow[];
}
