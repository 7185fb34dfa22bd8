import { useTranslation } from 'react-i18next';
import { formatMinor, type Currency } from '../../../shared/money';
import type { PaylinkEventView } from '../../../shared/views';
import { useTimeline } from '../api/hooks';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { formatDateTime } from './formatting';

/** The amount an event is about, when it carries one: a request's amount, or the running captured/refunded total. */
function eventAmountMinor(e: PaylinkEventView): number | undefined {
  const d = e.data;
  if (typeof d.amount_minor === 'number') return d.amount_minor;
  if (e.type === 'refunded' && typeof d.refunded_minor === 'number') return d.refunded_minor;
  if (e.type === 'captured' && typeof d.captured_minor === 'number') return d.captured_minor;
  return undefined;
}

/** created → SMS sent → approved → captured → receipt printed → synced, as the engine recorded it; live via paylink.updated. */
export function Timeline({ paylinkId, currency, actorName }: { paylinkId: string; currency: Currency; actorName(actor: string): string }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const timeline = useTimeline(paylinkId);
  if (timeline.isPending) return <p className="muted">{t('manager.timeline.loading')}</p>;
  if (!timeline.data?.length) return <p className="muted">{t('manager.timeline.empty')}</p>;

  return (
    <ol className="timeline" data-testid="timeline" aria-label={t('manager.timeline.title')}>
      {timeline.data.map((e) => {
        const amount = eventAmountMinor(e);
        return (
          <li key={e.seq} data-testid={`timeline-${e.type}`} data-type={e.type} className={`timeline-event kind-${e.type}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <strong>{t(`manager.timeline.events.${e.type}`, { defaultValue: e.type.replace(/_/g, ' ') })}</strong>
            {amount !== undefined && <span className="num"> · {formatAmount(formatMinor(amount, currency), currency, lang)}</span>}
            <span className="muted small timeline-meta">
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
              {e.actor && ` · ${actorName(e.actor)}`}
            </span>
            {typeof e.data.approved_by === 'string' && (
              <span className="small timeline-note" data-testid="timeline-approved-by">
                {t('screens.timeline.approvedBy', { name: actorName(e.data.approved_by) })}
              </span>
            )}
            {typeof e.data.reason === 'string' && e.type === 'refund_requested' && (
              <span className="small timeline-note" data-testid="timeline-reason">
                {t('screens.timeline.reason')} <bdi>{e.data.reason}</bdi>
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
