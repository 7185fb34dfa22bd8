import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../../shared/money';
import { formatNumber } from '../digitSystem';
import { formatAmount } from '../format';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { amountProblemText, parseTypedAmount, type AmountProblem } from './amountInput';

/** An item without a barcode: the cashier types its price (in the store's pricing mode) and presses Enter. */
export function QuickAmount({ currency }: { currency: Currency }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const addQuickAmount = useCheckout((s) => s.addQuickAmount);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<AmountProblem | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Same rules as the engine: a negative, a zero, letters or too many decimals are refused, never changed.
    const parsed = parseTypedAmount(text, currency);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    addQuickAmount(parsed.minor);
    setText('');
    setProblem(null);
    document.getElementById('scan')?.focus();
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
          placeholder={formatNumber(0, lang, { minimumFractionDigits: 2 })}
          value={text}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null); // a stale complaint goes with the next keystroke
          }}
          aria-describedby="quick-hint quick-amount-error"
        />
        <span className="currency">{currency}</span>
        <button type="submit" disabled={!text}>
          {t('checkout.quick.add')}
        </button>
      </div>
      <p id="quick-hint" className="muted small">
        {t('checkout.quick.hint')}
      </p>
      {problem && (
        <p id="quick-amount-error" role="alert" className="error" data-testid="quick-amount-error" data-problem={problem.key}>
          {amountProblemText(t, problem, currency, { amount: (major) => formatAmount(major, currency, lang), number: (n) => formatNumber(n, lang) })}
        </p>
      )}
    </form>
  );
}
