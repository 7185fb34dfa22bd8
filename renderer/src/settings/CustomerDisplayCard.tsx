import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getApi, unwrap } from '../api/client';
import { ErrorNote } from '../checkout/ErrorNote';

/** Desktop app: whether the customer window opens, and on which screen. Browser mode: where to open it instead. */
export function CustomerDisplayCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['display.settings'], queryFn: () => unwrap(getApi()['display.settings']({})) });
  const update = useMutation({
    mutationFn: (change: { enabled?: boolean; display_id?: number | null }) => unwrap(getApi()['display.updateSettings'](change)),
    onSuccess: (view) => qc.setQueryData(['display.settings'], view),
  });
  const s = settings.data;
  if (!s) return null;
  return (
    <section className="card" data-testid="customer-display-settings">
      <h2>{t('display.button')}</h2>
      {s.screens.length === 0 ? (
        <p className="muted" data-testid="customer-display-browser">{t('setup.display.browserHint', { url: `${window.location.origin}/customer` })}</p>
      ) : (
        <div className="setup-form">
          <label>
            <input type="checkbox" checked={s.enabled} onChange={(e) => update.mutate({ enabled: e.target.checked })} /> {t('setup.display.enabled')}
          </label>
          <label>
            {t('setup.display.screen')}
            <select value={s.display_id ?? ''} onChange={(e) => update.mutate({ display_id: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">{t('setup.display.auto')}</option>
              {s.screens.map((screen) => (
                <option key={screen.id} value={screen.id}>
                  {screen.label} ({screen.width}×{screen.height}){screen.primary ? ` — ${t('setup.display.primary')}` : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <ErrorNote error={update.error} />
    </section>
  );
}
