import { statement, type Db, writeTransaction } from './db';

// Gateway reconciliation storage: card payments read from each gateway (one row per gateway id),
// what they matched in PayDesk, and the sync runs that read them.

export interface GatewayPaymentRow {
  gateway: string;
  gateway_id: string;
  org_app_id: string;
  status: string;
  gateway_status: string;
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  created_at: number;
  reference: string | null;
  /** JSON array of strings. */
  flags: string;
  matched_order_id: string | null;
  matched_paylink_id: string | null;
  first_seen_at: number;
  updated_at: number;
}

export type GatewayPaymentInput = Omit<GatewayPaymentRow, 'first_seen_at' | 'updated_at'>;

/** Fields whose change makes a stored payment "updated"; anything else is the same answer again. */
const COMPARED: readonly (keyof GatewayPaymentInput)[] = ['org_app_id', 'status', 'gateway_status', 'amount_minor', 'refunded_minor', 'currency', 'reference', 'flags', 'matched_order_id', 'matched_paylink_id'];

/**
 * Inserts new payments and updates changed ones, keyed by (gateway, gateway_id), in one transaction.
 * A match found earlier is kept when this answer brings none (the order may be gone from the day's view).
 */
export function upsertGatewayPayments(db: Db, args: { payments: readonly GatewayPaymentInput[]; nowMs: number }): { inserted: number; updated: number } {
  const select = statement(db, `SELECT * FROM gateway_payments WHERE gateway = ? AND gateway_id = ?`);
  const insert = statement(db, 
    `INSERT INTO gateway_payments (gateway, gateway_id, org_app_id, status, gateway_status, amount_minor, refunded_minor, currency, created_at,
       reference, flags, matched_order_id, matched_paylink_id, first_seen_at, updated_at)
     VALUES (@gateway, @gateway_id, @org_app_id, @status, @gateway_status, @amount_minor, @refunded_minor, @currency, @created_at,
       @reference, @flags, @matched_order_id, @matched_paylink_id, @now, @now)`,
  );
  const update = statement(db, 
    `UPDATE gateway_payments SET org_app_id = @org_app_id, status = @status, gateway_status = @gateway_status, amount_minor = @amount_minor,
       refunded_minor = @refunded_minor, currency = @currency, reference = @reference, flags = @flags,
       matched_order_id = @matched_order_id, matched_paylink_id = @matched_paylink_id, updated_at = @now
     WHERE gateway = @gateway AND gateway_id = @gateway_id`,
  );
  return writeTransaction(db, () => {
    let inserted = 0;
    let updated = 0;
    for (const payment of args.payments) {
      const existing = select.get(payment.gateway, payment.gateway_id) as GatewayPaymentRow | undefined;
      if (!existing) {
        insert.run({ ...payment, now: args.nowMs });
        inserted++;
        continue;
      }
      const next: GatewayPaymentInput = {
        ...payment,
        matched_order_id: payment.matched_order_id ?? existing.matched_order_id,
        matched_paylink_id: payment.matched_paylink_id ?? existing.matched_paylink_id,
      };
      if (COMPARED.some((field) => existing[field] !== next[field])) {
        update.run({ ...next, now: args.nowMs });
        updated++;
      }
    }
    return { inserted, updated };
  });
}

export function getGatewayPayment(db: Db, gateway: string, gatewayId: string): GatewayPaymentRow | undefined {
  return statement(db, `SELECT * FROM gateway_payments WHERE gateway = ? AND gateway_id = ?`).get(gateway, gatewayId) as GatewayPaymentRow | undefined;
}

/** Payments of one app that can still change (waiting, held, unknown): a sync asks about each by id. */
export function listOpenGatewayPaymentIds(db: Db, args: { orgAppId: string; sinceMs: number; limit: number }): string[] {
  const rows = db
    .prepare(
      `SELECT gateway_id FROM gateway_payments
       WHERE org_app_id = ? AND status IN ('created', 'authorized', 'unknown') AND created_at >= ?
       ORDER BY created_at DESC LIMIT ?`,
    )
    .all(args.orgAppId, args.sinceMs, args.limit) as { gateway_id: string }[];
  return rows.map((r) => r.gateway_id);
}

