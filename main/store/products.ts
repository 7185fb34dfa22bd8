import { statement, type Db } from './db';

export interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name_en: string;
  name_ar: string;
  price_minor: number;
  currency: string;
  vat_rate_bp: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export function insertProduct(db: Db, row: Omit<ProductRow, 'active'>): void {
  statement(db, 
    `INSERT INTO products (id, sku, barcode, name_en, name_ar, price_minor, currency, vat_rate_bp, created_at, updated_at)
     VALUES (@id, @sku, @barcode, @name_en, @name_ar, @price_minor, @currency, @vat_rate_bp, @created_at, @updated_at)`,
  ).run(row);
}

export function searchProducts(db: Db, query: string | undefined, limit = 200): ProductRow[] {
  if (!query) return statement(db, `SELECT * FROM products WHERE active = 1 ORDER BY name_en LIMIT ?`).all(limit) as ProductRow[];
  const like = `%${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT * FROM products WHERE active = 1 AND (barcode = ? OR sku = ? OR name_en LIKE ? ESCAPE '\\' OR name_ar LIKE ? ESCAPE '\\')
       ORDER BY (barcode = ?) DESC, name_en LIMIT ?`,
    )
    .all(query, query, like, like, query, limit) as ProductRow[];
}

export function countProducts(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM products`).get() as { n: number }).n;
}

export function getProduct(db: Db, id: string): ProductRow | undefined {
  return statement(db, `SELECT * FROM products WHERE id = ?`).get(id) as ProductRow | undefined;
}

export function updateProduct(db: Db, id: string, change: Partial<Pick<ProductRow, 'sku' | 'barcode' | 'name_en' | 'name_ar' | 'price_minor' | 'currency' | 'vat_rate_bp' | 'active'>>, nowMs: number): void {
  const fields = Object.keys(change).filter((k) => (change as Record<string, unknown>)[k] !== undefined);
  if (fields.length === 0) return;
  statement(db, `UPDATE products SET ${fields.map((f) => `${f} = @${f}`).join(', ')}, updated_at = @updated_at WHERE id = @id`).run({ ...change, id, updated_at: nowMs });
}
