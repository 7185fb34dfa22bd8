import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView } from '../../../shared/views';
import { useSyncQueue, useSyncStatus } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { useUi } from '../state/ui';
import { DeadLetterRow } from './DeadLetterRow';
import { UnmatchedPayments } from './UnmatchedPayments';
import { formatAge, formatCount, formatDateTime } from './formatting';
import './manager.css';

type Tab = Extract<OutboxItemView['status'], 'dead' | 'pending'>;

/** The back-office sync queue (issue 5): where it stands, and the dead letters a manager retries or discards. */
export function SyncQueue() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const status = useSyncStatus();
  const [tab, setTab] = useState<Tab>('dead');
  const items = useSyncQueue(tab);
  const s = status.data;

  return (
    <main className="page sync-queue" data-testid="sync-queue">
      <section className="card" aria-labelledby="sync-title">
        <h1 id="sync-title">{t('syncQueue.title')}</h1>
        {s && (
          <dl className="facts" data-testid="sync-summary">
            <dt>{t('syncQueue.connection')}</dt>
            <dd data-testid="sync-online" data-online={s.online}>
              {s.online ? t('sync.online') : t('sync.offline')}
            </dd>
            <dt>{t('syncQueue.pending')}</dt>
            <dd data-testid="sync-summary-pending">{formatCount(s.pending, lang)}</dd>
            <dt>{t('syncQueue.oldest')}</dt>
            <dd>{s.oldest_pending_age_ms === null ? '—' : formatAge(s.oldest_pending_age_ms, lang)}</dd>
            <dt>{t('syncQueue.dead')}</dt>
            <dd data-testid="sync-summary-dead">{formatCount(s.dead, lang)}</dd>
            <dt>{t('syncQueue.lastError')}</dt>
            <dd className="last-error">{s.last_error ?? '—'}</dd>
          </dl>
        )}
        <ErrorNote error={status.error} />
      </section>
      <section className="card">
        <div role="tablist" aria-label={t('syncQueue.title')} className="tabs">
          {(['dead', 'pending'] as const).map((id) => (
            <button key={id} role="tab" type="button" aria-selected={tab === id} onClick={() => setTab(id)} data-testid={`sync-tab-${id}`}>
              {t(`syncQueue.tabs.${id}`)}
            </button>
          ))}
        </div>
        <ErrorNote error={items.error} testId="sync-list-error" />
        {items.isPending && (
          <p className="muted" role="status" aria-busy="true" data-testid="sync-loading">
            {t('screens.states.queueLoading')}
          </p>
        )}
        {items.data?.length === 0 && <p className="muted">{t(tab === 'dead' ? 'syncQueue.noDead' : 'syncQueue.noPending')}</p>}
        {items.data && items.data.length > 0 && (
          <table data-testid={`sync-items-${tab}`}>
            <thead>
              <tr>
                <th>{t('syncQueue.columns.what')}</th>
                <th>{t('syncQueue.columns.order')}</th>
                <th className="num">{t('syncQueue.columns.attempts')}</th>
                <th>{t('syncQueue.columns.error')}</th>
                <th>{t('syncQueue.columns.created')}</th>
                {tab === 'dead' && <th>{t('syncQueue.columns.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.data.map((item) =>
                tab === 'dead' ? (
                  <DeadLetterRow key={item.id} item={item} />
                ) : (
                  <tr key={item.id} data-testid={`sync-item-${item.id}`}>
                    <td>{t(`syncQueue.topics.${item.topic.split('.').pop() ?? ''}`, { defaultValue: item.topic })}</td>
                    <td>
                      <code>{item.order_key}</code>
                    </td>
                    <td className="num">{formatCount(item.attempts, lang)}</td>
                    <td className="last-error">{item.last_error ?? '—'}</td>
                    <td>{formatDateTime(item.created_at, lang)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
      <UnmatchedPayments />
    </main>
  );
}
