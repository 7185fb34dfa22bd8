import type { Currency } from './money';
import type { ProviderInfo } from './providers';
import type { PaylinkAction, PaylinkStatus } from './status';

// What the engine hands out: plain JSON, money as strings in major units plus minor-unit integers.

export type Role = 'cashier' | 'manager';

export interface StaffView {
  id: string;
  name: string;
  role: Role;
}

export interface PaylinkView {
  id: string;
  provider: string;
  org_app_id: string;
  order_id: string;
  status: PaylinkStatus;
  provider_status: string | null;
  amount: string;
  amount_minor: number;
  currency: Currency;
  captured_amount: string;
  captured_minor: number;
  refunded_amount: string;
  refunded_minor: number;
  description: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_phone: string | null;
  lang: 'ar' | 'en';
  session_id: string | null;
  payment_id: string | null;
  checkout_url: string | null;
  qr_code_url: string | null;
  checkout: 'qr' | 'sms';
  sms_sent_to: string | null;
  expires_at: string | null;
  /**
   * A provider command not yet confirmed ("capture pending"). `create`: the create's answer was lost and
   * PayDesk is checking with the provider (status `unknown`); it ends adopted (created…) or voided (cancelled).
   */
  pending_command: 'create' | 'capture' | 'refund' | 'cancel' | null;
  cashier_id: string | null;
  items: { name: string; quantity: number; unit_price: string; sku?: string }[];
  can: PaylinkAction[];
  created_at: string;
  updated_at: string;
  /** A store with several tills: which till owns this paylink (absent on a till that runs alone). */
  till_id?: string;
  till_name?: string;
}

/** A provider notification about a session no paylink held when it came (kept for a manager, never dropped). */
export interface UnmatchedPaymentView {
  id: number;
  provider: string;
  session_id: string | null;
  payment_id: string | null;
  /** The order reference the provider echoed (PayDesk sends the paylink id). */
  reference: string | null;
  provider_status: string | null;
  received_at: string;
  /** Set once a paylink adopted that session (e.g. a create whose answer was lost). */
  matched_paylink_id: string | null;
  matched_at: string | null;
}

