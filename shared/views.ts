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
  /** A queued provider command not yet confirmed ("capture pending"). */
  pending_command: 'capture' | 'refund' | 'cancel' | null;
  cashier_id: string | null;
  items: { name: string; quantity: number; unit_price: string; sku?: string }[];
  can: PaylinkAction[];
  created_at: string;
  updated_at: string;
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
  store: { name_en: string; name_ar: string; vat_number: string; branch: string; currency: Currency; pricing_mode: 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE' };
  /** Demo mode only: the seeded staff and their PINs, shown on the sign-in screen. */
  demo_staff?: { name: string; role: Role; pin: string }[];
}

export interface SyncStatusView {
  online: boolean;
  pending: number;
  dead: number;
  oldest_pending_age_ms: number | null;
  last_error: string | null;
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