/** Unmatched payments that carry a reference: an order made after the payment was read can match them now. */
export function listUnmatchedGatewayPayments(db: Db, args: { orgAppId: string; sinceMs: number; limit: number }): GatewayPaymentRow[] {
  return db
    .prepare(
      `SELECT * FROM gateway_payments
       WHERE org_app_id = ? AND created_at >= ? AND reference IS NOT NULL AND matched_order_id IS NULL AND matched_paylink_id IS NULL
       ORDER BY created_at DESC LIMIT ?`,
    )
    .all(args.orgAppId, args.sinceMs, args.limit) as GatewayPaymentRow[];
}

export function setGatewayPaymentMatches(db: Db, args: { matches: readonly { gateway: string; gateway_id: string; matched_order_id: string | null; matched_paylink_id: string | null }[]; nowMs: number }): void {
  const update = statement(db, 
    `UPDATE gateway_payments SET matched_order_id = @matched_order_id, matched_paylink_id = @matched_paylink_id, updated_at = @now
     WHERE gateway = @gateway AND gateway_id = @gateway_id`,
  );
  writeTransaction(db, () => {
    for (const match of args.matches) update.run({ ...match, now: args.nowMs });
  });
}

export interface GatewayPaymentFilter {
  gateway?: string | undefined;
  fromMs: number;
  toMs: number;
  matched?: boolean | undefined;
}

function filterSql(f: GatewayPaymentFilter): { where: string; params: unknown[] } {
  const clauses = ['created_at >= ?', 'created_at < ?'];
  const params: unknown[] = [f.fromMs, f.toMs];
  if (f.gateway) {
    clauses.push('gateway = ?');
    params.push(f.gateway);
  }
  if (f.matched === true) clauses.push('(matched_order_id IS NOT NULL OR matched_paylink_id IS NOT NULL)');
  if (f.matched === false) clauses.push('matched_order_id IS NULL AND matched_paylink_id IS NULL');
  return { where: clauses.join(' AND '), params };
}

/** Newest first. */
export function listGatewayPayments(db: Db, f: GatewayPaymentFilter & { limit: number }): GatewayPaymentRow[] {
  const { where, params } = filterSql(f);
  return statement(db, `SELECT * FROM gateway_payments WHERE ${where} ORDER BY created_at DESC, gateway_id LIMIT ?`).all(...params, f.limit) as GatewayPaymentRow[];
}

export interface GatewayTotalsRow {
  gateway: string;
  currency: string;
  count: number;
  amount_minor: number;
  /** Money the gateway collected (captured, even if later refunded). */
  paid_minor: number;
  refunded_minor: number;
  matched: number;
}

export function gatewayPaymentTotals(db: Db, f: GatewayPaymentFilter): GatewayTotalsRow[] {
  const { where, params } = filterSql(f);
  return db
    .prepare(
      `SELECT gateway, currency, COUNT(*) AS count, SUM(amount_minor) AS amount_minor,
         SUM(CASE WHEN status IN ('captured', 'partially_refunded', 'refunded') THEN amount_minor ELSE 0 END) AS paid_minor,
         SUM(refunded_minor) AS refunded_minor,
         SUM(CASE WHEN matched_order_id IS NOT NULL OR matched_paylink_id IS NOT NULL THEN 1 ELSE 0 END) AS matched
       FROM gateway_payments WHERE ${where}
       GROUP BY gateway, currency ORDER BY gateway, currency`,
    )
    .all(...params) as GatewayTotalsRow[];
}

