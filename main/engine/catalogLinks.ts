import { AppError } from '../../shared/errors';
import { formatMinor, isCurrency, parseAmountToMinor, parseCurrency, type Currency } from '../../shared/money';
import { normalizePhone } from '../../shared/phone';
import { findProvider, isPaylinkProvider, type ProviderSpec } from '../../shared/providers';
import type { CreateCatalogLinkRequest, CreatePaylinkRequest, StartCatalogLinkRequest, UpdateCatalogLinkRequest } from '../../shared/schemas';
import type { CatalogLinkPaymentView, CatalogLinkPreviewView, CatalogLinkView, PaylinkView, PricingMode } from '../../shared/views';
import {
  catalogLinkStats,
  catalogLinkTotals,
  countCatalogLinks,
  countLiveLinkUses,
  getCatalogLink,
  getProductsByIds,
  insertCatalogLink,
  insertLinkUse,
  listCatalogLinks,
  listLinkPayments,
  markLinkUseStarted,
  recoverInterruptedLinkUses,
  releaseLinkUse,
  softDeleteCatalogLink,
  updateCatalogLink,
  type CatalogLinkRow,
} from '../store/catalogLinks';
import { writeTransaction, type Db } from '../store/db';
import { listOrgApps } from '../store/orgApps';
import { getSetting, putSetting } from '../store/settings';
import { availabilityOf, lineViews, priceSnapshot, statsView, toCatalogLinkView, toLinkPaymentView, type BillingFields, type SnapshotLine } from './catalogLinkViews';
import { actorLabel, type Actor } from './paylinkCore';

// Reusable catalog payment links (seed 004): a product snapshot that customers pay through a public
// URL; each start creates a paylink at the link's provider through the paylink engine.

/** Store-wide rules for links, kept in the `payment_link_policy` setting. Bounds are major units in the link's currency. */
export interface PaymentLinkPolicy {
  currencies: Currency[];
  default_currency: Currency;
  default_provider: string;
  min_total: string;
  max_total: string;
}

export const PAYMENT_LINK_POLICY_KEY = 'payment_link_policy';
export const DEFAULT_PAYMENT_LINK_POLICY: PaymentLinkPolicy = {
  currencies: ['SAR', 'USD', 'EUR'],
  // Seed 004: links default to USD when the request names no currency.
  default_currency: 'USD',
  default_provider: 'paymennt',
  min_total: '1.00',
  max_total: '50000.00',
};

export interface CatalogLinkDeps {
  db: Db;
  now: () => number;
  newId: (prefix: string) => string;
  createPaylink: (input: CreatePaylinkRequest, actor: Actor, createKey?: string) => Promise<PaylinkView>;
  store: () => { name_en: string; name_ar: string; pricing_mode: PricingMode };
}

export interface StartedCheckout {
  link_id: string;
  checkout_url: string | null;
  token: string;
  paylink_id: string;
  session_id: string | null;
  qr_code_url: string | null;
  provider: string;
  status: PaylinkView['status'];
  amount: string;
  currency: Currency;
  expires_at: string | null;
}

const UNAVAILABLE_MESSAGES = {
  deleted: 'This payment link was removed by the store.',
  inactive: 'This payment link is switched off. Ask the store for a new link.',
  expired: 'This payment link has expired. Ask the store for a new link.',
  used_up: 'This payment link has been used the maximum number of times.',
} as const;

function requireManager(actor: Actor): void {
  if (actor.kind !== 'staff' || actor.role !== 'manager') throw new AppError('forbidden', 'Managing payment links needs a manager. Ask a manager to sign in.');
}

function parseFutureTime(value: string, nowMs: number): number {
  const ms = Date.parse(value);
  if (ms <= nowMs) throw new AppError('validation_failed', 'expires_at is in the past; choose a future date-time.', { field: 'expires_at' });
  return ms;
}

