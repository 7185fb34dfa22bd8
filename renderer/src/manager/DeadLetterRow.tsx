import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView } from '../../../shared/views';
import { useDiscardSyncItem, useRetrySyncItem } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { useUi } from '../state/ui';
import { formatDateTime } from './formatting';

const MIN_REASON_CHARS = 3;

/** A dead letter: retry it, or discard it with a reason the audit keeps. */
export function DeadLetterRow({ item }: { item: OutboxItemView }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const retry = useRetrySyncItem();
  const discard = useDiscardSyncItem();
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');

  return (
    <tr data-testid={`sync-item-${item.id}`}>
      <td>{t(`syncQueue.topics.${item.topic.split('.').pop() ?? ''}`, { defaultValue: item.topic })}</td>
      <td>
        <code>{item.order_key}</code>
      </td>
      <td className="num">{item.attempts}</td>
      <td className="last-error">{item.last_error ?? '—'}</td>
      <td>{formatDateTime(item.created_at, lang)}</td>
      <td>
        {!discarding ? (
          <div className="actions">
            <button type="button" className="primary" disabled={retry.isPending} onClick={() => retry.mutate(item.id)} data-testid="sync-retry">
              {t('syncQueue.retry')}
            </button>
            <button type="button" onClick={() => setDiscarding(true)} data-testid="sync-discard">
              {t('syncQueue.discard')}
            </button>
          </div>
        ) : (
          <form
            className="discard-form"
            onSubmit={(e) => {
              e.preventDefault();
              discard.mutate({ id: item.id, reason: reason.trim() });
            }}
          >
            <label>
              {t('syncQueue.reason')}
              <input autoFocus value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="sync-discard-reason" />
            </label>
            <button type="submit" className="danger" disabled={reason.trim().length < MIN_REASON_CHARS || discard.isPending} data-testid="sync-discard-confirm">
              {t('syncQueue.discardConfirm')}
            </button>
            <button type="button" onClick={() => setDiscarding(false)}>
              {t('syncQueue.keep')}
            </button>
          </form>
        )}
        <ErrorNote error={retry.error ?? discard.error} />
      </td>
    </tr>
  );
}
