import { findProvider } from '../../shared/providers';
import { gatewayDemoPlan } from '../sandbox/gateways';
import { writeTransaction, type Db } from '../store/db';
import { listOrgApps } from '../store/orgApps';
import { appendPaymentOrderEvent, getPaymentOrder, insertPaymentOrder } from '../store/paymentOrders';

// Demo mode: the PayDesk orders that the sandbox's demo day of card payments refers to, so the
// reconciliation screen shows matched payments beside unmatched ones. Most referenced payments get
// their order; every fifth reference is left without one, like a sale rung up on another till.

export function isDemoReferenceWithoutOrder(reference: string): boolean {
  return Number(reference.slice(-4)) % 5 === 0;
}

/** Creates the day's demo payment orders once (same ids on every start of the same day). */
export function seedGatewayDemoOrders(db: Db, now: Date): number {
  let created = 0;
  writeTransaction(db, () => {
    for (const payment of gatewayDemoPlan(now)) {
      const reference = payment.reference;
      if (!reference || isDemoReferenceWithoutOrder(reference) || getPaymentOrder(db, reference)) continue;
      const at = payment.createdAt.getTime() - 60_000;
      const spec = findProvider(payment.gateway);
      insertPaymentOrder(db, {
        id: reference,
        idempotency_key: null,
        request_hash: `demo:${reference}`,
        status: 'pending',
        currency: payment.currency,
        total_minor: payment.amountMinor,
        line_items: JSON.stringify([{ sku: null, name: 'Demo card sale', qty: 1, price_minor: payment.amountMinor }]),
        accepted_gateways: JSON.stringify([payment.gateway]),
        active_gateway: payment.gateway,
        confirmed_provider: null,
        confirmed_at: null,
        created_by: 'demo',
        created_at: at,
        updated_at: at,
      });
      appendPaymentOrderEvent(db, { order_id: reference, type: 'created', at, actor: 'demo', data: { total_minor: payment.amountMinor, currency: payment.currency, accepted_gateways: [payment.gateway] } });
      appendPaymentOrderEvent(db, {
        order_id: reference,
        type: 'gateway_sync_scheduled',
        at,
        actor: 'system',
        data: { provider: payment.gateway, org_app_id: listOrgApps(db, payment.gateway)[0]?.id ?? null, app_slug: spec?.app_slug ?? null },
      });
      created++;
    }
  });
  return created;
}
