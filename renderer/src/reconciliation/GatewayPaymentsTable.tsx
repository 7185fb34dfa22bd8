import { useTranslation } from 'react-i18next';
import type { GatewayPaymentView } from '../../../shared/views';
import { formatAmount, formatTime } from '../format';
import { useUi } from '../state/ui';

/** What a payment matched in PayDesk, or that it matched nothing (and whether it named anything at all). */
function MatchCell({ payment }: { payment: GatewayPaymentView }) {
  const { t } = useTranslation();
  if (!payment.matched) return <span className="badge recon-unmatched">{t('reconciliation.unmatched')}</span>;
  return (
    <span className="recon-match">
      {payment.matched_order_id && (
        <span>
          {t('reconciliation.orderLabel')} <bdi className="mono">{payment.matched_order_id}</bdi>
        </span>
      )}
      {payment.matched_paylink_id && (
        <span className="muted small">
          {t('reconciliation.paylinkLabel')} <bdi className="mono">{payment.matched_paylink_id}</bdi>
        </span>
      )}
    </span>
  );
}

export function GatewayPaymentsTable({ payments }: { payments: GatewayPaymentView[] }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  return (
    <div className="recon-scroll">
      <table className="recon-table">
        <thead>
          <tr>
            <th>{t('reconciliation.col.time')}</th>
            <th>{t('reconciliation.col.id')}</th>
            <th>{t('reconciliation.col.reference')}</th>
            <th className="num">{t('reconciliation.col.amount')}</th>
            <th>{t('reconciliation.col.status')}</th>
            <th>{t('reconciliation.col.match')}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.gateway_id} data-testid={`gw-payment-${p.gateway_id}`} data-matched={p.matched}>
              <td>{formatTime(p.created_at, lang)}</td>
              <td>
                <bdi className="mono small">{p.gateway_id}</bdi>
              </td>
              <td>{p.reference ? <bdi className="mono">{p.reference}</bdi> : <span className="muted small">{t('reconciliation.noReference')}</span>}</td>
              <td className="num">
                {formatAmount(p.amount, p.currency, lang)}
                {p.refunded_minor > 0 && <span className="muted small recon-refunded">{t('reconciliation.refunded', { amount: formatAmount(p.refunded, p.currency, lang) })}</span>}
              </td>
              <td title={t('reconciliation.gatewayStatus', { status: p.gateway_status })}>
                <span className={`badge status-${p.status}`}>{t(`status.${p.status}`)}</span>
                {p.flags.map((flag) => (
                  <span key={flag} className="muted small recon-flag">
                    {t(`reconciliation.flags.${flag}`, { defaultValue: flag })}
                  </span>
                ))}
              </td>
              <td>
                <MatchCell payment={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
