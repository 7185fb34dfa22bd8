import { formatMinor, type Currency } from '../../shared/money';
import type {
  CatalogLinkAvailability,
  CatalogLinkLineView,
  CatalogLinkPaymentView,
  CatalogLinkStatsView,
  CatalogLinkView,
  PricingMode,
} from '../../shared/views';
import type { PaylinkStatus } from '../../shared/status';
import type { CatalogLinkRow, CatalogLinkStatsRow, LinkPaymentRow } from '../store/catalogLinks';
import type { ProductRow } from '../store/products';

// Pricing of a link's product snapshot and the views handed out for links.

/** One line of the snapshot stored on the link (minor units). */
export interface SnapshotLine {
  product_id: string;
  sku: string;
  name_en: string;
  name_ar: string;
  quantity: number;
  unit_price_minor: number;
  vat_rate_bp: number;
  /** What the buyer pays per unit, VAT included. */
  unit_gross_minor: number;
  unit_tax_minor: number;
}

export interface PricedSnapshot {
  lines: SnapshotLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * VAT per unit, then times quantity: every line's gross is quantity × a whole unit price, so the items sent to the
 * provider add up to the link total exactly. TAX_INCLUSIVE prices already hold the VAT; TAX_EXCLUSIVE prices get it added.
 */
export function priceSnapshot(items: { product: ProductRow; quantity: number }[], mode: PricingMode): PricedSnapshot {
  const lines = items.map(({ product, quantity }): SnapshotLine => {
    const rate = product.vat_rate_bp;
    const unitTax = mode === 'TAX_INCLUSIVE' ? Math.round((product.price_minor * rate) / (10_000 + rate)) : Math.round((product.price_minor * rate) / 10_000);
    return {
      product_id: product.id,
      sku: product.sku,
      name_en: product.name_en,
      name_ar: product.name_ar,
      quantity,
      unit_price_minor: product.price_minor,
      vat_rate_bp: rate,
      unit_gross_minor: mode === 'TAX_INCLUSIVE' ? product.price_minor : product.price_minor + unitTax,
      unit_tax_minor: unitTax,
    };
  });
  const totalMinor = lines.reduce((sum, l) => sum + l.unit_gross_minor * l.quantity, 0);
  const taxMinor = lines.reduce((sum, l) => sum + l.unit_tax_minor * l.quantity, 0);
  return { lines, subtotalMinor: totalMinor - taxMinor, taxMinor, totalMinor };
}

export function lineViews(row: CatalogLinkRow): CatalogLinkLineView[] {
  const currency = row.currency as Currency;
  return (JSON.parse(row.products) as SnapshotLine[]).map((l) => {
    const gross = l.unit_gross_minor * l.quantity;
    const tax = l.unit_tax_minor * l.quantity;
    return {
      product_id: l.product_id,
      sku: l.sku,
      name_en: l.name_en,
      name_ar: l.name_ar,
      quantity: l.quantity,
      unit_price: formatMinor(l.unit_price_minor, currency),
      vat_rate: l.vat_rate_bp / 10_000,
      line_subtotal: formatMinor(gross - tax, currency),
      line_tax: formatMinor(tax, currency),
      line_total: formatMinor(gross, currency),
      line_total_minor: gross,
    };
  });
}

export function availabilityOf(row: CatalogLinkRow, uses: number, nowMs: number): CatalogLinkAvailability {
  if (row.deleted_at !== null) return 'deleted';
  if (!row.is_active) return 'inactive';
  if (row.expires_at !== null && nowMs >= row.expires_at) return 'expired';
  if (row.max_uses !== null && uses >= row.max_uses) return 'used_up';
  return 'available';
}

export function statsView(row: CatalogLinkRow, stats: CatalogLinkStatsRow | undefined): CatalogLinkStatsView {
  const uses = stats?.uses ?? 0;
  const revenueMinor = stats?.revenue_minor ?? 0;
  return {
    uses,
    remaining_uses: row.max_uses === null ? null : Math.max(0, row.max_uses - uses),
    paid_count: stats?.paid_count ?? 0,
    revenue: formatMinor(revenueMinor, row.currency as Currency),
    revenue_minor: revenueMinor,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toCatalogLinkView(row: CatalogLinkRow, stats: CatalogLinkStatsRow | undefined, nowMs: number): CatalogLinkView {
  const currency = row.currency as Currency;
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    currency,
    pricing_mode: row.pricing_mode,
    products: lineViews(row),
    subtotal: formatMinor(row.subtotal_minor, currency),
    tax: formatMinor(row.tax_minor, currency),
    total: formatMinor(row.total_minor, currency),
    total_minor: row.total_minor,
    expires_at: iso(row.expires_at),
    max_uses: row.max_uses,
    is_active: row.is_active === 1,
    availability: availabilityOf(row, stats?.uses ?? 0, nowMs),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    public_url: `/api/payment-links/public/${row.id}/`,
    stats: statsView(row, stats),
    created_by: row.created_by,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export interface BillingFields {
  first_name?: string | undefined;
  last_name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export function toLinkPaymentView(row: LinkPaymentRow): CatalogLinkPaymentView {
  const currency = row.currency as Currency;
  const billing = JSON.parse(row.billing) as BillingFields;
  return {
    id: row.use_id,
    paylink_id: row.paylink_id,
    provider: row.provider,
    status: row.status as PaylinkStatus,
    provider_status: row.provider_status,
    amount: formatMinor(row.amount_minor, currency),
    captured_amount: formatMinor(row.captured_minor, currency),
    refunded_amount: formatMinor(row.refunded_minor, currency),
    currency,
    customer: { first_name: billing.first_name ?? null, last_name: billing.last_name ?? null, email: billing.email ?? null, phone: billing.phone ?? null },
    created_at: new Date(row.use_created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}