export function createCatalogLinks(deps: CatalogLinkDeps) {
  const { db, now } = deps;

  function policy(): PaymentLinkPolicy {
    const stored = getSetting(db, PAYMENT_LINK_POLICY_KEY);
    if (!stored) putSetting(db, PAYMENT_LINK_POLICY_KEY, JSON.stringify(DEFAULT_PAYMENT_LINK_POLICY));
    return { ...DEFAULT_PAYMENT_LINK_POLICY, ...(stored ? (JSON.parse(stored) as Partial<PaymentLinkPolicy>) : {}) };
  }
  policy(); // writes the defaults once, so the manager's settings screen shows what is enforced
  recoverInterruptedLinkUses(db, now());

  function mustGet(id: string): CatalogLinkRow {
    const row = getCatalogLink(db, id);
    if (!row || row.deleted_at !== null) throw new AppError('not_found', `There is no payment link with id "${id}".`, { id });
    return row;
  }

  function view(row: CatalogLinkRow): CatalogLinkView {
    return toCatalogLinkView(row, catalogLinkStats(db, [row.id])[0], now());
  }

  function linkCurrency(requested: string | undefined, p: PaymentLinkPolicy): Currency {
    const currency = parseCurrency(requested ?? p.default_currency);
    if (!p.currencies.includes(currency)) {
      throw new AppError('unsupported_currency', `Payment links take ${p.currencies.join(', ')}; ${currency} is not one of them.`, { field: 'currency' });
    }
    return currency;
  }

  function linkProvider(requested: string | undefined, p: PaymentLinkPolicy, currency: Currency): { spec: ProviderSpec; orgAppId: string } {
    const id = (requested ?? p.default_provider).toLowerCase();
    if (!isPaylinkProvider(id)) throw new AppError('provider_not_paylink', `provider "${id}" cannot collect payments through links. Use tabby, tamara, mispay or paymennt.`, { field: 'provider' });
    const spec = findProvider(id) as ProviderSpec;
    const apps = listOrgApps(db, id);
    const app = apps.find((a) => a.environment === 'live') ?? apps[0];
    if (!app) throw new AppError('validation_failed', `No ${spec.name} app is installed. Install one under Settings, or choose another provider.`, { field: 'provider' });
    if (!spec.currencies.includes(currency)) {
      throw new AppError('unsupported_currency', `${spec.name} does not take ${currency}. It takes ${spec.currencies.join(', ')}.`, { field: 'currency' });
    }
    return { spec, orgAppId: app.id };
  }

  function snapshotProducts(items: CreateCatalogLinkRequest['products'], currency: Currency, mode: PricingMode) {
    const byId = new Map(getProductsByIds(db, items.map((i) => i.product_id)).map((p) => [p.id, p]));
    const resolved = items.map((item, i) => {
      const product = byId.get(item.product_id);
      if (!product || !product.active) throw new AppError('validation_failed', `products.${i}.product_id: there is no product "${item.product_id}" in the catalog.`, { field: `products.${i}.product_id` });
      if (product.currency !== currency) {
        throw new AppError('unsupported_currency', `${product.name_en} is priced in ${product.currency}, so it cannot be sold on a ${currency} link. Create the link in ${product.currency}.`, {
          field: 'currency',
          product_id: product.id,
        });
      }
      return { product, quantity: item.quantity };
    });
    return priceSnapshot(resolved, mode);
  }

  function assertTotalInBounds(totalMinor: number, currency: Currency, spec: ProviderSpec, p: PaymentLinkPolicy): void {
    const min = parseAmountToMinor(p.min_total, currency, 'minimum link total');
    const max = parseAmountToMinor(p.max_total, currency, 'maximum link total');
    const providerBounds = spec.amountBoundsMinor?.[currency];
    const lo = Math.max(min, providerBounds?.min ?? 0);
    const hi = Math.min(max, providerBounds?.max ?? Number.MAX_SAFE_INTEGER);
    if (totalMinor < lo || totalMinor > hi) {
      throw new AppError('invalid_amount', `The link total ${formatMinor(totalMinor, currency)} ${currency} is outside the allowed ${formatMinor(lo, currency)}–${formatMinor(hi, currency)} ${currency}. Change the quantities or products.`, {
        field: 'products',
        min: formatMinor(lo, currency),
        max: formatMinor(hi, currency),
      });
    }
  }

  function create(input: CreateCatalogLinkRequest, actor: Actor): CatalogLinkView {
    requireManager(actor);
    const p = policy();
    const at = now();
    const currency = linkCurrency(input.currency, p);
    const { spec, orgAppId } = linkProvider(input.provider, p, currency);
    const mode = input.pricing_mode ?? deps.store().pricing_mode;
    const priced = snapshotProducts(input.products, currency, mode);
    assertTotalInBounds(priced.totalMinor, currency, spec, p);
    const row: CatalogLinkRow = {
      id: deps.newId(''),
      name: input.name,
      provider: spec.id,
      org_app_id: orgAppId,
      currency,
      pricing_mode: mode,
      products: JSON.stringify(priced.lines),
      subtotal_minor: priced.subtotalMinor,
      tax_minor: priced.taxMinor,
      total_minor: priced.totalMinor,
      expires_at: input.expires_at ? parseFutureTime(input.expires_at, at) : null,
      max_uses: input.max_uses ?? null,
      is_active: 1,
      metadata: JSON.stringify(input.metadata ?? {}),
      created_by: actorLabel(actor),
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    writeTransaction(db, () => insertCatalogLink(db, row));
    return view(row);
  }

  function list(q: { limit?: number | undefined; offset?: number | undefined }) {
    const rows = listCatalogLinks(db, { limit: q.limit ?? 100, offset: q.offset ?? 0 });
    const stats = new Map(catalogLinkStats(db, rows.map((r) => r.id)).map((s) => [s.link_id, s]));
    const at = now();
    const totals = catalogLinkTotals(db);
    return {
      payment_links: rows.map((r) => toCatalogLinkView(r, stats.get(r.id), at)),
      total: countCatalogLinks(db),
      aggregates: {
        paid_count: totals.reduce((n, t) => n + t.paid_count, 0),
        revenue: totals.map((t) => ({ currency: t.currency, amount: isCurrency(t.currency) ? formatMinor(t.revenue_minor, t.currency) : String(t.revenue_minor), amount_minor: t.revenue_minor })),
      },
    };
  }

  function get(id: string): CatalogLinkView {
    return view(mustGet(id));
  }

  /** Only name, is_active, expires_at, max_uses and metadata change; the product snapshot and prices never do. */
  function update(id: string, input: UpdateCatalogLinkRequest, actor: Actor): CatalogLinkView {
    requireManager(actor);
    const row = writeTransaction(db, () => {
      const current = mustGet(id);
      const next: CatalogLinkRow = {
        ...current,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.is_active !== undefined ? { is_active: input.is_active ? 1 : 0 } : {}),
        // A past date is allowed here: it is how a manager ends a link now.
        ...(input.expires_at !== undefined ? { expires_at: input.expires_at === null ? null : Date.parse(input.expires_at) } : {}),
        ...(input.max_uses !== undefined ? { max_uses: input.max_uses } : {}),
        ...(input.metadata !== undefined ? { metadata: JSON.stringify(input.metadata) } : {}),
        updated_at: now(),
      };
      updateCatalogLink(db, id, next);
      return next;
    });
    return view(row);
  }

  function remove(id: string, actor: Actor): void {
    requireManager(actor);
    writeTransaction(db, () => {
      mustGet(id);
      softDeleteCatalogLink(db, { id, at: now() });
    });
  }

  function payments(id: string, limit = 200): { payments: CatalogLinkPaymentView[]; total: number } {
    mustGet(id);
    const rows = listLinkPayments(db, { linkId: id, limit });
    return { payments: rows.map(toLinkPaymentView), total: rows.length };
  }

  /** Public routes: a link that cannot be paid answers 410 with the reason. */
  function mustBeAvailable(id: string): { row: CatalogLinkRow; uses: number } {
    const row = getCatalogLink(db, id);
    if (!row) throw new AppError('not_found', 'There is no payment link at this address. Check the link you were sent.');
    const uses = countLiveLinkUses(db, id);
    const availability = availabilityOf(row, uses, now());
    if (availability !== 'available') throw new AppError('link_unavailable', UNAVAILABLE_MESSAGES[availability], { reason: availability });
    return { row, uses };
  }

  function preview(id: string): CatalogLinkPreviewView {
    const { row, uses } = mustBeAvailable(id);
    const currency = row.currency as Currency;
    const store = deps.store();
    const spec = findProvider(row.provider) as ProviderSpec;
    return {
      id: row.id,
      name: row.name,
      org_name: store.name_en,
      store: { name_en: store.name_en, name_ar: store.name_ar },
      provider: row.provider,
      provider_name: spec.name,
      requires_phone: spec.checkout === 'sms',
      currency,
      pricing_mode: row.pricing_mode,
      products: lineViews(row),
      subtotal: formatMinor(row.subtotal_minor, currency),
      tax: formatMinor(row.tax_minor, currency),
      total: formatMinor(row.total_minor, currency),
      expires_at: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
      remaining_uses: statsView(row, { link_id: row.id, uses, paid_count: 0, revenue_minor: 0 }).remaining_uses,
    };
  }

  /**
   * Holds one use inside an IMMEDIATE transaction before the provider is called, so concurrent starts can never
   * exceed max_uses; the hold is released when the provider call fails.
   */
  function reserveUse(id: string, billing: BillingFields): { row: CatalogLinkRow; useId: string } {
    return writeTransaction(db, () => {
      const { row } = mustBeAvailable(id);
      const useId = deps.newId('clu_');
      insertLinkUse(db, { id: useId, link_id: id, amount_minor: row.total_minor, currency: row.currency, billing: JSON.stringify(billing), created_at: now() });
      return { row, useId };
    });
  }

  async function start(id: string, input: StartCatalogLinkRequest): Promise<StartedCheckout> {
    const current = mustBeAvailable(id).row;
    if (input.currency !== undefined && parseCurrency(input.currency) !== current.currency) {
      throw new AppError('unsupported_currency', `This link is priced in ${current.currency}; pay in ${current.currency}.`, { field: 'currency' });
    }
    const phone = input.phone ? normalizePhone(input.phone, 'phone') : undefined;
    if (findProvider(current.provider)?.checkout === 'sms' && !phone) {
      throw new AppError('validation_failed', 'This checkout sends the payment link by SMS, so phone is required.', { field: 'phone' });
    }
    const billing: BillingFields = { first_name: input.first_name, last_name: input.last_name, email: input.email, phone };
    const { row, useId } = reserveUse(id, billing);
    let paylink: PaylinkView;
    try {
      paylink = await deps.createPaylink(paylinkRequest(row, useId, input, phone), { kind: 'system' }, useId);
    } catch (err) {
      releaseLinkUse(db, { id: useId, at: now() });
      throw err;
    }
    markLinkUseStarted(db, { id: useId, paylinkId: paylink.id, at: now() });
    return {
      link_id: row.id,
      checkout_url: paylink.checkout_url,
      token: paylink.id,
      paylink_id: paylink.id,
      session_id: paylink.session_id,
      qr_code_url: paylink.qr_code_url,
      provider: paylink.provider,
      status: paylink.status,
      amount: paylink.amount,
      currency: paylink.currency,
      expires_at: paylink.expires_at,
    };
  }

  return { create, list, get, update, remove, payments, preview, start, policy };
}

