import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { formatMinor, parseAmountToMinor, parseCurrency, type Currency } from '../../shared/money';
import type { ProductView } from '../../shared/views';
import type { Db } from '../store/db';
import { getProduct, insertProduct, searchProducts, updateProduct, type ProductRow } from '../store/products';

export function toProductView(p: ProductRow): ProductView {
  return {
    id: p.id,
    sku: p.sku,
    barcode: p.barcode,
    name_en: p.name_en,
    name_ar: p.name_ar,
    price: formatMinor(p.price_minor, p.currency as Currency),
    price_minor: p.price_minor,
    currency: p.currency as Currency,
    vat_rate: p.vat_rate_bp / 10_000,
  };
}

export interface ProductInput {
  sku?: string | undefined;
  barcode?: string | null | undefined;
  name_en?: string | undefined;
  name_ar?: string | undefined;
  price?: string | number | undefined;
  currency?: string | undefined;
  vat_rate?: number | undefined;
  active?: boolean | undefined;
}

/** The store's product catalog: what the cashier scans and what catalog links snapshot. */
export function createCatalog(db: Db, now: () => number) {
  function vatBasisPoints(rate: number): number {
    const bp = Math.round(rate * 10_000);
    if (Math.abs(bp - rate * 10_000) > 1e-6) throw new AppError('validation_failed', 'vat_rate has more than 4 decimals (0.15 = 15%).', { field: 'vat_rate' });
    return bp;
  }

  function translateUniqueError(err: unknown): never {
    if (err instanceof Error && /UNIQUE constraint failed: products\.(sku|barcode)/.test(err.message)) {
      const field = /products\.(\w+)/.exec(err.message)?.[1] ?? 'sku';
      throw new AppError('conflict', `Another product already has this ${field}.`, { field });
    }
    throw err;
  }

  function get(id: string): ProductView {
    const row = getProduct(db, id);
    if (!row) throw new AppError('not_found', `There is no product with id "${id}".`);
    return toProductView(row);
  }

  return {
    list: (query?: string) => searchProducts(db, query?.trim() || undefined).map(toProductView),
    get,
    create(input: ProductInput & { sku: string; name_en: string; name_ar: string; price: string | number; currency: string }): ProductView {
      const currency = parseCurrency(input.currency);
      const at = now();
      const id = `prod_${randomUUID()}`;
      try {
        insertProduct(db, {
          id,
          sku: input.sku,
          barcode: input.barcode ?? null,
          name_en: input.name_en,
          name_ar: input.name_ar,
          price_minor: parseAmountToMinor(input.price, currency, 'price'),
          currency,
          vat_rate_bp: vatBasisPoints(input.vat_rate ?? 0.15),
          created_at: at,
          updated_at: at,
        });
      } catch (err) {
        translateUniqueError(err);
      }
      return get(id);
    },
    update(id: string, input: ProductInput): ProductView {
      const row = getProduct(db, id);
      if (!row) throw new AppError('not_found', `There is no product with id "${id}".`);
      const currency = input.currency ? parseCurrency(input.currency) : (row.currency as Currency);
      try {
        updateProduct(
          db,
          id,
          {
            sku: input.sku,
            barcode: input.barcode,
            name_en: input.name_en,
            name_ar: input.name_ar,
            currency: input.currency ? currency : undefined,
            price_minor: input.price !== undefined ? parseAmountToMinor(input.price, currency, 'price') : undefined,
            vat_rate_bp: input.vat_rate !== undefined ? vatBasisPoints(input.vat_rate) : undefined,
            active: input.active === undefined ? undefined : input.active ? 1 : 0,
          },
          now(),
        );
      } catch (err) {
        translateUniqueError(err);
      }
      return get(id);
    },
  };
}
