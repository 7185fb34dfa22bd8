import type Database from 'better-sqlite3';
import { OUTBOX_DDL } from './outbox';
import { addPaylinkDeleteReplication, addStaffReplication, addStoreReplicationQueue } from '../storedb/localQueue';

/** Ordered schema steps: index + 1 is the `user_version` a step brings the database to. Never edit a shipped step. */
export type Migration = (db: Database.Database) => void;

function updateToSchemaVersion1(db: Database.Database): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE staff (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
      pin_hash TEXT NOT NULL,
      pin_lookup TEXT NOT NULL UNIQUE,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE staff_sessions (
      token_hash TEXT PRIMARY KEY,
      staff_id TEXT NOT NULL REFERENCES staff(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE org_apps (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      name TEXT NOT NULL,
      environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
      base_url TEXT NOT NULL,
      settings TEXT NOT NULL DEFAULT '{}',
      credentials_enc TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE products (
      id TEXT PRIMARY KEY,
      sku TEXT NOT NULL UNIQUE,
      barcode TEXT UNIQUE,
      name_en TEXT NOT NULL,
      name_ar TEXT NOT NULL,
      price_minor INTEGER NOT NULL CHECK (price_minor > 0),
      currency TEXT NOT NULL,
      vat_rate_bp INTEGER NOT NULL DEFAULT 1500,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE paylinks (
      id TEXT PRIMARY KEY,
      create_key TEXT UNIQUE,
      provider TEXT NOT NULL,
      org_app_id TEXT NOT NULL REFERENCES org_apps(id),
      order_id TEXT NOT NULL,
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      currency TEXT NOT NULL,
      description TEXT,
      buyer_name TEXT,
      buyer_email TEXT,
      buyer_phone TEXT,
      lang TEXT NOT NULL DEFAULT 'ar',
      items TEXT NOT NULL DEFAULT '[]',
      metadata TEXT NOT NULL DEFAULT '{}',
      session_id TEXT,
      payment_id TEXT,
      provider_extra TEXT NOT NULL DEFAULT '{}',
      checkout_url TEXT,
      expires_at INTEGER,
      status TEXT NOT NULL,
      provider_status TEXT,
      captured_minor INTEGER NOT NULL DEFAULT 0,
      refunded_minor INTEGER NOT NULL DEFAULT 0,
      pending_command TEXT,
      cashier_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      next_refresh_at INTEGER
    ) STRICT;
    CREATE INDEX paylinks_created ON paylinks(created_at);
    CREATE INDEX paylinks_provider_created ON paylinks(provider, created_at);
    CREATE INDEX paylinks_org_app ON paylinks(org_app_id, created_at);
    CREATE INDEX paylinks_order ON paylinks(order_id);
    CREATE INDEX paylinks_session ON paylinks(provider, session_id);
    CREATE INDEX paylinks_refresh ON paylinks(next_refresh_at) WHERE next_refresh_at IS NOT NULL;

    CREATE TABLE paylink_events (
      seq INTEGER PRIMARY KEY,
      paylink_id TEXT NOT NULL REFERENCES paylinks(id),
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT,
      data TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX paylink_events_paylink ON paylink_events(paylink_id, seq);

    CREATE TABLE money_commands (
      idempotency_key TEXT PRIMARY KEY,
      paylink_id TEXT NOT NULL REFERENCES paylinks(id),
      kind TEXT NOT NULL CHECK (kind IN ('capture', 'refund', 'cancel')),
      amount_minor INTEGER NOT NULL,
      baseline_minor INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      result TEXT,
      error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX money_commands_paylink ON money_commands(paylink_id, created_at);
    CREATE INDEX money_commands_due ON money_commands(status, next_attempt_at);

    CREATE TABLE webhook_receipts (
      provider TEXT NOT NULL,
      dedupe_key TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      PRIMARY KEY (provider, dedupe_key)
    ) STRICT;
  `);
  db.exec(OUTBOX_DDL);
}

/** Payment orders (seed 000) with their timeline, and reusable catalog links (seed 004) with the checkouts started through them. */
function updateToSchemaVersion2(db: Database.Database): void {
  db.exec(`
    CREATE TABLE payment_orders (
      id TEXT PRIMARY KEY,
      idempotency_key TEXT UNIQUE,
      request_hash TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
      currency TEXT NOT NULL,
      total_minor INTEGER NOT NULL CHECK (total_minor > 0),
      line_items TEXT NOT NULL,
      accepted_gateways TEXT NOT NULL,
      active_gateway TEXT NOT NULL,
      confirmed_provider TEXT,
      confirmed_at INTEGER,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX payment_orders_created ON payment_orders(created_at);

    CREATE TABLE payment_order_events (
      seq INTEGER PRIMARY KEY,
      order_id TEXT NOT NULL REFERENCES payment_orders(id),
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT,
      data TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX payment_order_events_order ON payment_order_events(order_id, seq);

    CREATE TABLE catalog_links (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      provider TEXT NOT NULL,
      org_app_id TEXT NOT NULL REFERENCES org_apps(id),
      currency TEXT NOT NULL,
      pricing_mode TEXT NOT NULL CHECK (pricing_mode IN ('TAX_INCLUSIVE', 'TAX_EXCLUSIVE')),
      products TEXT NOT NULL,
      subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
      tax_minor INTEGER NOT NULL CHECK (tax_minor >= 0),
      total_minor INTEGER NOT NULL CHECK (total_minor > 0),
      expires_at INTEGER,
      max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
      is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
      metadata TEXT NOT NULL DEFAULT '{}',
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted_at INTEGER
    ) STRICT;
    CREATE INDEX catalog_links_live ON catalog_links(created_at) WHERE deleted_at IS NULL;

    -- One row per checkout started through a link. A 'reserved' row holds a use while the provider is called.
    CREATE TABLE catalog_link_uses (
      id TEXT PRIMARY KEY,
      link_id TEXT NOT NULL REFERENCES catalog_links(id),
      status TEXT NOT NULL CHECK (status IN ('reserved', 'started', 'released')),
      paylink_id TEXT REFERENCES paylinks(id),
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      currency TEXT NOT NULL,
      billing TEXT NOT NULL DEFAULT '{}',
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX catalog_link_uses_link ON catalog_link_uses(link_id, status, created_at);
    CREATE UNIQUE INDEX catalog_link_uses_paylink ON catalog_link_uses(paylink_id) WHERE paylink_id IS NOT NULL;
  `);
}

/**
 * Gateway reconciliation (issue 7): card payments read from each gateway, deduplicated by the gateway's
 * own id, with what they matched in PayDesk; and one row per sync run so a manager sees when each app
 * last synced and what went wrong.
 */
function updateToSchemaVersion3(db: Database.Database): void {
  db.exec(`
    CREATE TABLE gateway_payments (
      gateway TEXT NOT NULL,
      gateway_id TEXT NOT NULL,
      org_app_id TEXT NOT NULL REFERENCES org_apps(id),
      status TEXT NOT NULL,
      gateway_status TEXT NOT NULL,
      amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
      refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
      currency TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      reference TEXT,
      flags TEXT NOT NULL DEFAULT '[]',
      matched_order_id TEXT,
      matched_paylink_id TEXT,
      first_seen_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (gateway, gateway_id)
    ) STRICT;
    -- The day's payments per gateway, and the still-open ones a sync re-fetches one by one.
    CREATE INDEX gateway_payments_day ON gateway_payments(gateway, created_at);
    CREATE INDEX gateway_payments_created ON gateway_payments(created_at);
    CREATE INDEX gateway_payments_open ON gateway_payments(org_app_id, status, created_at);

    CREATE TABLE gateway_sync_runs (
      id INTEGER PRIMARY KEY,
      gateway TEXT NOT NULL,
      org_app_id TEXT NOT NULL REFERENCES org_apps(id),
      trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      window_from INTEGER,
      window_to INTEGER,
      pages INTEGER NOT NULL DEFAULT 0,
      fetched INTEGER NOT NULL DEFAULT 0,
      inserted INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      refetched INTEGER NOT NULL DEFAULT 0,
      rate_limited_retries INTEGER NOT NULL DEFAULT 0,
      errors TEXT NOT NULL DEFAULT '[]',
      synced_until INTEGER
    ) STRICT;
    CREATE INDEX gateway_sync_runs_app ON gateway_sync_runs(org_app_id, id);
  `);
}

/** Wrong PINs a manager can review (who tried, through which door); bounded by the store module. */
function updateToSchemaVersion4(db: Database.Database): void {
  db.exec(`
    CREATE TABLE signin_failures (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      channel TEXT NOT NULL,
      source TEXT NOT NULL,
      delay_ms INTEGER NOT NULL
    ) STRICT;
  `);
}

/** A store with several tills (issue 13): the queue of changes replicated to the store database, filled by triggers. */
function updateToSchemaVersion5(db: Database.Database): void {
  addStoreReplicationQueue(db);
}

/** A store with several tills: staff managed on a till (issue 13 with the staff screens) reach the store database too. */
function updateToSchemaVersion6(db: Database.Database): void {
  addStaffReplication(db);
}

/**
 * Provider notifications about a session no paylink holds (issue 16): kept for a manager instead of
 * dropped, and linked to the paylink once one adopts that session.
 */
function updateToSchemaVersion7(db: Database.Database): void {
  db.exec(`
    CREATE TABLE unmatched_provider_payments (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      dedupe_key TEXT NOT NULL,
      session_id TEXT,
      payment_id TEXT,
      reference TEXT,
      provider_status TEXT,
      received_at INTEGER NOT NULL,
      matched_paylink_id TEXT REFERENCES paylinks(id),
      matched_at INTEGER,
      UNIQUE (provider, dedupe_key)
    ) STRICT;
    CREATE INDEX unmatched_provider_payments_open ON unmatched_provider_payments(provider, matched_paylink_id, received_at);
    CREATE INDEX paylinks_pending ON paylinks(pending_command) WHERE pending_command IS NOT NULL;
  `);
}

/** A create the provider certainly refused leaves no paylink behind in the store database either. */
function updateToSchemaVersion8(db: Database.Database): void {
  addPaylinkDeleteReplication(db);
}

export const MIGRATIONS: readonly Migration[] = [
  updateToSchemaVersion1,
  updateToSchemaVersion2,
  updateToSchemaVersion3,
  updateToSchemaVersion4,
  updateToSchemaVersion5,
  updateToSchemaVersion6,
  updateToSchemaVersion7,
  updateToSchemaVersion8,
];
