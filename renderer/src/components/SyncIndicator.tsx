import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useProviders, useSyncStatus } from '../api/hooks';
import { NOT_ANSWERING_FOR_MS, useProviderHealth } from '../state/providerHealth';
import { StoreDbIndicator } from './StoreDbIndicator';

type HeaderState = 'ok' | 'no_network' | 'backoffice_down';

/** Whether the operating system says this machine has a network at all. */
function useNetwork(): boolean {
  const [up, setUp] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setUp(true);
    const off = () => setUp(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return up;
}

/**
 * Always visible (DESIGN §5), and says which of three different things is wrong: no network at all,
 * the back office not answering (sales wait in the queue), or a provider not answering. Polled every 5 s
 * and pushed by sync.changed.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const sync = useSyncStatus();
  const providers = useProviders();
  const network = useNetwork();
  const failedAt = useProviderHealth((s) => s.failedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const s = sync.data;
  const pending = s?.pending ?? 0;
  const state: HeaderState = !network ? 'no_network' : sync.isError || s?.online === false ? 'backoffice_down' : 'ok';
  const nameOf = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? id;
  const down = [...new Set([...(s?.providers_unreachable ?? []), ...Object.entries(failedAt).filter(([, at]) => now - at < NOT_ANSWERING_FOR_MS).map(([id]) => id)])];
  // The count stays a plain number in its own element: tests and screen readers read it as is.
  const count = <span data-testid="sync-pending" data-count={pending} />;

  return (
    <>
    <span className={`sync state-${state}${down.length ? ' provider-down' : ''}`} data-testid="sync-indicator" data-online={state === 'ok'} data-state={state} role="status">
      <span className="dot" aria-hidden="true" />
      <span className="sync-text">
        {state === 'ok' ? (
          <>
            {t('sync.online')} · <Trans i18nKey="sync.pending" values={{ count: pending }} components={{ n: count }} />
          </>
        ) : (
          <Trans i18nKey={`screens.header.${state}`} values={{ count: pending }} components={{ n: count }} />
        )}
        {s && s.dead > 0 ? ` · ${t('sync.failed', { count: s.dead })}` : ''}
      </span>
      {down.map((id) => (
        <span key={id} className="provider-down-note" data-testid={`provider-down-${id}`}>
          {t('screens.header.providerDown', { provider: nameOf(id) })}
        </span>
      ))}
    </span>
    {s?.storage && s.storage !== 'ok' && (
      <span className="sync state-storage" role="alert" data-testid="storage-status" data-state={s.storage}>
        <span className="dot" aria-hidden="true" />
        {t(s.storage === 'full' ? 'sync.storage_full' : 'sync.storage_unavailable')}
      </span>
    )}
    <StoreDbIndicator />
    </>
  );
}
