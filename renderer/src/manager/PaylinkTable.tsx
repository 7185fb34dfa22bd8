import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaylinkView } from '../../../shared/views';
import { formatAmount, formatTime } from '../format';
import { useUi } from '../state/ui';

const ROW_HEIGHT_PX = 44;
/** Ask for the next keyset page while this many loaded rows are still below the viewport. */
const PREFETCH_ROWS = 15;

interface Props {
  /** With the side panel open: the cashier and captured columns give way. */
  compact: boolean;
  rows: PaylinkView[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  /** The first page has not arrived yet: "Loading…", never "No paylinks yet". */
  loading?: boolean;
  /** Filters narrow the day: an empty list then says so, with a way to clear them. */
  onClearFilters?: (() => void) | undefined;
  loadMore(): void;
  selectedId: string | undefined;
  onOpen(paylink: PaylinkView): void;
  providerName(id: string): string;
  staffName(id: string | null): string;
}

/**
 * The day's paylinks: only the rows in view are in the DOM, so a busy day of thousands stays fast.
 * Keyboard: ↑/↓/Home/End move, Enter opens the timeline panel.
 */
export function PaylinkTable({ compact, rows, total, hasMore, loadingMore, loading, onClearFilters, loadMore, selectedId, onOpen, providerName, staffName }: Props) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT_PX, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  // A store with several tills: each row says which till it was sold on.
  const showTill = rows.some((r) => r.till_name);
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  // Moving with the arrows scrolls first; the row element exists only once it is rendered, then it takes focus.
  useEffect(() => {
    if (!focusWanted.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (el) {
      el.focus();
      focusWanted.current = false;
    }
  });

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    focusWanted.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => rows[active] && onOpen(rows[active]),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div className="paylink-scroll" ref={scrollRef} data-testid="paylinks-scroll">
      <table className={`paylink-table ${compact ? 'compact' : ''}`} data-testid="paylinks-table" aria-rowcount={total + 1}>
        <thead>
          <tr>
            <th>{t('paylinks.time')}</th>
            <th>{t('paylinks.order')}</th>
            <th>{t('paylinks.provider')}</th>
            {showTill && <th>{t('storedb.till')}</th>}
            <th className="optional">{t('manager.table.cashier')}</th>
            <th className="num">{t('paylinks.amount')}</th>
            <th className="num optional">{t('manager.totals.captured')}</th>
            <th className="num">{t('manager.totals.refunded')}</th>
            <th>{t('paylinks.status')}</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
          {items.map((v) => {
            const p = rows[v.index]!;
            return (
              <tr
                key={p.id}
                data-index={v.index}
                data-testid={`paylink-row-${p.id}`}
                data-order={p.order_id}
                aria-rowindex={v.index + 2}
                aria-selected={p.id === selectedId}
                tabIndex={v.index === active ? 0 : -1}
                style={{ height: ROW_HEIGHT_PX }}
                className="paylink-row"
                onClick={() => {
                  setActive(v.index);
                  onOpen(p);
                }}
                onFocus={() => setActive(v.index)}
              >
                <td>{formatTime(p.created_at, lang)}</td>
                <td>
                  <code>{p.order_id}</code>
                </td>
                <td>{providerName(p.provider)}</td>
                {showTill && <td data-testid="row-till">{p.till_name}</td>}
                <td className="optional">{staffName(p.cashier_id)}</td>
                <td className="num">{formatAmount(p.amount, p.currency, lang)}</td>
                <td className="num optional">{formatAmount(p.captured_amount, p.currency, lang)}</td>
                <td className="num" data-testid="row-refunded">
                  {formatAmount(p.refunded_amount, p.currency, lang)}
                </td>
                <td>
                  <span className={`badge status-${p.status}`} data-testid="row-status" data-status={p.status}>
                    {t(`status.${p.status}`)}
                  </span>
                  {p.pending_command && <span className="badge status-unknown">{t(`manager.pending.${p.pending_command}`)}</span>}
                </td>
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
      {rows.length === 0 &&
        (loading ? (
          <p className="muted empty-note" role="status" aria-busy="true" data-testid="day-loading">
            {t('screens.states.dayLoading')}
          </p>
        ) : onClearFilters ? (
          <p className="muted empty-note" data-testid="day-empty-filtered">
            {t('screens.states.noMatch')}{' '}
            <button type="button" onClick={onClearFilters} data-testid="clear-filters">
              {t('screens.states.clearFilters')}
            </button>
          </p>
        ) : (
          <p className="muted empty-note" data-testid="day-empty">
            {t('paylinks.empty')}
          </p>
        ))}
      {loadingMore && <p className="muted small">{t('manager.table.loadingMore')}</p>}
    </div>
  );
}
