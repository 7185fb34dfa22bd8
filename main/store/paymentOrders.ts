import { statement, type Db } from './db';

export interface PaymentOrderRow {
  id: string;
  idempotency_key: string | null;
  /** Hash of the request that created the order: a reused Idempotency-Key with another body is refused. */
  request_hash: string;
  status: 'pending' | 'completed';
  currency: string;
  total_minor: number;
  /** JSON: [{sku, name, qty, price_minor}] */
  line_items: string;
  /** JSON: provider ids in the caller's order. */
  accepted_gateways: string;
  active_gateway: string;
  confirmed_provider: string | null;
  confirmed_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface PaymentOrderEventRow {
  seq: number;
  order_id: string;
  type: string;
  at: number;
  actor: string | null;
  data: string;
}

export function insertPaymentOrder(db: Db, row: PaymentOrderRow): void {
  statement(db, 
    `INSERT INTO payment_orders (id, idempotency_key, request_hash, status, currency, total_minor, line_items, accepted_gateways, active_gateway,
       confirmed_provider, confirmed_at, created_by, created_at, updated_at)
     VALUES (@id, @idempotency_key, @request_hash, @status, @currency, @total_minor, @line_items, @accepted_gateways, @active_gateway,
       @confirmed_provider, @confirmed_at, @created_by, @created_at, @updated_at)`,
  ).run(row);
}

export function getPaymentOrder(db: Db, id: string): PaymentOrderRow | undefined {
  return statement(db, `SELECT * FROM payment_orders WHERE id = ?`).get(id) as PaymentOrderRow | undefined;
}

export function getPaymentOrderByIdempotencyKey(db: Db, key: string): PaymentOrderRow | undefined {
  return statement(db, `SELECT * FROM payment_orders WHERE idempotency_key = ?`).get(key) as PaymentOrderRow | undefined;
}

export function markPaymentOrderCompleted(db: Db, args: { id: string; provider: string; at: number }): void {
  statement(db, `UPDATE payment_orders SET status = 'completed', confirmed_provider = ?, confirmed_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(
    args.provider,
    args.at,
    args.at,
    args.id,
  );
}

export function appendPaymentOrderEvent(db: Db, e: { order_id: string; type: string; at: number; actor: string | null; data?: Record<string, unknown> }): void {
  statement(db, `INSERT INTO payment_order_events (order_id, type, at, actor, data) VALUES (?, ?, ?, ?, ?)`).run(e.order_id, e.type, e.at, e.actor, JSON.stringify(e.data ?? {}));
}

export function listPaymentOrderEvents(db: Db, orderId: string): PaymentOrderEventRow[] {
  return statement(db, `SELECT * FROM payment_order_events WHERE order_id = ? ORDER BY seq`).all(orderId) as PaymentOrderEventRow[];
}
