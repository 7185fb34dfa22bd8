import { useTranslation } from 'react-i18next';
import type { CartTotals, PricingMode } from '../../../shared/cart';
import type { Currency } from '../../../shared/money';
import { useCheckout } from '../state/checkout';
import { CartLines } from './CartLines';
import { QuickAmount } from './QuickAmount';
import { ScanField } from './ScanField';
import { useShortcuts } from './useShortcuts';

export function CartStep({ totals, currency, mode }: { totals: CartTotals; currency: Currency; mode: PricingMode }) {
  const { t } = useTranslation();
  const { lines, goToProviders } = useCheckout();
  const canPay = lines.length > 0 && totals.totalMinor > 0;
  useShortcuts([{ key: 'F4', run: goToProviders, when: canPay }]);

  return (
    <div className="checkout-cart">
      <div className="cart-inputs">
        <ScanField currency={currency} />
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
