import { useTranslation } from 'react-i18next';
import type { PaylinkTotalsView } from '../../../shared/views';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { formatCount } from './formatting';
import { totalsBy } from './totals';

/** Totals per provider and per status for the filtered range; refetched live with the list. */
export function TotalsPanel({ totals, providerName }: { totals: PaylinkTotalsView | undefined; providerName(id: string): string }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  if (!totals) return null;
  const byProvider = totalsBy(totals, 'provider');
  const byStatus = totalsBy(totals, 'status');

  return (
    <section className="card totals-panel" aria-labelledby="totals-title" data-testid="totals">
      <h2 id="totals-title">
        {t('manager.totals.title')} <span className="muted small">{t('manager.totals.count', { n: formatCount(totals.count, lang) })}</span>
      </h2>
      <div className="totals-grid">
        <table data-testid="totals-by-provider">
          <thead>
            <tr>
              <th>{t('paylinks.provider')}</th>
              <th className="num">{t('manager.totals.links')}</th>
              <th className="num">{t('manager.totals.captured')}</th>
              <th className="num">{t('manager.totals.refunded')}</th>
              <th className="num">{t('manager.totals.net')}</th>
            </tr>
          </thead>
          <tbody>
            {byProvider.map((g) => (
              <tr key={`${g.key}:${g.currency}`} data-testid={`totals-provider-${g.key}`} data-captured={g.captured} data-refunded={g.refunded} data-net={g.net}>
                <th scope="row">{providerName(g.key)}</th>
                <td className="num">{formatCount(g.count, lang)}</td>
                <td className="num">{formatAmount(g.captured, g.currency, lang)}</td>
                <td className="num">{formatAmount(g.refunded, g.currency, lang)}</td>
                <td className="num">{formatAmount(g.net, g.currency, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table data-testid="totals-by-status">
          <thead>
            <tr>
              <th>{t('paylinks.status')}</th>
              <th className="num">{t('manager.totals.links')}</th>
              <th className="num">{t('paylinks.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {byStatus.map((g) => (
              <tr key={`${g.key}:${g.currency}`} data-testid={`totals-status-${g.key}`}>
                <th scope="row">
                  <span className={`badge status-${g.key}`}>{t(`status.${g.key}`, { defaultValue: g.key })}</span>
                </th>
                <td className="num">{formatCount(g.count, lang)}</td>
                <td className="num">{formatAmount(g.amount, g.currency, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
