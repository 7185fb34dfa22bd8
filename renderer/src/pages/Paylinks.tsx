import { useTranslation } from 'react-i18next';
import { usePaylinks } from '../api/hooks';
import { formatAmount, formatTime } from '../format';
import { useUi } from '../state/ui';

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function Paylinks() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const list = usePaylinks({ from: startOfToday(), limit: 100 });

  return (
    <main className="page">
      <section className="card">
        <h2>{t('paylinks.title')}</h2>
        {list.data && list.data.paylinks.length === 0 && <p className="muted">{t('paylinks.empty')}</p>}
        {list.data && list.data.paylinks.length > 0 && (
          <table data-testid="paylinks-table">
            <thead>
              <tr>
                <th>{t('paylinks.time')}</th>
                <th>{t('paylinks.order')}</th>
                <th>{t('paylinks.provider')}</th>
                <th>{t('paylinks.amount')}</th>
                <th>{t('paylinks.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.paylinks.map((p) => (
                <tr key={p.id}>
                  <td>{formatTime(p.created_at, lang)}</td>
                  <td>{p.order_id}</td>
                  <td>{p.provider}</td>
                  <td className="num">{formatAmount(p.amount, p.currency, lang)}</td>
                  <td>
                    <span className={`badge status-${p.status}`}>{t(`status.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
