import { statement, type Db, writeTransaction } from './db';
import type { ProductRow } from './products';

export type PricingMode = 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE';

export interface CatalogLinkRow {
  id: string;
  name: string;
  provider: string;
  org_app_id: string;
  currency: string;
  pricing_mode: PricingMode;
  /** JSON: the product snapshot taken when the link was created (see engine/catalogLinkPricing). */
  products: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  expires_at: number | null;
  max_uses: number | null;
  is_active: number;
  metadata: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface CatalogLinkUseRow {
  id: string;
  link_id: string;
  status: 'reserved' | 'started' | 'released';
  paylink_id: string | null;
  amount_minor: number;
  currency: string;
  billing: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogLinkStatsRow {
  link_id: string;
  uses: number;
  paid_count: number;
  revenue_minor: number;
}

/** Paylink statuses that end without money: a use whose checkout ended this way is free again. */
const USE_FREEING_STATUSES = `('cancelled', 'expired', 'rejected')`;

export function insertCatalogLink(db: Db, row: CatalogLinkRow): void {
  statement(db, 
    `INSERT INTO catalog_links (id, name, provider, org_app_id, currency, pricing_mode, products, subtotal_minor, tax_minor, total_minor, expires_at,
       max_uses, is_active, metadata, created_by, created_at, updated_at, deleted_at)
     VALUES (@id, @name, @provider, @org_app_id, @currency, @pricing_mode, @products, @subtotal_minor, @tax_minor, @total_minor, @expires_at,
       @max_uses, @is_active, @metadata, @created_by, @created_at, @updated_at, @deleted_at)`,
  ).run(row);
}

/** Includes soft-deleted links; callers decide what a deleted link means for them. */
export function getCatalogLink(db: Db, id: string): CatalogLinkRow | undefined {
  return statement(db, `SELECT * FROM catalog_links WHERE id = ?`).get(id) as CatalogLinkRow | undefined;
}

export function listCatalogLinks(db: Db, args: { limit: number; offset: number }): CatalogLinkRow[] {
  return db
    .prepare(`SELECT * FROM catalog_links WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
    .all(args.limit, args.offset) as CatalogLinkRow[];
}

export function countCatalogLinks(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM catalog_links WHERE deleted_at IS NULL`).get() as { n: number }).n;
}

export type CatalogLinkChange = Pick<CatalogLinkRow, 'name' | 'is_active' | 'expires_at' | 'max_uses' | 'metadata' | 'updated_at'>;

export function updateCatalogLink(db: Db, id: string, change: CatalogLinkChange): void {
  statement(db, 
    `UPDATE catalog_links SET name = @name, is_active = @is_active, expires_at = @expires_at, max_uses = @max_uses, metadata = @metadata,
       updated_at = @updated_at WHERE id = @id AND deleted_at IS NULL`,
  ).run({ ...change, id });
}

export function softDeleteCatalogLink(db: Db, args: { id: string; at: number }): void {
  statement(db, `UPDATE catalog_links SET deleted_at = ?, is_active = 0, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(args.at, args.at, args.id);
}

/** Uses that count against max_uses: held reservations, and started checkouts that have not ended without money. */
export function countLiveLinkUses(db: Db, linkId: string): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM catalog_link_uses u LEFT JOIN paylinks p ON p.id = u.paylink_id
         WHERE u.link_id = ? AND (u.status = 'reserved' OR (u.status = 'started' AND p.status NOT IN ${USE_FREEING_STATUSES}))`,
      )
      .get(linkId) as { n: number }
  ).n;
}

export function insertLinkUse(db: Db, row: Omit<CatalogLinkUseRow, 'paylink_id' | 'status' | 'updated_at'>): void {
  statement(db, 
    `INSERT INTO catalog_link_uses (id, link_id, status, paylink_id, amount_minor, currency, billing, created_at, updated_at)
     VALUES (@id, @link_id, 'reserved', NULL, @amount_minor, @currency, @billing, @created_at, @created_at)`,
  ).run(row);
}

export function markLinkUseStarted(db: Db, args: { id: string; paylinkId: string; at: number }): void {
  statement(db, `UPDATE catalog_link_uses SET status = 'started', paylink_id = ?, updated_at = ? WHERE id = ? AND status = 'reserved'`).run(args.paylinkId, args.at, args.id);
}