/** What a reference names in PayDesk: a paylink (by id or order id) or a payment order. */
export function findReferenceMatch(db: Db, reference: string): { orderId: string | null; paylinkId: string | null } | undefined {
  const paylink = (statement(db, `SELECT id, order_id FROM paylinks WHERE id = ?`).get(reference) ??
    statement(db, `SELECT id, order_id FROM paylinks WHERE order_id = ? ORDER BY created_at DESC LIMIT 1`).get(reference)) as { id: string; order_id: string } | undefined;
  const order = statement(db, `SELECT id FROM payment_orders WHERE id = ?`).get(paylink?.order_id ?? reference) as { id: string } | undefined;
  if (!paylink && !order) return undefined;
  return { orderId: order?.id ?? paylink?.order_id ?? null, paylinkId: paylink?.id ?? null };
}

/** PayDesk order ids since a time: HyperPay can only be searched by them. */
export function listOrderReferencesSince(db: Db, args: { sinceMs: number; limit: number }): string[] {
  const rows = db
    .prepare(
      `SELECT id AS ref FROM payment_orders WHERE created_at >= @since
       UNION SELECT order_id AS ref FROM paylinks WHERE created_at >= @since
       LIMIT @limit`,
    )
    .all({ since: args.sinceMs, limit: args.limit }) as { ref: string }[];
  return rows.map((r) => r.ref);
}

export interface GatewaySyncRunRow {
  id: number;
  gateway: string;
  org_app_id: string;
  trigger: 'schedule' | 'manual';
  started_at: number;
  finished_at: number | null;
  window_from: number | null;
  window_to: number | null;
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  refetched: number;
  rate_limited_retries: number;
  /** JSON array of messages. */
  errors: string;
  synced_until: number | null;
}

export function insertGatewaySyncRun(db: Db, args: { gateway: string; orgAppId: string; trigger: GatewaySyncRunRow['trigger']; startedAtMs: number }): number {
  const info = db
    .prepare(`INSERT INTO gateway_sync_runs (gateway, org_app_id, trigger, started_at) VALUES (?, ?, ?, ?)`)
    .run(args.gateway, args.orgAppId, args.trigger, args.startedAtMs);
  return Number(info.lastInsertRowid);
}

export type GatewaySyncRunOutcome = Pick<
  GatewaySyncRunRow,
  'finished_at' | 'window_from' | 'window_to' | 'pages' | 'fetched' | 'inserted' | 'updated' | 'refetched' | 'rate_limited_retries' | 'errors' | 'synced_until'
>;

export function finishGatewaySyncRun(db: Db, id: number, outcome: GatewaySyncRunOutcome): void {
  statement(db, 
    `UPDATE gateway_sync_runs SET finished_at = @finished_at, window_from = @window_from, window_to = @window_to, pages = @pages, fetched = @fetched,
       inserted = @inserted, updated = @updated, refetched = @refetched, rate_limited_retries = @rate_limited_retries, errors = @errors,
       synced_until = @synced_until
     WHERE id = @id`,
  ).run({ ...outcome, id });
}

export function getGatewaySyncRun(db: Db, id: number): GatewaySyncRunRow | undefined {
  return statement(db, `SELECT * FROM gateway_sync_runs WHERE id = ?`).get(id) as GatewaySyncRunRow | undefined;
}

/** The latest finished run of an app: its synced_until is where the next run starts. */
export function lastFinishedGatewaySyncRun(db: Db, orgAppId: string): GatewaySyncRunRow | undefined {
  return statement(db, `SELECT * FROM gateway_sync_runs WHERE org_app_id = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`).get(orgAppId) as GatewaySyncRunRow | undefined;
}

/** When the app last finished a run without errors. */
export function lastCleanGatewaySyncAt(db: Db, orgAppId: string): number | undefined {
  const row = db
    .prepare(`SELECT finished_at FROM gateway_sync_runs WHERE org_app_id = ? AND finished_at IS NOT NULL AND errors = '[]' ORDER BY id DESC LIMIT 1`)
    .get(orgAppId) as { finished_at: number } | undefined;
  return row?.finished_at;
}
