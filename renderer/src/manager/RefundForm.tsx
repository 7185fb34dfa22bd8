import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMinor } from '../../../shared/money';
import type { PaylinkView } from '../../../shared/views';
import { useRefund } from '../api/hooks';
import { amountProblemText, parseTypedAmount, type AmountProblem } from '../checkout/amountInput';
import { formatNumber } from '../digitSystem';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { ConfirmMoneyAction } from './ManagerApproval';

const MIN_REASON = 3;

/**
 * Full or partial refund. Opens empty: the amount and a reason are typed, then a confirmation says what
 * will happen ("Refund SAR 605.50 to the Tabby customer?"). A cashier's refund is approved there by a
 * manager's PIN typed on the same till; the timeline records the reason and the manager.
 */
export function RefundForm({ paylink, isManager, providerName, customer }: { paylink: PaylinkView; isManager: boolean; providerName: string; customer: string | null }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const refund = useRefund();
  const refundableMinor = paylink.captured_minor - paylink.refunded_minor;
  const refundable = formatMinor(refundableMinor, paylink.currency);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<AmountProblem | null>(null);
  const [reasonMissing, setReasonMissing] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [done, setDone] = useState<{ amountMinor: number; pending: boolean; left: number } | null>(null);
  const canRefund = paylink.can.includes('refund') && refundableMinor > 0;
  const money = (minor: number) => formatAmount(formatMinor(minor, paylink.currency), paylink.currency, lang);

  const review = (e: { preventDefault(): void }) => {
    e.preventDefault();
    const parsed = parseTypedAmount(amount, paylink.currency, refundableMinor);
    setProblem(parsed.ok ? null : parsed.problem);
    const noReason = reason.trim().length < MIN_REASON;
    setReasonMissing(noReason);
    if (parsed.ok && !noReason) {
      refund.reset();
      setConfirming(parsed.minor);
    }
  };

  const send = (minor: number, managerPin: string | undefined) =>
    refund.mutate(
      { id: paylink.id, amount: formatMinor(minor, paylink.currency), reason: reason.trim(), ...(managerPin ? { manager_pin: managerPin } : {}) },
      {
        onSuccess: (updated) => {
          setDone({ amountMinor: minor, pending: Boolean(updated.pending_command), left: updated.captured_minor - updated.refunded_minor });
          setConfirming(null);
          setAmount('');
          setReason('');
        },
      },
    );

  const result = done && (
    <p className="ok-note refund-result" role="status" data-testid="refund-done" data-left={done.left}>
      {done.pending ? t('screens.refund.pending', { amount: money(done.amountMinor) }) : t('screens.refund.done', { amount: money(done.amountMinor) })}{' '}
      {done.left > 0 ? t('screens.refund.left', { amount: money(done.left) }) : t('screens.refund.nothingLeft')}
    </p>
  );
  if (!canRefund) return result || null;

  return (
    <form className="refund-form" onSubmit={review} data-testid="refund-form" aria-labelledby="refund-title" noValidate>
      <h3 id="refund-title">{t('manager.refund.title')}</h3>
      {result}
      <p className="muted small">{t('manager.refund.refundable', { amount: money(refundableMinor) })}</p>
      {confirming === null ? (
        <>
          <div className="row">
            <label>
              {t('manager.refund.amount', { currency: paylink.currency })}
              <input
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                placeholder={formatNumber(0, lang, { minimumFractionDigits: 2 })}
                aria-invalid={problem ? true : undefined}
                onChange={(e) => {
                  setAmount(e.target.value);
                  setProblem(null);
                }}
                data-testid="refund-amount"
              />
            </label>
            <button type="button" onClick={() => setAmount(refundable)} data-testid="refund-full">
              {t('manager.refund.full')}
            </button>
          </div>
          {problem && (
            <p role="alert" className="error" data-testid="refund-amount-error" data-problem={problem.key}>
              {amountProblemText(t, problem, paylink.currency, { amount: (major) => formatAmount(major, paylink.currency, lang), number: (n) => formatNumber(n, lang) })}
            </p>
          )}
          <label>
            {t('screens.refund.reason')}
            <input
              value={reason}
              maxLength={300}
              aria-invalid={reasonMissing ? true : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonMissing(false);
              }}
              data-testid="refund-reason"
            />
          </label>
          {reasonMissing && (
            <p role="alert" className="error" data-testid="refund-reason-error">
              {t('screens.refund.reasonNeeded')}
            </p>
          )}
          <button type="submit" className="primary" data-testid="refund-submit">
            {t('manager.refund.submit')}
          </button>
          {!isManager && (
            <p className="muted small" data-testid="refund-needs-manager">
              {t('screens.approval.needed')}
            </p>
          )}
        </>
      ) : (
        <ConfirmMoneyAction
          testId="refund-confirm"
          question={t(customer ? 'screens.refund.confirmTo' : 'screens.refund.confirm', { amount: money(confirming), provider: providerName, customer: customer ?? '' })}
          confirmLabel={t('screens.refund.confirmButton', { amount: money(confirming) })}
          needsManager={!isManager}
          pending={refund.isPending}
          error={refund.error}
          onConfirm={(pin) => send(confirming, pin)}
          onBack={() => setConfirming(null)}
        />
      )}
    </form>
  );
}
