import { describe, expect, it } from 'vitest';
import { createdSession, paylinkIntentRow } from '../testing/paylinkRows';
import { tempStores } from '../testing/tempStore';
import type { Db } from './db';
import { adoptUnchangedIntent, getPaylink, insertPaylinkIntent, updatePaylinkState } from './paylinks';

// The create's answer is stored over the recorded intent without reading it back, but only while the
// intent is exactly as recorded; anything else must send the engine to the path that reads the row.

const stores = tempStores('paydesk-paylinks');

function open(): Db {
  const { db } = stores.open();
  db.prepare(`INSERT INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at) VALUES ('app','tabby','Tabby','sandbox','x','{}','x',0,0)`).run();
  return db;
}

const intent = (id: string, at: number) => paylinkIntentRow({ id, org_app_id: 'app', order_id: `POS-${id}`, buyer_phone: '+966501234567', created_at: at });

const answer = (at: number) => createdSession({ session_id: 'sess_1', payment_id: 'pay_1', checkout_url: 'https://checkout.example/1' }, at);

describe('adoptUnchangedIntent', () => {
  it('stores the answer over an intent nobody touched', () => {
    const d = open();
    insertPaylinkIntent(d, intent('pl_1', 1_000));
    expect(adoptUnchangedIntent(d, 'pl_1', 1_000, answer(1_500))).toBe(true);
    const row = getPaylink(d, 'pl_1')!;
    expect(row).toMatchObject({ session_id: 'sess_1', status: 'created', pending_command: null, updated_at: 1_500, next_refresh_at: 3_500, order_id: 'POS-pl_1' });
  });

  it('refuses when the intent changed, already has a session, or is no longer a pending create', () => {
    const d = open();
    // Marked "checking with the provider" after it was recorded: updated_at moved on.
    insertPaylinkIntent(d, intent('pl_changed', 1_000));
    updatePaylinkState(d, 'pl_changed', { ...intent('pl_changed', 1_000), updated_at: 1_200 });
    expect(adoptUnchangedIntent(d, 'pl_changed', 1_000, answer(1_500))).toBe(false);
    expect(getPaylink(d, 'pl_changed')!.session_id).toBeNull();

    // A notification adopted it first (same millisecond, so only the session tells).
    insertPaylinkIntent(d, intent('pl_adopted', 1_000));
    updatePaylinkState(d, 'pl_adopted', { ...intent('pl_adopted', 1_000), session_id: 'sess_from_notice', pending_command: null, status: 'authorized' });
    expect(adoptUnchangedIntent(d, 'pl_adopted', 1_000, answer(1_500))).toBe(false);
    expect(getPaylink(d, 'pl_adopted')).toMatchObject({ session_id: 'sess_from_notice', status: 'authorized' });

    // Voided by the cashier in the same millisecond.
    insertPaylinkIntent(d, intent('pl_voided', 1_000));
    updatePaylinkState(d, 'pl_voided', { ...intent('pl_voided', 1_000), status: 'cancelled', pending_command: null, next_refresh_at: null });
    expect(adoptUnchangedIntent(d, 'pl_voided', 1_000, answer(1_500))).toBe(false);
    expect(getPaylink(d, 'pl_voided')).toMatchObject({ status: 'cancelled', session_id: null });

    expect(adoptUnchangedIntent(d, 'pl_missing', 1_000, answer(1_500))).toBe(false);
  });
});
