import { Trans, useTranslation } from 'react-i18next';
import { useSyncStatus } from '../api/hooks';
import { StoreDbIndicator } from './StoreDbIndicator';

/** Online/offline and the queue, always visible (DESIGN §5); polled every 5 s and pushed by sync.changed. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const sync = useSyncStatus();
  const s = sync.data;
  const online = !sync.isError && s?.online !== false;
  const pending = s?.pending ?? 0;
  return (
    <>
    <span className={`sync ${online ? 'online' : 'offline'}`} data-testid="sync-indicator" data-online={online} title={s?.last_error ?? ''}>
      <span className="dot" aria-hidden="true" />
      {online ? t('sync.online') : t('sync.offline')} ·{' '}
      {/* The count stays a plain number in its own element: tests and screen readers read it as is. */}
      <Trans i18nKey="sync.pending" values={{ count: pending }} components={{ n: <span data-testid="sync-pending" data-count={pending} /> }} />
      {s && s.dead > 0 ? ` · ${t('sync.failed', { count: s.dead })}` : ''}
    </span>
    <StoreDbIndicator />
    </>
  );
}
