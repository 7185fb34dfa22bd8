import { useTranslation } from 'react-i18next';
import { numberLocale } from '../digitSystem';
import type { GatewayTotalsView } from '../../../shared/views';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';

/** One gateway's totals for the day, a line per currency. Counts and minor units ride along as data attributes for tests. */
export function GatewayTotals({ gateway, totals }: { gateway: string; totals: GatewayTotalsView[] }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  if (totals.length === 0) return null;
  return (
    <table className="recon-totals" data-testid={`totals-${gateway}`}>
      <thead>
        <tr>
          <th className="num">{t('reconciliation.totals.count')}</th>
          <th className="num">{t('reconciliation.totals.amount')}</th>
          <th className="num">{t('reconciliation.totals.paid')}</th>
          <th className="num">{t('reconciliation.totals.refunded')}</th>
          <th className="num">{t('reconciliation.totals.matched')}</th>
          <th className="num">{t('reconciliation.totals.unmatched')}</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((row) => (
          <tr key={row.currency} data-testid={`totals-${gateway}-${row.currency}`}>
            <td className="num" data-testid="total-count" data-count={row.count}>
              {row.count.toLocaleString(numberLocale(lang))}
            </td>
            <td className="num" data-testid="total-amount" data-minor={row.amount_minor}>
              {formatAmount(row.amount, row.currency, lang)}
            </td>
            <td className="num" data-testid="total-paid" data-minor={row.paid_minor}>
              {formatAmount(row.paid, row.currency, lang)}
            </td>
            <td className="num" data-testid="total-refunded" data-minor={row.refunded_minor}>
              {formatAmount(row.refunded, row.currency, lang)}
            </td>
            <td className="num" data-testid="total-matched" data-count={row.matched}>
              {row.matched.toLocaleString(numberLocale(lang))}
            </td>
            <td className="num" data-testid="total-unmatched" data-count={row.unmatched}>
              {row.unmatched.toLocaleString(numberLocale(lang))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
