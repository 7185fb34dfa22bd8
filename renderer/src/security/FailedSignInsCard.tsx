import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getApi, unwrap } from '../api/client';

/** Managers see wrong PINs: when, through which door and from which source (never the PIN typed). */
export function FailedSignInsCard() {
  const { t, i18n } = useTranslation();
  const failures = useQuery({ queryKey: ['auth.failedSignIns'], queryFn: () => unwrap(getApi()['auth.failedSignIns']({ limit: 50 })), refetchInterval: 30_000 });
  const rows = failures.data ?? [];
  return (
    <section className="card" data-testid="failed-signins">
      <h2>{t('security.failedSignIns')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('security.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('security.at')}</th>
              <th>{t('security.channel')}</th>
              <th>{t('security.source')}</th>
              <th>{t('security.wait')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.at}-${i}`} data-testid="failed-signin">
                <td>{new Date(r.at).toLocaleString(i18n.language === 'ar' ? 'ar-SA' : 'en-GB')}</td>
                <td>{t(`security.channels.${r.channel}`, { defaultValue: r.channel })}</td>
                <td>
                  <bdi>{r.source}</bdi>
                </td>
                <td>{r.wait_s > 0 ? t('security.waitSeconds', { count: r.wait_s }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
