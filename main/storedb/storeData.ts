import type { Pool } from 'pg';
import { inStoreTransaction } from './transaction';
import { statement, type Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';
import { PRODUCT_COLUMNS, withoutCapture } from './localQueue';

// Store-wide data: the catalog and the staff live in the store database; each till keeps a local copy it uses
// offline, refreshed by following the store's version cursor (woken by NOTIFY, polled as a fallback).
// Staff rows carry names, roles, the scrypt PIN hash and the keyed PIN lookup, never a PIN. The lookup key
// (pin pepper) is the store's, published by the first till that joins, so any till can sign any staff member in.

/** Taken around every write of store-wide data, so versions become visible in the order they were given. */
export const STORE_DATA_LOCK = 7_310_014;
const CURSOR_KEY = 'storedb_data_cursor';
export const STORE_PEPPER_KEY = 'store_pin_pepper';

interface StaffStoreRow {
  id: string;
  name: string;
  role: string;
  pin_hash: string;
  pin_lookup: string;
  active: number;
  created_at: number;
  version: number;
}

/**
 * The first till to join publishes its PIN lookup key and staff; later tills take the store's. Returns whether
 * this till's staff became the store's.
 */
export async function joinStoreStaff(db: Db, pool: Pool): Promise<boolean> {
  const pepper = getSetting(db, 'pin_pepper');
  if (!pepper) return false;
  const { stored, won } = await inStoreTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORE_DATA_LOCK]);
    const won = await client.query(`INSERT INTO store_settings (key, value) VALUES ('pin_pepper', $1) ON CONFLICT (key) DO NOTHING`, [pepper]);
    if (won.rowCount) {
      const staff = statement(db, `SELECT id, name, role, pin_hash, pin_lookup, active, created_at FROM staff`).all();
      await client.query(
        `INSERT INTO staff (id, name, role, pin_hash, pin_lookup, active, created_at)
         SELECT id, name, role, pin_hash, pin_lookup, active, created_at FROM json_populate_recordset(null::staff, $1::json)
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(staff)],
      );
    }
    const stored = await client.query<{ value: string }>(`SELECT value FROM store_settings WHERE key = 'pin_pepper'`);
    return { stored, won };
  });
  const storePepper = stored.rows[0]?.value;
  if (storePepper) putSetting(db, STORE_PEPPER_KEY, storePepper);
  return won.rowCount === 1;
}

/** Takes every store-wide change newer than this till's cursor into its SQLite; resolves to how many rows changed. */
export async function pullStoreData(db: Db, pool: Pool): Promise<number> {
  const cursor = Number(getSetting(db, CURSOR_KEY) ?? 0);
  const [products, staff] = await Promise.all([
    pool.query<Record<string, unknown> & { version: number }>(`SELECT ${PRODUCT_COLUMNS.join(', ')}, version FROM products WHERE version > $1 ORDER BY version LIMIT 5000`, [cursor]),
    pool.query<StaffStoreRow>(`SELECT id, name, role, pin_hash, pin_lookup, active, created_at, version FROM staff WHERE version > $1 ORDER BY version LIMIT 5000`, [cursor]),
  ]);
  if (products.rows.length === 0 && staff.rows.length === 0) return 0;
  // With a page cut short, stop at the lower of the two last versions so nothing between is skipped.
  const lastOf = (rows: { version: number }[], full: boolean) => (rows.length === 0 ? Infinity : full ? rows.at(-1)!.version : Infinity);
  const pageEnd = Math.min(lastOf(products.rows, products.rows.length === 5000), lastOf(staff.rows, staff.rows.length === 5000));
  const maxVersion = Math.max(...products.rows.map((r) => r.version), ...staff.rows.map((r) => r.version));
  const newCursor = Number.isFinite(pageEnd) ? pageEnd : maxVersion;
  let changed = 0;
  withoutCapture(db, () => {
    // A local edit not yet sent (newer updated_at) is kept: it will reach the store and win there too.
    const upsertProduct = statement(
      db,
      `INSERT INTO products (${PRODUCT_COLUMNS.join(', ')}) VALUES (${PRODUCT_COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${PRODUCT_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE products.updated_at <= excluded.updated_at`,
    );
    const upsertStaff = statement(
      db,
      `INSERT INTO staff (id, name, role, pin_hash, pin_lookup, active, created_at) VALUES (@id, @name, @role, @pin_hash, @pin_lookup, @active, @created_at)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, pin_lookup = excluded.pin_lookup, active = excluded.active`,
    );
    for (const row of products.rows) {
      if (row.version > newCursor) continue;
      const { version: _v, ...product } = row;
      try {
        changed += upsertProduct.run(product).changes;
      } catch {
        // Another local product holds this SKU or barcode: keep the till's row rather than stop the refresh.
      }
    }
    for (const row of staff.rows) {
      if (row.version > newCursor) continue;
      const { version: _v, ...member } = row;
      try {
        changed += upsertStaff.run(member).changes;
      } catch {
        // A local-only staff member with the same PIN lookup: the local row stays.
      }
    }
    putSetting(db, CURSOR_KEY, String(newCursor));
  });
  return changed;
}
