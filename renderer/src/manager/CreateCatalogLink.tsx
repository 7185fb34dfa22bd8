import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCatalogLink, useProducts, useProviders } from '../api/hooks';
import { parseWholeNumber } from '../../../shared/digits';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatNumber } from '../digitSystem';

/** The most units of one product a catalog link may hold (the engine's limit). */
const MAX_LINK_QUANTITY = 1000;
import { formatAmount } from '../format';
import { useUi } from '../state/ui';

interface Line {
  productId: string;
  /** As typed: refused at the row unless it is 1 to 1,000 whole units, never changed into one. */
  quantity: string;
}

/** A catalog link from products and quantities; prices are snapshotted by the engine, never typed here. */
export function CreateCatalogLink({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const products = useProducts('');
  const providers = useProviders();
  const create = useCreateCatalogLink();
  const [name, setName] = useState('');
  const [provider, setProvider] = useState('');
  const [lines, setLines] = useState<Line[]>([{ productId: '', quantity: '1' }]);
  const linkProviders = (providers.data ?? []).filter((p) => p.type !== 'gateway_sync');
  const setLine = (i: number, change: Partial<Line>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const chosen = lines.filter((l) => l.productId);
  const quantityOf = (l: Line) => parseWholeNumber(l.quantity, 1, MAX_LINK_QUANTITY);
  const allQuantitiesOk = chosen.every((l) => quantityOf(l).ok);
  // The link is priced in its products' currency (the store policy's default may differ); the engine refuses a mix.
  const currency = products.data?.find((p) => p.id === chosen[0]?.productId)?.currency;

  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (!allQuantitiesOk) return;
    create.mutate(
      {
        name: name.trim(),
        products: chosen.map((l) => {
          const q = quantityOf(l);
          return { product_id: l.productId, quantity: q.ok ? q.value : 1 };
        }),
        ...(currency ? { currency } : {}),
        ...(provider ? { provider } : {}),
      },
      {
        onSuccess: () => {
          setName('');
          setLines([{ productId: '', quantity: '1' }]);
          onCreated();
        },
      },
    );
  };

  return (
    <form className="card create-link" onSubmit={submit} aria-labelledby="create-link-title" data-testid="create-link">
      <h2 id="create-link-title">{t('links.create.title')}</h2>
      <label>
        {t('links.create.name')}
        <input value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} data-testid="link-name" />
      </label>
      <label>
        {t('paylinks.provider')}
        <select value={provider} onChange={(e) => setProvider(e.target.value)} data-testid="link-provider">
          <option value="">{t('links.create.defaultProvider')}</option>
          {linkProviders.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('links.create.products')}</legend>
        {lines.map((line, i) => (
          <div className="row" key={i}>
            <select aria-label={t('links.create.product')} value={line.productId} onChange={(e) => setLine(i, { productId: e.target.value })} data-testid={`link-product-${i}`}>
              <option value="">{t('links.create.pickProduct')}</option>
              {(products.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {(lang === 'ar' ? p.name_ar : p.name_en) + ' · ' + formatAmount(p.price, p.currency, lang)}
                </option>
              ))}
            </select>
            <input
              inputMode="numeric"
              size={5}
              aria-label={t('links.create.quantity')}
              aria-invalid={quantityOf(line).ok ? undefined : true}
              value={line.quantity}
              onChange={(e) => setLine(i, { quantity: e.target.value })}
              data-testid={`link-qty-${i}`}
            />
            {(() => {
              const q = quantityOf(line);
              return q.ok ? null : (
                <span role="alert" className="field-error" data-testid={`link-qty-error-${i}`} data-problem={q.problem}>
                  {t(`screens.input.${q.problem}`, { min: formatNumber(1, lang), max: formatNumber(MAX_LINK_QUANTITY, lang) })}
                </span>
              );
            })()}
          </div>
        ))}
        <button type="button" onClick={() => setLines((all) => [...all, { productId: '', quantity: '1' }])}>
          {t('links.create.addProduct')}
        </button>
      </fieldset>
      <button type="submit" className="primary" disabled={!name.trim() || chosen.length === 0 || !allQuantitiesOk || create.isPending} data-testid="link-create">
        {t('links.create.submit')}
      </button>
      <ErrorNote error={create.error} testId="link-create-error" />
    </form>
  );
}
