import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, parseAmountToMinor, parseCurrency, type Currency } from '../../shared/money';
import { findProvider, type ProviderSpec } from '../../shared/providers';
import type { CreatePaymentOrderRequest } from '../../shared/schemas';
import { writeTransaction, type Db } from '../store/db';
import { listOrgApps } from '../store/orgApps';
import {
  appendPaymentOrderEvent,
  getPaymentOrder,
  getPaymentOrderByIdempotencyKey,
  insertPaymentOrder,
  listPaymentOrderEvents,
  markPaymentOrderCompleted,
  type PaymentOrderRow,
} from '../store/paymentOrders';
import { actorLabel, type Actor } from './paylinkCore';

// Payment orders (seed 000): an order offered to several providers, routed through the integration
// catalog (shared/providers.ts) to the first provider that can take it.

export const ORDER_SNAPSHOT_SPEC_VERSION = '1.0';

export type NextAction = 'execute_or_send_payment_link' | 'schedule_gateway_sync';

export interface OrderRouting {
  app_slug: string;
  execute_endpoint: string;
  execute_method: string;
  next_action: NextAction;
}

export interface CreatedPaymentOrder extends OrderRouting {
  order_id: string;
  accepted_gateways: string[];
  active_gateway: string;
}

export interface ConfirmedPaymentOrder {
  order_id: string;
  provider: string;
  status: 'completed';
  confirmed_app: string;
  confirm_endpoint: string;
  confirm_method: string;
  requires_qr_sms: boolean;
}

interface StoredLineItem {
  sku: string | null;
  name: string;
  qty: number;
  price_minor: number;
}

export interface PaymentOrderDeps {
  db: Db;
  now: () => number;
  /** Client-generated order ids ("r" + 16 hex by default) that the back office upserts by. */
  newOrderId?: () => string;
}

export function routingOf(spec: ProviderSpec): OrderRouting {
  return {
    app_slug: spec.app_slug,
    execute_endpoint: spec.executeEndpoint,
    execute_method: spec.executeMethod,
    next_action: spec.type === 'gateway_sync' ? 'schedule_gateway_sync' : 'execute_or_send_payment_link',
  };
}

/** A provider takes an order when it handles the currency and the total is inside its published bounds. */
function takesOrder(spec: ProviderSpec, currency: Currency, totalMinor: number): boolean {
  if (!spec.currencies.includes(currency)) return false;
  const bounds = spec.amountBoundsMinor?.[currency];
  return !bounds || (totalMinor >= bounds.min && totalMinor <= bounds.max);
}

function mustSpec(id: string): ProviderSpec {
  const spec = findProvider(id);
  if (!spec) throw new AppError('internal', `provider ${id} left the catalog`);
  return spec;
}

