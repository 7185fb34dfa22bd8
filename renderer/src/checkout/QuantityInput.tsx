import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_LINE_QUANTITY } from '../../../shared/cart';
import { parseQuantity } from '../../../shared/digits';
import { formatNumber } from '../digitSystem';
import { useUi } from '../state/ui';

/**
 * A cart line's quantity as the cashier types it. A value that is not 1 to 9,999 whole units is refused
 * with the reason at the field and the line keeps its quantity; nothing typed is silently changed.
 */
export function QuantityInput({ quantity, name, onChange }: { quantity: number; name: string; onChange(quantity: number): void }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => setDraft(null), [quantity]);
  const parsed = draft === null ? null : parseQuantity(draft);
  const problem = parsed && !parsed.ok ? parsed : null;
  const shown = draft ?? formatNumber(quantity, lang, { useGrouping: false });

  const commit = () => {
    if (parsed?.ok) {
      if (parsed.value === quantity) setDraft(null);
      else onChange(parsed.value);
    }
  };

  return (
    <span className="qty-field">
      <input
        inputMode="numeric"
        autoComplete="off"
        aria-label={t('checkout.cart.quantityOf', { name })}
        aria-invalid={problem ? true : undefined}
        data-testid="line-quantity"
        value={shown}
        size={5}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') setDraft(null);
        }}
      />
      {problem && (
        <span role="alert" className="field-error" data-testid="line-quantity-error" data-problem={problem.problem}>
          {t(`screens.input.${problem.problem}`, { min: formatNumber(1, lang), max: formatNumber(MAX_LINE_QUANTITY, lang) })}{' '}
          <span className="muted">({t('screens.input.quantityLimits', { min: formatNumber(1, lang), max: formatNumber(MAX_LINE_QUANTITY, lang) })})</span>
        </span>
      )}
    </span>
  );
}
