import { useTranslation } from 'react-i18next';
import { lineAmountMinor, type CartLine, type CartTotals, type PricingMode } from '../../../shared/cart';
import type { Currency } from '../../../shared/money';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { formatNumber } from '../digitSystem';
import { formatMoney } from './money';
import { QuantityInput } from './QuantityInput';

/** A product's name in the screen's language; a quick-amount line is "Amount 1", "Amount 2"… in the screen's digits. */
export function lineName(line: CartLine, lang: 'en' | 'ar', quickLabel: string): string {
  if (!line.productId) return `${quickLabel} ${formatNumber(Number(line.key.replace(/^quick-/, '')) || 1, lang)}`;
  return lang === 'ar' ? line.name_ar : line.name_en;
}

/** The sale so far: lines with quantities the cashier can change, and the VAT breakdown. */
export function CartLines({ lines, totals, currency, mode }: { lines: readonly CartLine[]; totals: CartTotals; currency: Currency; mode: PricingMode }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { setQuantity, removeLine } = useCheckout();
  const money = (minor: number) => formatMoney(minor, currency, lang);

  return (
    <section className="card cart" aria-labelledby="cart-title">
      <h2 id="cart-title">
        {t('checkout.cart.title')} <span className="muted small">· {t(mode === 'TAX_INCLUSIVE' ? 'checkout.cart.pricesInclude' : 'checkout.cart.pricesExclude')}</span>
      </h2>
      {lines.length === 0 ? (
        <p className="muted" data-testid="cart-empty">
          {t('checkout.cart.empty')}
        </p>
      ) : (
        // The lines scroll inside the card, so the total and "Choose payment" stay in view on a short till.
        <div className="cart-lines-scroll">
          <table className="cart-lines" data-testid="cart-lines">
            <thead>
              <tr>
                <th>{t('checkout.cart.item')}</th>
                <th>{t('checkout.cart.qty')}</th>
                <th className="num">{t('checkout.cart.amount')}</th>
                <th aria-hidden="true" />
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const name = lineName(line, lang, t('checkout.quick.line'));
                return (
                  <tr key={line.key} data-testid={`cart-line-${line.sku ?? line.key}`}>
                    <td>
                      {name}
                      <div className="muted small num">{money(line.unitPriceMinor)}</div>
                    </td>
                    <td className="qty">
                      <button type="button" className="icon" aria-label={t('checkout.cart.less', { name })} onClick={() => setQuantity(line.key, line.quantity - 1)}>
                        −
                      </button>
                      <QuantityInput quantity={line.quantity} name={name} onChange={(q) => setQuantity(line.key, q)} />
                      <button type="button" className="icon" aria-label={t('checkout.cart.more', { name })} onClick={() => setQuantity(line.key, line.quantity + 1)}>
                        +
                      </button>
                    </td>
                    <td className="num">{money(lineAmountMinor(line))}</td>
                    <td>
                      <button type="button" className="icon" aria-label={t('checkout.cart.remove', { name })} onClick={() => removeLine(line.key)}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Totals totals={totals} currency={currency} />
    </section>
  );
}

export function Totals({ totals, currency }: { totals: CartTotals; currency: Currency }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const money = (minor: number) => formatMoney(minor, currency, lang);
  return (
    <dl className="totals" data-testid="cart-totals">
      <dt>{t('checkout.cart.net')}</dt>
      <dd className="num" data-testid="cart-net" data-minor={totals.netMinor}>
        {money(totals.netMinor)}
      </dd>
      {totals.vatGroups.map((g) => (
        <div key={g.rateBp} className="contents">
          <dt>{t('checkout.cart.vat', { rate: g.rateBp / 100 })}</dt>
          <dd className="num" data-testid={`cart-vat-${g.rateBp}`}>
            {money(g.vatMinor)}
          </dd>
        </div>
      ))}
      <dt className="grand">{t('checkout.cart.total')}</dt>
      <dd className="grand num" data-testid="cart-total" data-minor={totals.totalMinor} data-vat-minor={totals.vatMinor}>
        {money(totals.totalMinor)}
      </dd>
    </dl>
  );
}
