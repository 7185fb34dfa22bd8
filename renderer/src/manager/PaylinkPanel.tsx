import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancel, usePaylink } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { ConfirmMoneyAction } from './ManagerApproval';
import { RefundForm } from './RefundForm';
import { Timeline } from './Timeline';

interface Props {
  paylinkId: string;
  isManager: boolean;
  /** The signed-in staff member: a cashier cancels their own links without a manager. */
  myId?: string | undefined;
  onClose(): void;
  providerName(id: string): string;
  actorName(actor: string): string;
}

/** One paylink beside the list: its facts, its timeline, and refund / cancel. Escape closes it. */
export function PaylinkPanel({ paylinkId, isManager, myId, onClose, providerName, actorName }: Props) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const paylink = usePaylink(paylinkId);
  const cancel = useCancel();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), [paylinkId]);
  useEffect(() => setConfirmCancel(false), [paylinkId]);

  const p = paylink.data;
  return (
    <aside
      className="card paylink-panel"
      aria-labelledby="panel-title"
      data-testid="paylink-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="panel-head">
        <h2 id="panel-title" tabIndex={-1} ref={headingRef}>
          {t('manager.panel.title')} {p && <code dir="ltr">{p.order_id}</code>}
        </h2>
        <button type="button" onClick={onClose} data-testid="panel-close">
          {t('manager.panel.close')} <kbd>Esc</kbd>
        </button>
      </div>
      <ErrorNote error={paylink.error} testId="panel-error" />
      {p && (
        <>
          <dl className="facts" data-testid="panel-facts">
            <dt>{t('paylinks.provider')}</dt>
            <dd>{providerName(p.provider)}</dd>
            <dt>{t('paylinks.status')}</dt>
            <dd>
              <span className={`badge status-${p.status}`} data-testid="panel-status" data-status={p.status}>
                {t(`status.${p.status}`)}
              </span>
              {p.pending_command && <span className="badge status-unknown">{t(`manager.pending.${p.pending_command}`)}</span>}
            </dd>
            <dt>{t('paylinks.amount')}</dt>
            <dd className="num">{formatAmount(p.amount, p.currency, lang)}</dd>
            <dt>{t('manager.totals.captured')}</dt>
            <dd className="num" data-testid="panel-captured" data-amount={p.captured_amount}>
              {formatAmount(p.captured_amount, p.currency, lang)}
            </dd>
            <dt>{t('manager.totals.refunded')}</dt>
            <dd className="num" data-testid="panel-refunded" data-amount={p.refunded_amount}>
              {formatAmount(p.refunded_amount, p.currency, lang)}
            </dd>
            {p.sms_sent_to && (
              <>
                <dt>{t('manager.panel.smsTo')}</dt>
                <dd>
                  <bdi dir="ltr">{p.sms_sent_to}</bdi>
                </dd>
              </>
            )}
          </dl>
          <h3>{t('manager.timeline.title')}</h3>
          <Timeline paylinkId={p.id} currency={p.currency} actorName={actorName} />
          <RefundForm key={p.id} paylink={p} isManager={isManager} providerName={providerName(p.provider)} customer={p.buyer_name ?? p.sms_sent_to ?? p.buyer_phone} />
          {p.can.includes('cancel') &&
            (!confirmCancel ? (
              <div className="actions">
                <button type="button" onClick={() => setConfirmCancel(true)} data-testid="cancel-link">
                  {t('manager.panel.cancel')}
                </button>
              </div>
            ) : (
              <ConfirmMoneyAction
                testId="cancel-confirm"
                question={t('screens.cancel.confirm', { amount: formatAmount(p.amount, p.currency, lang), provider: providerName(p.provider) })}
                confirmLabel={t('manager.panel.cancelConfirm')}
                needsManager={!isManager && p.cashier_id !== myId}
                pending={cancel.isPending}
                error={cancel.error}
                onConfirm={(pin) => cancel.mutate({ id: p.id, ...(pin ? { manager_pin: pin } : {}) }, { onSuccess: () => setConfirmCancel(false) })}
                onBack={() => setConfirmCancel(false)}
              />
            ))}
        </>
      )}
    </aside>
  );
}