export function createPaymentOrders(deps: PaymentOrderDeps) {
  const { db, now } = deps;
  const newOrderId = deps.newOrderId ?? (() => `r${randomBytes(8).toString('hex')}`);

  function validate(input: CreatePaymentOrderRequest) {
    const currency = parseCurrency(input.order.currency);
    const totalMinor = parseAmountToMinor(input.order.total_amount, currency, 'order.total_amount');
    const lineItems: StoredLineItem[] = input.order.line_items.map((item, i) => ({
      sku: item.sku ?? null,
      name: item.name,
      qty: item.qty,
      price_minor: parseAmountToMinor(item.price, currency, `order.line_items.${i}.price`),
    }));
    const itemsMinor = lineItems.reduce((sum, item) => sum + item.qty * item.price_minor, 0);
    if (itemsMinor !== totalMinor) {
      throw new AppError(
        'amount_mismatch',
        `The line items add up to ${formatMinor(itemsMinor, currency)} ${currency} (qty × price) but order.total_amount is ${formatMinor(totalMinor, currency)} ${currency}. Make them match.`,
        { field: 'order.total_amount', line_items_total: formatMinor(itemsMinor, currency), total_amount: formatMinor(totalMinor, currency) },
      );
    }
    const accepted: string[] = [];
    for (const raw of input.providers) {
      const spec = findProvider(raw.trim());
      if (spec && !accepted.includes(spec.id) && takesOrder(spec, currency, totalMinor)) accepted.push(spec.id);
    }
    if (accepted.length === 0) {
      throw new AppError(
        'no_supported_provider',
        `None of the listed providers can take a ${formatMinor(totalMinor, currency)} ${currency} order. GET /api/v1/providers lists the provider ids; check each one's currencies and amount bounds.`,
        { field: 'providers' },
      );
    }
    return { currency, totalMinor, lineItems, accepted };
  }

  function createdView(row: PaymentOrderRow): CreatedPaymentOrder {
    return {
      order_id: row.id,
      accepted_gateways: JSON.parse(row.accepted_gateways) as string[],
      active_gateway: row.active_gateway,
      ...routingOf(mustSpec(row.active_gateway)),
    };
  }

  /**
   * Creates the order and runs the mapped integration: for paylink providers that means the order waits for a
   * paylink to be executed or sent; for gateway-sync providers a sync is scheduled. Both land on the timeline.
   * The same Idempotency-Key returns the first order; reused with another body it is refused.
   */
  function create(input: CreatePaymentOrderRequest, actor: Actor, idempotencyKey?: string): { order: CreatedPaymentOrder; replayed: boolean } {
    const v = validate(input);
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
    return writeTransaction(db, () => {
      if (idempotencyKey) {
        const existing = getPaymentOrderByIdempotencyKey(db, idempotencyKey);
        if (existing) {
          if (existing.request_hash !== requestHash) {
            throw new AppError('idempotency_conflict', `Idempotency-Key "${idempotencyKey}" was already used for order ${existing.id} with a different body. Use a new key.`, {
              field: 'Idempotency-Key',
              order_id: existing.id,
            });
          }
          return { order: createdView(existing), replayed: true };
        }
      }
      const at = now();
      const active = v.accepted[0] as string;
      const row: PaymentOrderRow = {
        id: newOrderId(),
        idempotency_key: idempotencyKey ?? null,
        request_hash: requestHash,
        status: 'pending',
        currency: v.currency,
        total_minor: v.totalMinor,
        line_items: JSON.stringify(v.lineItems),
        accepted_gateways: JSON.stringify(v.accepted),
        active_gateway: active,
        confirmed_provider: null,
        confirmed_at: null,
        created_by: actorLabel(actor),
        created_at: at,
        updated_at: at,
      };
      insertPaymentOrder(db, row);
      const routing = routingOf(mustSpec(active));
      const orgAppId = listOrgApps(db, active)[0]?.id ?? null;
      appendPaymentOrderEvent(db, { order_id: row.id, type: 'created', at, actor: row.created_by, data: { total_minor: v.totalMinor, currency: v.currency, accepted_gateways: v.accepted } });
      appendPaymentOrderEvent(db, {
        order_id: row.id,
        type: routing.next_action === 'schedule_gateway_sync' ? 'gateway_sync_scheduled' : 'gateway_execution_pending',
        at,
        actor: 'system',
        data: { provider: active, org_app_id: orgAppId, ...routing },
      });
      return { order: createdView(row), replayed: false };
    });
  }

  function mustGet(id: string): PaymentOrderRow {
    const row = getPaymentOrder(db, id);
    if (!row) throw new AppError('not_found', `There is no payment order with id "${id}".`, { id });
    return row;
  }

  function confirmedView(row: PaymentOrderRow, provider: string): ConfirmedPaymentOrder {
    const spec = mustSpec(provider);
    return {
      order_id: row.id,
      provider,
      status: 'completed',
      confirmed_app: spec.app_slug,
      confirm_endpoint: spec.confirmEndpoint,
      confirm_method: spec.confirmMethod,
      requires_qr_sms: spec.checkout !== null,
    };
  }

  /** Marks the order completed with one of its accepted gateways. Confirming again with the same provider returns the same result. */
  function confirm(id: string, providerInput: string, actor: Actor): ConfirmedPaymentOrder {
    const provider = providerInput.trim().toLowerCase();
    return writeTransaction(db, () => {
      const row = mustGet(id);
      const accepted = JSON.parse(row.accepted_gateways) as string[];
      if (!accepted.includes(provider)) {
        throw new AppError('provider_not_accepted', `Order ${id} accepts ${accepted.join(', ')}; "${providerInput}" is not one of them.`, { field: 'provider', accepted_gateways: accepted });
      }
      if (row.status === 'completed') {
        if (row.confirmed_provider === provider) return confirmedView(row, provider);
        throw new AppError('conflict', `Order ${id} was already confirmed with ${row.confirmed_provider}; it cannot be confirmed again with ${provider}.`, {
          confirmed_provider: row.confirmed_provider,
        });
      }
      const at = now();
      markPaymentOrderCompleted(db, { id, provider, at });
      const result = confirmedView(row, provider);
      appendPaymentOrderEvent(db, {
        order_id: id,
        type: 'confirmed',
        at,
        actor: actorLabel(actor),
        data: { provider, confirmed_app: result.confirmed_app, confirm_endpoint: result.confirm_endpoint, confirm_method: result.confirm_method },
      });
      return result;
    });
  }

  /** The order.snapshot envelope: event metadata plus the normalized order, never a vendor payload. */
  function snapshot(id: string) {
    const row = mustGet(id);
    const events = listPaymentOrderEvents(db, id);
    const currency = row.currency as Currency;
    const items = JSON.parse(row.line_items) as StoredLineItem[];
    const money = (minor: number) => formatMinor(minor, currency);
    const accepted = JSON.parse(row.accepted_gateways) as string[];
    return {
      spec_version: ORDER_SNAPSHOT_SPEC_VERSION,
      // Stable per state: the same order in the same state has the same event id.
      event_id: `evt_${row.id}_${events[events.length - 1]?.seq ?? 0}`,
      event_type: 'order.snapshot',
      occurred_at: new Date(row.updated_at).toISOString(),
      source: 'paydesk',
      order: {
        order_id: row.id,
        status: row.status,
        currency,
        line_items: items.map((item) => ({
          sku: item.sku,
          name: item.name,
          qty: item.qty,
          unit_price: money(item.price_minor),
          unit_price_minor: item.price_minor,
          total: money(item.qty * item.price_minor),
          total_minor: item.qty * item.price_minor,
        })),
        // Seed orders carry no tax lines: the total is the subtotal.
        totals: { subtotal: money(row.total_minor), subtotal_minor: row.total_minor, tax: money(0), tax_minor: 0, total: money(row.total_minor), total_minor: row.total_minor },
        providers: { accepted_gateways: accepted, active_gateway: row.active_gateway, confirmed_provider: row.confirmed_provider },
        routing: routingOf(mustSpec(row.active_gateway)),
        dispatch: null,
        shipping: null,
        created_at: new Date(row.created_at).toISOString(),
        updated_at: new Date(row.updated_at).toISOString(),
        confirmed_at: row.confirmed_at === null ? null : new Date(row.confirmed_at).toISOString(),
      },
    };
  }

  function timeline(id: string) {
    mustGet(id);
    return listPaymentOrderEvents(db, id).map((e) => ({ seq: e.seq, type: e.type, at: new Date(e.at).toISOString(), actor: e.actor, data: JSON.parse(e.data) as Record<string, unknown> }));
  }

  return { create, confirm, snapshot, timeline };
}

export type PaymentOrders = ReturnType<typeof createPaymentOrders>;
