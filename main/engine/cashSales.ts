import { AppError } from '../../shared/errors';
import { parseAmountToMinor, parseCurrency } from '../../shared/money';
import type { PaylinkView } from '../../shared/views';
import { statement, writeTransaction } from '../store/db';
import { appendPaylinkEvent, getPaylinkByCreateKey, insertPaylink, type PaylinkRow } from '../store/paylinks';
import { actorLabel, type Actor, type PaylinkCore } from './paylinkCore';
import { enqueueMoneyMovements } from './syncRecords';

/** The pseudo provider app every cash sale is recorded under (paylinks need an org app). */
export const CASH_ORG_APP_ID = 'app_cash';
export const CASH_PROVIDER = 'cash';

export interface CashSaleInput {
  order_id: string;
  amount: string | number;
  currency: string;
  /** Why no payment link: every provider down, or the customer refused by them all. */
  reason?: 'providers_unavailable' | 'customer_refused' | 'customer_choice' | undefined;
  items?: { name: string; quantity: number; unit_price: string | number; sku?: string | undefined }[] | undefined;
}

/**
 * Cash when no link can be made. Recorded like any payment: a paylink row of provider `cash`, captured
 * at once, with its timeline and a back-office receipt (methodId `cash`) through the outbox — all in one
 * transaction, so it shows on the receipt, the day view and the end of day like every other sale.
 * One cash sale per order: a repeated request answers the first one.
 */
export function createCashSales(core: PaylinkCore) {
  const { db, now } = core;

  function ensureCashApp(at: number): void {
    statement(
      db,
      `INSERT OR IGNORE INTO org_apps (id, provider, name, environment, base_url, settings, credentials_enc, created_at, updated_at)
       VALUES (@id, 'cash', 'Cash', 'sandbox', 'cash://till', '{}', '', @at, @at)`,
    ).run({ id: CASH_ORG_APP_ID, at });
  }

  function recordCash(input: CashSaleInput, actor: Actor): PaylinkView {
    const createKey = `cash:${input.order_id}`;
    const existing = getPaylinkByCreateKey(db, createKey);
    if (existing) return core.view(existing);
    const currency = parseCurrency(input.currency);
    const amountMinor = parseAmountToMinor(input.amount, currency);
    const items = (input.items ?? []).map((item, i) => ({
      name: item.name,
      quantity: item.quantity,
      unit_price_minor: parseAmountToMinor(item.unit_price, currency, `items.${i}.unit_price`),
      ...(item.sku ? { sku: item.sku } : {}),
    }));
    if (actor.kind !== 'staff') throw new AppError('forbidden', 'A cash sale is taken by a signed-in cashier at the till.');
    const at = now();
    const id = core.deps.newId('pl_');
    const row: PaylinkRow = {
      id,
      create_key: createKey,
      provider: CASH_PROVIDER,
      org_app_id: CASH_ORG_APP_ID,
      order_id: input.order_id,
      amount_minor: amountMinor,
      currency,
      description: null,
      buyer_name: null,
      buyer_email: null,
      buyer_phone: null,
      lang: 'ar',
      items: JSON.stringify(items),
      metadata: JSON.stringify(input.reason ? { cash_reason: input.reason } : {}),
      session_id: null,
      payment_id: `CASH-${id.replace(/^pl_/, '').slice(0, 12).toUpperCase()}`,
      provider_extra: '{}',
      checkout_url: null,
      expires_at: null,
      status: 'captured',
      provider_status: 'cash_received',
      captured_minor: amountMinor,
      refunded_minor: 0,
      pending_command: null,
      cashier_id: actor.id,
      created_at: at,
      updated_at: at,
      next_refresh_at: null,
    };
    writeTransaction(db, () => {
      ensureCashApp(at);
      insertPaylink(db, row);
      appendPaylinkEvent(db, { paylink_id: id, type: 'created', at, actor: actorLabel(actor), data: { provider: CASH_PROVIDER, amount_minor: amountMinor, currency, ...(input.reason ? { reason: input.reason } : {}) } });
      appendPaylinkEvent(db, { paylink_id: id, type: 'captured', at, actor: actorLabel(actor), data: { method: 'cash', captured_minor: amountMinor } });
      enqueueMoneyMovements(db, { ...row, captured_minor: 0 }, row, at);
    });
    core.deps.onOutboxChanged?.();
    const view = core.view(row);
    core.deps.events.emit('paylink.updated', { paylink: view });
    return view;
  }

  return { recordCash };
}
