import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { computeCartTotals } from '../../../shared/cart';
import { useAppInfo, usePaylink } from '../api/hooks';
import { CartStep } from '../checkout/CartStep';
import { CashOption } from '../checkout/CashOption';
import { PaymentStep } from '../checkout/PaymentStep';
import { ProviderStep } from '../checkout/ProviderStep';
import { useCheckout, type CheckoutStep } from '../state/checkout';

const STEPS: (CheckoutStep | 'receipt')[] = ['cart', 'provider', 'payment', 'receipt'];
const PAID = ['captured', 'partially_refunded', 'refunded'];

/**
 * The cashier's screen: sale → payment method → the customer pays → receipt → next sale.
 * The step lives in zustand; everything the engine knows (catalog, providers, the paylink) in react-query.
 */
export function Checkout() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const { step, lines, paylinkId } = useCheckout();
  const store = info.data?.store;
  const mode = store?.pricing_mode ?? 'TAX_INCLUSIVE';
  const totals = useMemo(() => computeCartTotals(lines, mode), [lines, mode]);
  // Read from the react-query cache the payment step keeps live; only the id lives in zustand.
  const paylink = usePaylink(step === 'payment' ? (paylinkId ?? undefined) : undefined);
  const shownStep = step === 'payment' && paylink.data && PAID.includes(paylink.data.status) ? 'receipt' : step;
  if (!store) return null;

  return (
    <main className="page checkout" data-testid="checkout" data-step={step}>
      <ol className="steps" aria-label={t('checkout.title')}>
        {STEPS.map((s) => (
          <li key={s} aria-current={s === shownStep ? 'step' : undefined}>
            {t(`checkout.steps.${s}`)}
          </li>
        ))}
      </ol>
      {step === 'cart' && <CartStep totals={totals} currency={store.currency} mode={mode} />}
      {step === 'provider' && (
        <>
          <ProviderStep totals={totals} currency={store.currency} mode={mode} />
          <CashOption totals={totals} currency={store.currency} mode={mode} />
        </>
      )}
      {step === 'payment' && paylinkId && <PaymentStep paylinkId={paylinkId} lines={lines} totals={totals} />}
    </main>
  );
}
