import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { openDatabase, schemaVersion, type Db } from './db';
import { MIGRATIONS } from './migrations';

// Schema step 2 (payment orders and catalog links): STRICT tables, and the hot queries use their indexes.

let db: Db | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  db?.close();
  temp?.cleanup();
});

function open(): Db {
  temp = makeTempDir('paydesk-schema2');
  db = openDatabase(`${temp.dir}/paydesk.db`);
  return db;
}

function plan(d: Db, sql: string, ...params: unknown[]): string {
  return (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('updateToSchemaVersion2', () => {
  it('creates STRICT tables that refuse money as text', () => {
    const d = open();
    expect(schemaVersion(d)).toBe(MIGRATIONS.length);
    for (const table of ['payment_orders', 'payment_order_events', 'catalog_links', 'catalog_link_uses']) {
      const sql = (d.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table) as { sql: string }).sql;
      expect(sql, table).toMatch(/\)\s*STRICT$/);
    }
    expect(() =>
      d
        .prepare(
          `INSERT INTO payment_orders (id, request_hash, status, currency, total_minor, line_items, accepted_gateways, active_gateway, created_by, created_at, updated_at)
           VALUES ('r1', 'h', 'pending', 'SAR', '149.50', '[]', '[]', 'tabby', 'api', 0, 0)`,
        )
        .run(),
    ).toThrow(/cannot store (TEXT|REAL) value in INTEGER column/);
  });

  it('serves the hot queries from indexes', () => {
    const d = open();
    expect(plan(d, `SELECT * FROM payment_orders WHERE idempotency_key = ?`, 'k')).toMatch(/USING INDEX/);
    expect(plan(d, `SELECT * FROM payment_order_events WHERE order_id = ? ORDER BY seq`, 'r1')).toMatch(/USING INDEX payment_order_events_order/);
    expect(plan(d, `SELECT * FROM catalog_links WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 50`)).toMatch(/catalog_links_live/);
    expect(plan(d, `SELECT count(*) FROM catalog_link_uses WHERE link_id = ? AND status = 'reserved'`, 'x')).toMatch(/USING (COVERING )?INDEX catalog_link_uses_link/);
    expect(plan(d, `SELECT * FROM catalog_link_uses WHERE paylink_id = ?`, 'pl')).toMatch(/USING INDEX catalog_link_uses_paylink/);
  });
});
