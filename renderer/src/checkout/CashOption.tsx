import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toPaylinkItems, type CartTotals, type PricingMode } from '../../../shared/cart';
import { formatMinor, type Currency } from '../../../shared/money';
import { useRecordCash } from '../api/hooks';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { ErrorNote } from './ErrorNote';
import { formatMoney } from './money';

/**
 * When no provider can make a link (all down, or every one refuses the customer), the cashier takes the
 * sale in cash. It is recorded like any payment and goes straight to the receipt: a sale is never stuck
 * because the network is.
 */
export function CashOption({ totals, currency, mode }: { totals: CartTotals; currency: Currency; mode: PricingMode }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { lines, orderId, showPaylink } = useCheckout();
  const record = useRecordCash();
  const [confirming, setConfirming] = useState(false);
  const amount = formatMoney(totals.totalMinor, currency, lang);

  return (
    <section className="card cash-option" data-testid="cash-option" aria-labelledby="cash-title">
      <h2 id="cash-title">{t('screens.cash.title')}</h2>
      <p className="muted small">{t('screens.cash.hint')}</p>
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} data-testid="take-cash" disabled={totals.totalMinor <= 0}>
          {t('screens.cash.take', { amount })}
        </button>
      ) : (
        <div className="actions" role="group" aria-label={t('screens.cash.title')}>
          <span className="confirm-question" data-testid="cash-question">
            {t('screens.cash.confirm', { amount })}
          </span>
          <button type="button" onClick={() => setConfirming(false)} data-testid="cash-back">
            {t('screens.approval.back')}
          </button>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={record.isPending}
            data-testid="cash-confirm"
            onClick={() =>
              record.mutate(
                { order_id: orderId, amount: formatMinor(totals.totalMinor, currency), currency, reason: 'providers_unavailable', items: toPaylinkItems(lines, totals, mode, currency, 'VAT') },
                { onSuccess: (paylink) => showPaylink(paylink.id) },
              )
            }
          >
            {t('screens.cash.received', { amount })}
          </button>
        </div>
      )}
      <ErrorNote error={record.error} testId="cash-error" />
    </section>
  );
}
