import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeDigits } from '../../../shared/digits';
import { ErrorNote } from '../checkout/ErrorNote';
import { useProducts, useSaveProduct } from '../api/hooks';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';

const EMPTY = { sku: '', barcode: '', name_en: '', name_ar: '', price: '' };

/** The store's catalog for managers: change a price, add a product. Prices are typed in major units and kept exact. */
export function ProductsCard() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const products = useProducts('');
  const save = useSaveProduct();
  const [draft, setDraft] = useState(EMPTY);
  const [prices, setPrices] = useState<Record<string, string>>({});
  // Which form the last save came from, so its error shows at that row (or under the add form).
  const [savedFrom, setSavedFrom] = useState<string>('add');

  const add = (e: FormEvent) => {
    e.preventDefault();
    setSavedFrom('add');
    save.mutate(
      { sku: draft.sku, name_en: draft.name_en, name_ar: draft.name_ar, price: normalizeDigits(draft.price), currency: 'SAR', ...(draft.barcode ? { barcode: normalizeDigits(draft.barcode) } : {}) },
      { onSuccess: () => setDraft(EMPTY) },
    );
  };

  return (
    <section className="card" data-testid="products-card">
      <h2>{t('products.title')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('products.sku')}</th>
            <th>{t('products.barcode')}</th>
            <th>{t('products.name')}</th>
            <th>{t('products.price')}</th>
          </tr>
        </thead>
        <tbody>
          {products.data?.map((p) => (
            <tr key={p.id} data-testid={`product-${p.sku}`}>
              <td>
                <code>{p.sku}</code>
              </td>
              <td>{p.barcode}</td>
              <td>{lang === 'ar' ? p.name_ar : p.name_en}</td>
              <td>
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const price = prices[p.id];
                    setSavedFrom(p.id);
                    if (price) save.mutate({ id: p.id, price: normalizeDigits(price) });
                  }}
                >
                  <span className="num">{formatAmount(p.price, p.currency, lang)}</span>
                  <input aria-label={t('products.newPrice')} inputMode="decimal" size={8} value={prices[p.id] ?? ''} onChange={(e) => setPrices({ ...prices, [p.id]: e.target.value })} />
                  <button type="submit">{t('products.save')}</button>
                </form>
                {savedFrom === p.id && <ErrorNote error={save.error} testId={`product-error-${p.sku}`} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={add} aria-label={t('products.add')}>
        <input placeholder={t('products.sku')} required value={draft.sku} onChange={(e) => setDraft({ ...draft, sku: e.target.value })} />
        <input placeholder={t('products.barcode')} inputMode="numeric" value={draft.barcode} onChange={(e) => setDraft({ ...draft, barcode: e.target.value })} />
        <input placeholder={t('products.nameEn')} required value={draft.name_en} onChange={(e) => setDraft({ ...draft, name_en: e.target.value })} />
        <input placeholder={t('products.nameAr')} required dir="rtl" value={draft.name_ar} onChange={(e) => setDraft({ ...draft, name_ar: e.target.value })} />
        <input placeholder={t('products.price')} required inputMode="decimal" value={draft.price} onChange={(e) => setDraft({ ...draft, price: e.target.value })} />
        <button type="submit" className="primary">
          {t('products.add')}
        </button>
      </form>
      {savedFrom === 'add' && <ErrorNote error={save.error} testId="product-add-error" />}
    </section>
  );
}