function paylinkRequest(row: CatalogLinkRow, useId: string, input: StartCatalogLinkRequest, phone: string | undefined): CreatePaylinkRequest {
  const currency = row.currency as Currency;
  const buyerName = [input.first_name, input.last_name].filter(Boolean).join(' ');
  const redirects = { success_url: input.success_url, cancel_url: input.cancel_url, failure_url: input.failure_url };
  return {
    provider: row.provider,
    org_app_id: row.org_app_id,
    order_id: useId,
    amount: formatMinor(row.total_minor, currency),
    currency,
    description: row.name.slice(0, 500),
    ...(buyerName ? { buyer_name: buyerName } : {}),
    ...(input.email ? { buyer_email: input.email } : {}),
    ...(phone ? { buyer_phone: phone } : {}),
    ...(phone && findProvider(row.provider)?.checkout === 'sms' ? { phone_number: phone } : {}),
    ...(input.lang ? { lang: input.lang } : {}),
    items: (JSON.parse(row.products) as SnapshotLine[]).map((l) => ({ name: l.name_en, quantity: l.quantity, unit_price: formatMinor(l.unit_gross_minor, currency), sku: l.sku })),
    metadata: {
      catalog_link_id: row.id,
      ...Object.fromEntries(Object.entries(redirects).filter((e): e is [string, string] => typeof e[1] === 'string')),
    },
  };
}

export type CatalogLinks = ReturnType<typeof createCatalogLinks>;
