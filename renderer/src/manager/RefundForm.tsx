import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../../shared/errors';
import { formatMinor, parseAmountToMinor } from '../../../shared/money';
import type { PaylinkView } from '../../../shared/views';
import { useRefund } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';

/**
 * Full or partial refund, manager only. A cashier sees the button disabled with the reason; should a
 * refund be sent anyway (a stale screen, a role change), the engine's `forbidden` answer is shown.
 */
export function RefundForm({ paylink, isManager }: { paylink: PaylinkView; isManager: boolean }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const refund = useRefund();
  const refundableMinor = paylink.captured_minor - paylink.refunded_minor;
  const refundable = formatMinor(refundableMinor, paylink.currency);
  const [amount, setAmount] = useState(refundable);
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<{ code: string } | null>(null);
  const canRefund = paylink.can.includes('refund') && refundableMinor > 0;

  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    setLocalError(null);
    let minor: number;
    try {
      minor = parseAmountToMinor(amount.trim(), paylink.currency);
    } catch (err) {
      setLocalError({ code: err instanceof AppError ? err.code : 'invalid_amount' });
      return;
    }
    if (minor <= 0) return setLocalError({ code: 'invalid_amount' });
    if (minor > refundableMinor) return setLocalError({ code: 'amount_exceeds_remaining' });
    refund.mutate(
      { id: paylink.id, amount: formatMinor(minor, paylink.currency), ...(reason.trim() ? { reason: reason.trim() } : {}) },
      { onSuccess: (updated) => setAmount(formatMinor(updated.captured_minor - updated.refunded_minor, updated.currency)) },
    );
  };

  if (!canRefund) return null;
  return (
    <form className="refund-form" onSubmit={submit} data-testid="refund-form" aria-labelledby="refund-title">
      <h3 id="refund-title">{t('manager.refund.title')}</h3>
      <p className="muted small">{t('manager.refund.refundable', { amount: formatAmount(refundable, paylink.currency, lang) })}</p>
      <div className="row">
        <label>
          {t('manager.refund.amount', { currency: paylink.currency })}
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="refund-amount" disabled={!isManager} />
        </label>
        <button type="button" onClick={() => setAmount(refundable)} disabled={!isManager} data-testid="refund-full">
          {t('manager.refund.full')}
        </button>
      </div>
      <label>
        {t('manager.refund.reason')}
        <input value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} data-testid="refund-reason" disabled={!isManager} />
      </label>
      <button type="submit" className="primary" disabled={!isManager || refund.isPending} aria-describedby={isManager ? undefined : 'refund-needs-manager'} data-testid="refund-submit">
        {refund.isPending ? t('manager.refund.sending') : t('manager.refund.submit')}
      </button>
      {!isManager && (
        <p id="refund-needs-manager" className="muted" data-testid="refund-needs-manager">
          {t('manager.refund.needsManager')}
        </p>
      )}
      <ErrorNote error={localError ?? refund.error} testId="refund-error" />
      {refund.isSuccess && (
        <p className="ok-note" role="status" data-testid="refund-done">
          {refund.data.pending_command ? t('manager.refund.pending') : t('manager.refund.done')}
        </p>
      )}
    </form>
  );
}
