import type { Pool } from 'pg';
import type { Db } from '../store/db';
import { SERVER_NOW_MS } from './pgSchema';
import { inStoreTransaction } from './transaction';
import { STORE_DATA_LOCK } from './storeData';
import { forgetQueued, PAYLINK_COLUMNS, PRODUCT_COLUMNS, readQueue, readQueuedRows, STAFF_COLUMNS, type QueueKind } from './localQueue';

// Sends the till's queued changes to the store database: one PostgreSQL transaction per batch with idempotent
// upserts keyed by (till id, row id), then the batch is forgotten locally. A crash between the two re-sends
// the batch, which changes nothing the second time; a paylink's row only moves to a newer version (src_seq),
// so its states arrive in order even when an old batch is replayed.

export const NOTIFY_STORE_DATA = 'paydesk_store_data';

const set = (cols: readonly string[]) => cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
const paylinkCols = ['till_id', ...PAYLINK_COLUMNS, 'src_seq'];
const UPSERT_PAYLINKS = `
  INSERT INTO paylinks (${paylinkCols.join(', ')})
  SELECT ${paylinkCols.join(', ')} FROM json_populate_recordset(null::paylinks, $1::json)
  ON CONFLICT (till_id, id) DO UPDATE SET ${set(paylinkCols.filter((c) => c !== 'till_id' && c !== 'id'))}
  WHERE paylinks.src_seq < EXCLUDED.src_seq`;
const INSERT_EVENTS = `
  INSERT INTO paylink_events (till_id, seq, paylink_id, type, at, actor, data)
  SELECT till_id, seq, paylink_id, type, at, actor, data FROM json_populate_recordset(null::paylink_events, $1::json)
  ON CONFLICT (till_id, seq) DO NOTHING`;
const deliveryCols = ['till_id', 'id', 'topic', 'order_key', 'payload', 'status', 'attempts', 'last_error', 'created_at', 'updated_at', 'src_seq'];
const UPSERT_DELIVERIES = `
  INSERT INTO deliveries (${deliveryCols.join(', ')})
  SELECT ${deliveryCols.join(', ')} FROM json_populate_recordset(null::deliveries, $1::json)
  ON CONFLICT (till_id, id) DO UPDATE SET ${set(deliveryCols.filter((c) => c !== 'till_id' && c !== 'id'))}
  WHERE deliveries.src_seq < EXCLUDED.src_seq`;
// Store-wide: the last edit wins (by updated_at); every accepted change takes a new version the tills follow.
const UPSERT_PRODUCTS = `
  INSERT INTO products (${PRODUCT_COLUMNS.join(', ')})
  SELECT ${PRODUCT_COLUMNS.join(', ')} FROM json_populate_recordset(null::products, $1::json)
  ON CONFLICT (id) DO UPDATE SET ${set(PRODUCT_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at'))}, version = nextval('store_data_version')
  WHERE products.updated_at < EXCLUDED.updated_at
  RETURNING id`;

const staffChange = STAFF_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');
const UPSERT_STAFF = `
  INSERT INTO staff (${STAFF_COLUMNS.join(', ')})
  SELECT ${STAFF_COLUMNS.join(', ')} FROM json_populate_recordset(null::staff, $1::json)
  ON CONFLICT (id) DO UPDATE SET ${set(staffChange)}, version = nextval('store_data_version')
  WHERE (${staffChange.map((c) => `staff.${c}`).join(', ')}) IS DISTINCT FROM (${staffChange.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING id`;

export interface ReplicatorDeps {
  db: Db;
  pool: Pool;
  tillId: string;
  now: () => number;
  batchSize?: number;
}

export function createReplicator(deps: ReplicatorDeps) {
  const { db, pool, tillId } = deps;
  const batchSize = deps.batchSize ?? 2_000;

  /** Sends one batch; resolves to the number of queue entries it covered (0: nothing waits). Throws when the store database is unreachable. */
  async function sendBatch(): Promise<number> {
    const entries = readQueue(db, batchSize);
    const last = entries.at(-1);
    if (!last) return 0;
    // A row changed several times in one batch is sent once, in its latest state, tagged with its latest change.
    const latest = new Map<string, number>();
    for (const e of entries) latest.set(`${e.kind}\u0000${e.row_id}`, e.seq);
    const ids: Record<QueueKind, string[]> = { paylink: [], event: [], delivery: [], product: [], staff: [] };
    for (const key of latest.keys()) {
      const [kind, id] = key.split('\u0000') as [QueueKind, string];
      ids[kind].push(id);
    }
    const tag = (kind: QueueKind, idField: string) => (row: Record<string, unknown>) => ({ ...row, till_id: tillId, src_seq: latest.get(`${kind}\u0000${String(row[idField])}`) });
    const paylinks = readQueuedRows(db, 'paylink', ids.paylink).map(tag('paylink', 'id'));
    // A queued paylink that is no longer on the till was removed there (a create the provider refused).
    const present = new Set(paylinks.map((p) => String((p as { id?: unknown }).id)));
    const removedPaylinks = ids.paylink.filter((id) => !present.has(id));
    const events = readQueuedRows(db, 'event', ids.event).map(tag('event', 'seq'));
    const deliveries = readQueuedRows(db, 'delivery', ids.delivery).map(tag('delivery', 'id'));
    const products = readQueuedRows(db, 'product', ids.product);
    const staff = readQueuedRows(db, 'staff', ids.staff);

    await inStoreTransaction(pool, async (client) => {
      const till = await client.query(`UPDATE tills SET last_seen_at = ${SERVER_NOW_MS}, replicated_rows = replicated_rows + $2 WHERE till_id = $1`, [tillId, entries.length]);
      if (till.rowCount !== 1) throw new Error(`till ${tillId} is not registered in the store database`);
      if (paylinks.length) await client.query(UPSERT_PAYLINKS, [JSON.stringify(paylinks)]);
      if (removedPaylinks.length) {
        await client.query(`DELETE FROM paylink_events WHERE till_id = $1 AND paylink_id = ANY($2::text[])`, [tillId, removedPaylinks]);
        await client.query(`DELETE FROM paylinks WHERE till_id = $1 AND id = ANY($2::text[])`, [tillId, removedPaylinks]);
      }
      if (events.length) await client.query(INSERT_EVENTS, [JSON.stringify(events)]);
      if (deliveries.length) await client.query(UPSERT_DELIVERIES, [JSON.stringify(deliveries)]);
      if (products.length || staff.length) {
        await client.query('SELECT pg_advisory_xact_lock($1)', [STORE_DATA_LOCK]);
        const changedProducts = products.length ? (await client.query(UPSERT_PRODUCTS, [JSON.stringify(products)])).rowCount : 0;
        const changedStaff = staff.length ? (await client.query(UPSERT_STAFF, [JSON.stringify(staff)])).rowCount : 0;
        if (changedProducts || changedStaff) await client.query(`SELECT pg_notify($1, $2)`, [NOTIFY_STORE_DATA, tillId]);
      }
    });
    forgetQueued(db, last.seq);
    return entries.length;
  }

  /** Sends batches until the queue is empty; resolves to how many entries went. */
  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await sendBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  return { sendBatch, drain };
}

export type Replicator = ReturnType<typeof createReplicator>;
