import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAmountToMinor, type Currency } from '../../../shared/money';
import { useCheckout } from '../state/checkout';
import { ErrorNote } from './ErrorNote';

/** An item without a barcode: the cashier types its price (in the store's pricing mode) and presses Enter. */
export function QuickAmount({ currency }: { currency: Currency }) {
  const { t } = useTranslation();
  const addQuickAmount = useCheckout((s) => s.addQuickAmount);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      // Same parser as the engine: too many decimals or a zero amount is refused, never rounded.
      addQuickAmount(parseAmountToMinor(text.replace(',', '.'), currency));
      setText('');
      setError(null);
      document.getElementById('scan')?.focus();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="card quick-amount" onSubmit={submit}>
      <label htmlFor="quick-amount">{t('checkout.quick.label')}</label>
      <div className="row">
        <input
          id="quick-amount"
          data-testid="quick-amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={t('checkout.quick.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))}
          aria-describedby="quick-hint"
        />
        <span className="currency">{currency}</span>
        <button type="submit" disabled={!text}>
          {t('checkout.quick.add')}
        </button>
      </div>
      <p id="quick-hint" className="muted small">
        {t('checkout.quick.hint')}
      </p>
      <ErrorNote error={error} testId="quick-amount-error" />
    </form>
  );
}
