import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../shared/errors';
import { inStoreTransaction } from './transaction';

// The store database's schema, migrated like the till's SQLite: an ordered list of steps, the version in
// one row, every pending step in one transaction, and a newer schema than this PayDesk knows is refused.
// Rows a till owns are keyed by (till_id, its own row id); the catalog and staff are store-wide.

export type PgMigration = string;

/** The store database server's clock in epoch ms: heartbeats are stamped and compared with it. */
export const SERVER_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

const V1 = `
CREATE TABLE tills (
  till_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  replicated_rows BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE paylinks (
  till_id TEXT NOT NULL REFERENCES tills(till_id),
  id TEXT NOT NULL,
  provider TEXT NOT NULL,
  org_app_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  description TEXT,
  buyer_name TEXT,
  buyer_email TEXT,
  buyer_phone TEXT,
  lang TEXT NOT NULL,
  items TEXT NOT NULL,
  metadata TEXT NOT NULL,
  session_id TEXT,
  payment_id TEXT,
  provider_extra TEXT NOT NULL,
  checkout_url TEXT,
  expires_at BIGINT,
  status TEXT NOT NULL,
  provider_status TEXT,
  captured_minor BIGINT NOT NULL,
  refunded_minor BIGINT NOT NULL,
  pending_command TEXT,
  cashier_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- The till's replication sequence number of the change this row reflects: an older one never overwrites a newer one.
  src_seq BIGINT NOT NULL,
  PRIMARY KEY (till_id, id)
);
-- The store-wide day view pages by (created_at, id) and totals from the same index without touching the table.
CREATE INDEX paylinks_day ON paylinks (created_at, id) INCLUDE (provider, status, currency, amount_minor, captured_minor, refunded_minor, cashier_id, till_id);
CREATE INDEX paylinks_till_day ON paylinks (till_id, created_at, id) INCLUDE (provider, status, currency, amount_minor, captured_minor, refunded_minor, cashier_id);
CREATE INDEX paylinks_id ON paylinks (id);

CREATE TABLE paylink_events (
  till_id TEXT NOT NULL REFERENCES tills(till_id),
  seq BIGINT NOT NULL,
  paylink_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT,
  data TEXT NOT NULL,
  PRIMARY KEY (till_id, seq)
);
CREATE INDEX paylink_events_paylink ON paylink_events (paylink_id, till_id, seq);

-- The till's back-office sync queue, as the till last saw it.
CREATE TABLE deliveries (
  till_id TEXT NOT NULL REFERENCES tills(till_id),
  id TEXT NOT NULL,
  topic TEXT NOT NULL,
  order_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  src_seq BIGINT NOT NULL,
  PRIMARY KEY (till_id, id)
);

-- Store-wide data: every change takes a new value of this sequence, which the tills follow as a cursor.
CREATE SEQUENCE store_data_version;

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  barcode TEXT,
  name_en TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  price_minor BIGINT NOT NULL CHECK (price_minor > 0),
  currency TEXT NOT NULL,
  vat_rate_bp INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT nextval('store_data_version')
);
CREATE INDEX products_version ON products (version);

-- Staff: names, roles and PIN hashes (scrypt) with the keyed lookup; never a PIN.
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_hash TEXT NOT NULL,
  pin_lookup TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT nextval('store_data_version')
);
CREATE INDEX staff_version ON staff (version);

CREATE TABLE store_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Refunds and cancels asked for on one till for a paylink another till owns; run by the owner, once.
CREATE TABLE till_commands (
  id TEXT PRIMARY KEY,
  target_till_id TEXT NOT NULL REFERENCES tills(till_id),
  requested_by_till_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  paylink_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'cancel')),
  input TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'withdrawn')),
  result TEXT,
  created_at BIGINT NOT NULL,
  claimed_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX till_commands_due ON till_commands (target_till_id, status, created_at);
`;

export const PG_MIGRATIONS: readonly PgMigration[] = [V1];

/** Serializes migrations of tills starting at the same time. */
const MIGRATION_LOCK = 7_310_013;

export async function storeSchemaVersion(client: PoolClient | Pool): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('public.paydesk_schema') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return 0;
  const row = await client.query<{ version: number }>(`SELECT version FROM paydesk_schema`);
  return Number(row.rows[0]?.version ?? 0);
}

/** Applies the steps newer than the store database's version in one transaction; refuses a newer schema. */
export async function migrateStoreDatabase(pool: Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  return inStoreTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS paydesk_schema (version INTEGER NOT NULL, one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one))`);
    await client.query(`INSERT INTO paydesk_schema (version) VALUES (0) ON CONFLICT DO NOTHING`);
    const current = await storeSchemaVersion(client);
    const latest = migrations.length;
    if (current > latest) {
      throw new AppError(
        'conflict',
        `The store database was set up by a newer PayDesk (schema ${current}; this till knows up to ${latest}). ` +
          'Update PayDesk on this till; the store database was not changed.',
        { schema_version: current, supported_version: latest },
      );
    }
    for (let version = current + 1; version <= latest; version++) await client.query(migrations[version - 1]!);
    await client.query(`UPDATE paydesk_schema SET version = $1`, [latest]);
    return latest;
  });
}
