import { formatMinor, type Currency } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import { allowedActions } from '../../shared/status';
import type { PaylinkEventView, PaylinkView, UnmatchedPaymentView } from '../../shared/views';
import type { UnmatchedPaymentRow } from '../store/unmatchedPayments';
import type { PaylinkEventRow, PaylinkRow } from '../store/paylinks';

export function toPaylinkView(row: PaylinkRow, publicBase: string): PaylinkView {
  const currency = row.currency as Currency;
  const checkout = findProvider(row.provider)?.checkout === 'sms' ? 'sms' : 'qr';
  const extra = JSON.parse(row.provider_extra) as { sms_sent_to?: string };
  const items = JSON.parse(row.items) as { name: string; quantity: number; unit_price_minor: number; sku?: string }[];
  return {
    id: row.id,
    provider: row.provider,
    org_app_id: row.org_app_id,
    order_id: row.order_id,
    status: row.status,
    provider_status: row.provider_status,
    amount: formatMinor(row.amount_minor, currency),
    amount_minor: row.amount_minor,
    currency,
    captured_amount: formatMinor(row.captured_minor, currency),
    captured_minor: row.captured_minor,
    refunded_amount: formatMinor(row.refunded_minor, currency),
    refunded_minor: row.refunded_minor,
    description: row.description,
    buyer_name: row.buyer_name,
    buyer_email: row.buyer_email,
    buyer_phone: row.buyer_phone,
    lang: row.lang,
    session_id: row.session_id,
    payment_id: row.payment_id,
    checkout_url: row.checkout_url,
    qr_code_url: row.checkout_url && checkout === 'qr' ? `${publicBase}/qr/${encodeURIComponent(row.id)}.svg` : null,
    checkout,
    sms_sent_to: extra.sms_sent_to ?? null,
    expires_at: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    pending_command: row.pending_command,
    cashier_id: row.cashier_id,
    items: items.map((i) => ({ name: i.name, quantity: i.quantity, unit_price: formatMinor(i.unit_price_minor, currency), ...(i.sku ? { sku: i.sku } : {}) })),
    // Cash was taken at the till: there is no provider to capture, cancel or refund it through.
    can: row.provider === 'cash'
      ? []
      : // An unconfirmed create can be settled by the cashier (cancel: voided, or cancelled at the provider if it exists).
        row.pending_command === 'create'
        ? ['cancel', 'refresh']
      : row.pending_command
      ? ['refresh']
      : allowedActions({ status: row.status, amountMinor: row.amount_minor, capturedMinor: row.captured_minor, refundedMinor: row.refunded_minor, checkout }),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export function toEventView(row: PaylinkEventRow): PaylinkEventView {
  return { seq: row.seq, type: row.type, at: new Date(row.at).toISOString(), actor: row.actor, data: JSON.parse(row.data) as Record<string, unknown> };
}

export function toUnmatchedPaymentView(row: UnmatchedPaymentRow): UnmatchedPaymentView {
  return {
    id: row.id,
    provider: row.provider,
    session_id: row.session_id,
    payment_id: row.payment_id,
    reference: row.reference,
    provider_status: row.provider_status,
    received_at: new Date(row.received_at).toISOString(),
    matched_paylink_id: row.matched_paylink_id,
    matched_at: row.matched_at === null ? null : new Date(row.matched_at).toISOString(),
  };
}