export function releaseLinkUse(db: Db, args: { id: string; at: number }): void {
  statement(db, `UPDATE catalog_link_uses SET status = 'released', updated_at = ? WHERE id = ? AND status = 'reserved'`).run(args.at, args.id);
}

/**
 * After a restart no provider call is in flight, so every 'reserved' use is left over from a crash: one whose paylink
 * was stored (its create_key is the use id) becomes 'started'; the others are released. Returns how many were fixed.
 */
export function recoverInterruptedLinkUses(db: Db, at: number): number {
  return writeTransaction(db, () => {
    const started = db
      .prepare(
        `UPDATE catalog_link_uses SET status = 'started', updated_at = ?, paylink_id = (SELECT p.id FROM paylinks p WHERE p.create_key = catalog_link_uses.id)
         WHERE status = 'reserved' AND EXISTS (SELECT 1 FROM paylinks p WHERE p.create_key = catalog_link_uses.id)`,
      )
      .run(at).changes;
    const released = statement(db, `UPDATE catalog_link_uses SET status = 'released', updated_at = ? WHERE status = 'reserved'`).run(at).changes;
    return started + released;
  });
}

/** Uses, paid checkouts and net revenue (captured minus refunded) per link, for the given link ids. */
export function catalogLinkStats(db: Db, linkIds: readonly string[]): CatalogLinkStatsRow[] {
  if (linkIds.length === 0) return [];
  return db
    .prepare(
      `SELECT u.link_id AS link_id,
              sum(CASE WHEN u.status = 'reserved' OR (u.status = 'started' AND p.status NOT IN ${USE_FREEING_STATUSES}) THEN 1 ELSE 0 END) AS uses,
              sum(CASE WHEN p.captured_minor > 0 THEN 1 ELSE 0 END) AS paid_count,
              coalesce(sum(p.captured_minor - p.refunded_minor), 0) AS revenue_minor
       FROM catalog_link_uses u LEFT JOIN paylinks p ON p.id = u.paylink_id
       WHERE u.link_id IN (SELECT value FROM json_each(?))
       GROUP BY u.link_id`,
    )
    .all(JSON.stringify(linkIds)) as CatalogLinkStatsRow[];
}

/** Paid count and net revenue per currency over all links that are not deleted (the list's aggregates). */
export function catalogLinkTotals(db: Db): { currency: string; paid_count: number; revenue_minor: number }[] {
  return db
    .prepare(
      `SELECT p.currency AS currency, count(*) AS paid_count, sum(p.captured_minor - p.refunded_minor) AS revenue_minor
       FROM catalog_link_uses u JOIN catalog_links l ON l.id = u.link_id JOIN paylinks p ON p.id = u.paylink_id
       WHERE l.deleted_at IS NULL AND p.captured_minor > 0
       GROUP BY p.currency ORDER BY p.currency`,
    )
    .all() as { currency: string; paid_count: number; revenue_minor: number }[];
}

export interface LinkPaymentRow {
  use_id: string;
  billing: string;
  use_created_at: number;
  paylink_id: string;
  provider: string;
  status: string;
  provider_status: string | null;
  amount_minor: number;
  captured_minor: number;
  refunded_minor: number;
  currency: string;
  checkout_url: string | null;
  created_at: number;
  updated_at: number;
}

/** The checkouts started through one link, newest first. */
export function listLinkPayments(db: Db, args: { linkId: string; limit: number }): LinkPaymentRow[] {
  return db
    .prepare(
      `SELECT u.id AS use_id, u.billing AS billing, u.created_at AS use_created_at, p.id AS paylink_id, p.provider, p.status, p.provider_status,
              p.amount_minor, p.captured_minor, p.refunded_minor, p.currency, p.checkout_url, p.created_at, p.updated_at
       FROM catalog_link_uses u JOIN paylinks p ON p.id = u.paylink_id
       WHERE u.link_id = ? AND u.status = 'started'
       ORDER BY u.created_at DESC, u.id DESC LIMIT ?`,
    )
    .all(args.linkId, args.limit) as LinkPaymentRow[];
}

/** Catalog products by their public ids (the products table id, e.g. prod_demo_1), including inactive ones. */
export function getProductsByIds(db: Db, ids: readonly string[]): ProductRow[] {
  return statement(db, `SELECT * FROM products WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ProductRow[];
}
