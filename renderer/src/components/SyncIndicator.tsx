import { useSyncStatus } from '../api/hooks';

/** Online/offline and the queue, always visible (DESIGN §5). */
export function SyncIndicator() {
  const sync = useSyncStatus();
  const s = sync.data;
  const online = !sync.isError && s?.online !== false;
  return (
    <span className={`sync ${online ? 'online' : 'offline'}`} data-testid="sync-indicator" title={s?.last_error ?? ''}>
      <span className="dot" aria-hidden="true" />
      {online ? 'online' : 'offline'} · <span data-testid="sync-pending">{s?.pending ?? 0}</span> pending
      {s && s.dead > 0 ? ` · ${s.dead} failed` : ''}
    </span>
  );
}
