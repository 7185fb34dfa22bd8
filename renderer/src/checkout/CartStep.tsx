import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { computeCartTotals, type CartTotals, type PricingMode } from '../../../shared/cart';
import type { Currency } from '../../../shared/money';
import { useCheckout } from '../state/checkout';
import { CartLines } from './CartLines';
import { QuickAmount } from './QuickAmount';
import { ScanField } from './ScanField';
import type { ScanQueue } from './scanQueue';
import { useShortcuts } from './useShortcuts';

export function CartStep({ totals, currency, mode }: { totals: CartTotals; currency: Currency; mode: PricingMode }) {
  const { t } = useTranslation();
  const { lines, goToProviders } = useCheckout();
  const canPay = lines.length > 0 && totals.totalMinor > 0;
  const scans = useRef<ScanQueue | null>(null);
  // F4 right after a scan pays for that scan: it waits for the look-ups still on their way, then asks
  // the cart as it is by then.
  const pay = () => {
    const go = () => {
      const { step, lines: now } = useCheckout.getState();
      if (step === 'cart' && now.length > 0 && computeCartTotals(now, mode).totalMinor > 0) goToProviders();
    };
    if (scans.current) scans.current.afterScans(go);
    else go();
  };
  useShortcuts([{ key: 'F4', run: pay }]);

  return (
    <div className="checkout-cart">
      <div className="cart-inputs">
        <ScanField currency={currency} queueRef={scans} />
        <QuickAmount currency={currency} />
      </div>
      <div className="cart-side">
        <CartLines lines={lines} totals={totals} currency={currency} mode={mode} />
        <button type="button" className="primary big" data-testid="go-pay" disabled={!canPay} onClick={goToProviders}>
          {t('checkout.cart.pay')} <kbd>F4</kbd>
        </button>
      </div>
    </div>
  );
}