export interface PaylinkEventView {
  seq: number;
  type: string;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface OrgAppView {
  id: string;
  provider: string;
  name: string;
  environment: 'sandbox' | 'live';
  base_url: string;
  settings: Record<string, string>;
  /** Which credential fields are set — never their values. */
  credential_fields: string[];
  /** False when a manager switched the app off: no new payment links go to it. */
  enabled?: boolean;
  created_at: string;
}

export interface ProviderView extends ProviderInfo {
  currencies: readonly Currency[];
  checkout: 'qr' | 'sms' | null;
  auto_capture: boolean;
  amount_bounds?: Partial<Record<Currency, { min: string; max: string }>>;
}

export interface ProductView {
  id: string;
  sku: string;
  barcode: string | null;
  name_en: string;
  name_ar: string;
  price: string;
  price_minor: number;
  currency: Currency;
  vat_rate: number;
}

export interface AppInfoView {
  mode: 'demo' | 'live';
  version: string;
  store: { name_en: string; name_ar: string; vat_number: string; branch: string; currency: Currency; pricing_mode: 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE'; address?: string; cr_number?: string };
  /** Demo mode only: the seeded staff and their PINs, shown on the sign-in screen. */
  demo_staff?: { name: string; role: Role; pin: string }[];
}

export interface SyncStatusView {
  online: boolean;
  pending: number;
  dead: number;
  oldest_pending_age_ms: number | null;
  last_error: string | null;
  /** Providers a capture, refund or cancel could not reach and is waiting to retry: "<provider> not answering". */
  providers_unreachable?: string[];
  /** Whether this till's data folder takes writes: `full` / `unavailable` stop sales until it does again. */
  storage?: 'ok' | 'full' | 'unavailable';
}

export interface OutboxItemView {
  id: string;
  topic: string;
  order_key: string;
  status: 'pending' | 'done' | 'dead' | 'discarded';
  attempts: number;
  last_error: string | null;
  discard_reason: string | null;
  created_at: string;
  next_attempt_at: string;
}

// Catalog payment links (seed 004).

export type PricingMode = 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE';
export type CatalogLinkAvailability = 'available' | 'inactive' | 'expired' | 'used_up' | 'deleted';

/** One product line of a link's snapshot: prices as they were when the link was made. */
export interface CatalogLinkLineView {
  product_id: string;
  sku: string;
  name_en: string;
  name_ar: string;
  quantity: number;
  /** Catalog price per unit (gross under TAX_INCLUSIVE, net under TAX_EXCLUSIVE). */
  unit_price: string;
  vat_rate: number;
  line_subtotal: string;
  line_tax: string;
  line_total: string;
  line_total_minor: number;
}

export interface CatalogLinkStatsView {
  /** Checkouts holding a use (started and not ended without payment). */
  uses: number;
  remaining_uses: number | null;
  paid_count: number;
  revenue: string;
  revenue_minor: number;
}

export interface CatalogLinkView {
  id: string;
  name: string;
  provider: string;
  currency: Currency;
  pricing_mode: PricingMode;
  products: CatalogLinkLineView[];
  subtotal: string;
  tax: string;
  total: string;
  total_minor: number;
  expires_at: string | null;
  max_uses: number | null;
  is_active: boolean;
  availability: CatalogLinkAvailability;
  metadata: Record<string, unknown>;
  public_url: string;
  stats: CatalogLinkStatsView;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** What a buyer sees before paying: no internal labels, no stats. */
export interface CatalogLinkPreviewView {
  id: string;
  name: string;
  org_name: string;
  store: { name_en: string; name_ar: string };
  provider: string;
  provider_name: string;
  /** Whether start needs a phone number (SMS checkout). */
  requires_phone: boolean;
  currency: Currency;
  pricing_mode: PricingMode;
  products: CatalogLinkLineView[];
  subtotal: string;
  tax: string;
  total: string;
  expires_at: string | null;
  remaining_uses: number | null;
}

export interface CatalogLinkPaymentView {
  id: string;
  paylink_id: string;
  provider: string;
  status: PaylinkStatus;
  provider_status: string | null;
  amount: string;
  captured_amount: string;
  refunded_amount: string;
  currency: Currency;
  customer: { first_name: string | null; last_name: string | null; email: string | null; phone: string | null };
  created_at: string;
  updated_at: string;
}

/** A page of catalog links with the store-wide paid count and revenue per currency. */
export interface CatalogLinkListView {
  payment_links: CatalogLinkView[];
  total: number;
  aggregates: { paid_count: number; revenue: { currency: string; amount: string; amount_minor: number }[] };
}

export interface PaylinkTotalsView {
  scope?: DataScopeView;
  rows: {
    provider: string;
    status: string;
    currency: Currency;
    count: number;
    amount: string;
    captured: string;
    refunded: string;
    amount_minor: number;
    captured_minor: number;
    refunded_minor: number;
  }[];
  count: number;
}

export interface EndOfDayView {
  scope?: DataScopeView;
  from: string;
  to: string;
  generated_at: string;
  providers: {
    provider: string;
    currency: Currency;
    count: number;
    /** Links with money captured. */
    paid_count: number;
    captured: string;
    refunded: string;
    net: string;
    captured_minor: number;
    refunded_minor: number;
    net_minor: number;
  }[];
}

// Gateway reconciliation (issue 7): card payments read from the gateways, matched to PayDesk orders.

export interface GatewayPaymentView {
  gateway: string;
  gateway_id: string;
  org_app_id: string;
  status: PaylinkStatus;
  /** Verbatim gateway status or result code. */
  gateway_status: string;
  amount: string;
  amount_minor: number;
  refunded: string;
  refunded_minor: number;
  currency: Currency;
  created_at: string;
  /** What the gateway echoes of ours (metadata order id, invoice id, merchantTransactionId). */
  reference: string | null;
  flags: string[];
  matched: boolean;
  matched_order_id: string | null;
  matched_paylink_id: string | null;
  updated_at: string;
}

export interface GatewayTotalsView {
  gateway: string;
  currency: Currency;
  count: number;
  amount: string;
  amount_minor: number;
  /** Captured by the gateway (refunds not deducted). */
  paid: string;
  paid_minor: number;
  refunded: string;
  refunded_minor: number;
  matched: number;
  unmatched: number;
}

export interface GatewayPaymentsView {
  from: string;
  to: string;
  payments: GatewayPaymentView[];
  totals: GatewayTotalsView[];
  /** True when more payments matched than `payments` holds (totals still cover all of them). */
  truncated: boolean;
}

export interface GatewaySyncRunView {
  id: number;
  gateway: string;
  org_app_id: string;
  trigger: 'schedule' | 'manual';
  started_at: string;
  finished_at: string | null;
  window_from: string | null;
  window_to: string | null;
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  refetched: number;
  rate_limited_retries: number;
  errors: string[];
  synced_until: string | null;
}

export interface GatewayAppSyncView {
  org_app_id: string;
  gateway: string;
  name: string;
  environment: 'sandbox' | 'live';
  /** False for Dinero: no documented list API, so only known payment ids are refreshed. */
  supports_list: boolean;
  running: boolean;
  last_run: GatewaySyncRunView | null;
  /** Last run that finished without errors. */
  last_clean_sync_at: string | null;
}

export interface GatewaySyncOverviewView {
  interval_ms: number;
  apps: GatewayAppSyncView[];
}

// A store with several tills (issue 13).

/** Where a manager view's rows came from: the whole store, or only this till (with the reason). */
export interface DataScopeView {
  source: 'store' | 'till';
  till_id: string;
  till_name: string;
  /** Set when the store database could not be read and the view shows this till only. */
  reason?: string;
}

export interface TillView {
  till_id: string;
  name: string;
  /** In touch with the store database within the last seconds (it can take commands). */
  online: boolean;
  last_seen_at: string;
}

/** The store database's state, shown in the header beside the back office's. */
export interface StoreDbStatusView {
  configured: boolean;
  online: boolean;
  till_id: string | null;
  till_name: string | null;
  /** Changes recorded on this till not yet in the store database. */
  pending: number;
  oldest_pending_age_ms: number | null;
  last_error: string | null;
  tills: TillView[];
}
