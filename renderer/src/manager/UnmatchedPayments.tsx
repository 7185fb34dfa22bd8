import { useTranslation } from 'react-i18next';
import { useUnmatchedPayments } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { useUi } from '../state/ui';
import { formatDateTime } from './formatting';

/**
 * Provider notifications PayDesk could not place on a paylink when they came (issue 16). They are never dropped:
 * a paylink that later adopts the session claims its notification; what stays open is for a manager to look into.
 */
export function UnmatchedPayments() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const list = useUnmatchedPayments();
  const rows = list.data?.payments ?? [];
  return (
    <section className="card" aria-labelledby="unmatched-title" data-testid="unmatched-payments">
      <h2 id="unmatched-title">{t('unmatched.title')}</h2>
      <p className="muted small">{t('unmatched.hint')}</p>
      <ErrorNote error={list.error} />
      {list.data && rows.length === 0 && <p className="muted">{t('unmatched.none')}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('unmatched.columns.received')}</th>
              <th>{t('unmatched.columns.provider')}</th>
              <th>{t('unmatched.columns.reference')}</th>
              <th>{t('unmatched.columns.session')}</th>
              <th>{t('unmatched.columns.status')}</th>
              <th>{t('unmatched.columns.paylink')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} data-testid={`unmatched-${u.id}`} data-open={u.matched_paylink_id === null}>
                <td>{formatDateTime(u.received_at, lang)}</td>
                <td>{u.provider}</td>
                <td>
                  <bdi>
                    <code>{u.reference ?? '—'}</code>
                  </bdi>
                </td>
                <td>
                  <bdi>
                    <code>{u.session_id ?? u.payment_id ?? '—'}</code>
                  </bdi>
                </td>
                <td>{u.provider_status ?? '—'}</td>
                <td>{u.matched_paylink_id ? <bdi><code>{u.matched_paylink_id}</code></bdi> : t('unmatched.open')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
