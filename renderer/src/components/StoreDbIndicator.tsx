import { useTranslation } from 'react-i18next';
import { useStoreDbStatus } from '../api/hooks';

/** The store database's state beside the back office's; nothing on a till that runs alone. */
export function StoreDbIndicator() {
  const { t } = useTranslation();
  const s = useStoreDbStatus().data;
  if (!s?.configured) return null;
  return (
    <span className={`sync ${s.online ? 'online' : 'offline'}`} data-testid="storedb-indicator" data-online={s.online} title={s.last_error ?? s.till_name ?? ''}>
      <span className="dot" aria-hidden="true" />
      {t('storedb.label')}: {s.online ? t('sync.online') : t('sync.offline')}
      {s.pending > 0 ? ` · ${t('storedb.pending', { count: s.pending })}` : ''}
    </span>
  );
}
