import { minorToMajorNumber, type Currency } from '../../shared/money';
import type { Db } from '../store/db';
import { enqueueOutboxItem } from '../store/outbox';
import type { PaylinkRow } from '../store/paylinks';
import { BACKOFFICE_TOPICS } from '../sync/backofficeClient';

/**
 * Turns money that moved on a paylink into back-office payments (seed 003), enqueued in the same
 * transaction as the state change. Ids derive from the paylink and its running totals, so applying
 * the same provider state twice, or retrying after a crash, can never record a payment twice.
 */
export function enqueueMoneyMovements(db: Db, before: PaylinkRow, after: PaylinkRow, nowMs: number): void {
  const currency = after.currency as Currency;
  const base = {
    orderId: after.order_id,
    methodId: after.provider,
    custom: false,
    sourcePaymentId: after.payment_id ?? after.session_id ?? after.id,
    transactionRef: after.id,
  };
  if (after.captured_minor > before.captured_minor) {
    const delta = after.captured_minor - before.captured_minor;
    enqueuePayment(db, `rcpt_${after.id}_${after.captured_minor}`, { ...base, type: 'receipt', amount: minorToMajorNumber(delta, currency) }, delta, currency, after, nowMs);
  }
  if (after.refunded_minor > before.refunded_minor) {
    const delta = after.refunded_minor - before.refunded_minor;
    enqueuePayment(db, `rfnd_${after.id}_${after.refunded_minor}`, { ...base, type: 'refund', amount: minorToMajorNumber(delta, currency) }, delta, currency, after, nowMs);
  }
}

function enqueuePayment(
  db: Db,
  paymentId: string,
  params: Record<string, unknown>,
  amountMinor: number,
  currency: Currency,
  paylink: PaylinkRow,
  nowMs: number,
): void {
  const attrs = { paylink_id: paylink.id, amount_minor: amountMinor, currency };
  enqueueOutboxItem(db, { id: `${paymentId}:create`, topic: BACKOFFICE_TOPICS.create, orderKey: paylink.order_id, payload: { id: paymentId, ...params, status: 'pending', attrs } }, nowMs);
  enqueueOutboxItem(
    db,
    { id: `${paymentId}:confirm`, topic: BACKOFFICE_TOPICS.confirm, orderKey: paylink.order_id, payload: { id: paymentId, orderId: paylink.order_id, transactionRef: paylink.id, attrs } },
    nowMs,
  );
}
