import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDayPaylinks, useMe, usePaylinkTotals } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { useUi } from '../state/ui';
import { DayFilters } from './DayFilters';
import { defaultDayFilter, toDayQuery, type DayFilterState } from './dayFilter';
import { PaylinkPanel } from './PaylinkPanel';
import { PaylinkTable } from './PaylinkTable';
import { StoreScopeBanner, TillFilter } from './StoreScope';
import { TotalsPanel } from './TotalsPanel';
import { formatCount } from './formatting';
import { useNames } from './useNames';
import './manager.css';

const PAGE_SIZE = 100;

/** The manager's day: filters, totals per provider and status, the virtualized list and one paylink's panel. */
export function DayView() {
  const { t } = useTranslation();
  const me = useMe();
  const lang = useUi((s) => s.lang);
  const names = useNames();
  const [filter, setFilter] = useState<DayFilterState>(() => defaultDayFilter(new Date()));
  const [selectedId, setSelectedId] = useState<string>();
  const [tillId, setTillId] = useState('');
  const query = useMemo(() => ({ ...toDayQuery(filter), ...(tillId ? { till_id: tillId } : {}) }), [filter, tillId]);
  const list = useDayPaylinks({ ...query, limit: PAGE_SIZE });
  const totals = usePaylinkTotals(query);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.paylinks) ?? [], [list.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const unfiltered = defaultDayFilter(new Date());
  const filtered = (['fromTime', 'toTime', 'provider', 'status', 'cashierId'] as const).some((k) => filter[k] !== unfiltered[k]) || tillId !== '';

  return (
    <main className="page manager-day" data-testid="day-view">
      <h1 className="visually-hidden">{t('paylinks.title')}</h1>
      <DayFilters value={filter} onChange={setFilter} />
      <TillFilter value={tillId} onChange={setTillId} />
      <StoreScopeBanner scope={list.data?.pages[0]?.scope} />
      <TotalsPanel totals={totals.data} providerName={names.providerName} />
      <div className={`day-body ${selectedId ? 'with-panel' : ''}`}>
        <section className="card" aria-labelledby="list-title">
          <h2 id="list-title">
            {t('paylinks.title')} <span className="muted small" data-testid="list-count">{t('manager.totals.count', { n: formatCount(list.data?.pages[0]?.total ?? 0, lang) })}</span>
          </h2>
          <p className="muted small">{t('manager.table.hint')}</p>
          <ErrorNote error={list.error ?? totals.error} testId="day-error" />
          <PaylinkTable
            compact={Boolean(selectedId)}
            rows={rows}
            total={list.data?.pages[0]?.total ?? 0}
            hasMore={hasNextPage}
            loadingMore={isFetchingNextPage}
            loading={list.isPending}
            onClearFilters={filtered ? () => setFilter({ ...defaultDayFilter(new Date()), date: filter.date }) : undefined}
            loadMore={loadMore}
            selectedId={selectedId}
            onOpen={(p) => setSelectedId(p.id)}
            providerName={names.providerName}
            staffName={names.staffName}
          />
        </section>
        {selectedId && (
          <PaylinkPanel
            paylinkId={selectedId}
            isManager={me.data?.role === 'manager'}
            myId={me.data?.id}
            onClose={() => {
              // Back to the row the panel was opened from, so the keyboard user keeps their place.
              document.querySelector<HTMLElement>(`[data-testid="paylink-row-${CSS.escape(selectedId)}"]`)?.focus();
              setSelectedId(undefined);
            }}
            providerName={names.providerName}
            actorName={names.actorName}
          />
        )}
      </div>
    </main>
  );
}
