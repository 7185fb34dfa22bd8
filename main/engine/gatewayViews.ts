import { formatMinor, type Currency } from '../../shared/money';
import type { PaylinkStatus } from '../../shared/status';
import type { GatewayPaymentsView, GatewayPaymentView, GatewaySyncOverviewView, GatewayTotalsView } from '../../shared/views';
import { GATEWAY_ADAPTERS } from '../providers/gateways';
import type { GatewayProviderId } from '../../shared/providers';
import type { Db } from '../store/db';
import { gatewayPaymentTotals, lastCleanGatewaySyncAt, lastFinishedGatewaySyncRun, listGatewayPayments, type GatewayPaymentFilter, type GatewayPaymentRow } from '../store/gatewayPayments';
import { toRunView, type GatewaySync } from './gatewaySync';

// What the reconciliation screen reads: the period's gateway payments with totals per gateway,
// and each gateway app's last sync.

const MAX_LISTED = 2_000;

export function toGatewayPaymentView(row: GatewayPaymentRow): GatewayPaymentView {
  const currency = row.currency as Currency;
  return {
    gateway: row.gateway,
    gateway_id: row.gateway_id,
    org_app_id: row.org_app_id,
    status: row.status as PaylinkStatus,
    gateway_status: row.gateway_status,
    amount: formatMinor(row.amount_minor, currency),
    amount_minor: row.amount_minor,
    refunded: formatMinor(row.refunded_minor, currency),
    refunded_minor: row.refunded_minor,
    currency,
    created_at: new Date(row.created_at).toISOString(),
    reference: row.reference,
    flags: JSON.parse(row.flags) as string[],
    matched: row.matched_order_id !== null || row.matched_paylink_id !== null,
    matched_order_id: row.matched_order_id,
    matched_paylink_id: row.matched_paylink_id,
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export function gatewayPaymentsView(db: Db, filter: GatewayPaymentFilter & { limit?: number | undefined }): GatewayPaymentsView {
  const limit = Math.min(filter.limit ?? MAX_LISTED, MAX_LISTED);
  const rows = listGatewayPayments(db, { ...filter, limit: limit + 1 });
  const totals: GatewayTotalsView[] = gatewayPaymentTotals(db, filter).map((t) => {
    const currency = t.currency as Currency;
    return {
      gateway: t.gateway,
      currency,
      count: t.count,
      amount: formatMinor(t.amount_minor, currency),
      amount_minor: t.amount_minor,
      paid: formatMinor(t.paid_minor, currency),
      paid_minor: t.paid_minor,
      refunded: formatMinor(t.refunded_minor, currency),
      refunded_minor: t.refunded_minor,
      matched: t.matched,
      unmatched: t.count - t.matched,
    };
  });
  return {
    from: new Date(filter.fromMs).toISOString(),
    to: new Date(filter.toMs).toISOString(),
    payments: rows.slice(0, limit).map(toGatewayPaymentView),
    totals,
    truncated: rows.length > limit,
  };
}

export function gatewaySyncOverview(db: Db, sync: GatewaySync): GatewaySyncOverviewView {
  return {
    interval_ms: sync.intervalMs(),
    apps: sync.gatewayApps().map((row) => {
      const last = lastFinishedGatewaySyncRun(db, row.id);
      const clean = lastCleanGatewaySyncAt(db, row.id);
      return {
        org_app_id: row.id,
        gateway: row.provider,
        name: row.name,
        environment: row.environment,
        supports_list: GATEWAY_ADAPTERS[row.provider as GatewayProviderId].supportsList,
        running: sync.isRunning(row.id),
        last_run: last ? toRunView(last) : null,
        last_clean_sync_at: clean === undefined ? null : new Date(clean).toISOString(),
      };
    }),
  };
}
