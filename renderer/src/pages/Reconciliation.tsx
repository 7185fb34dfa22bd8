import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewayAppSyncView, GatewayTotalsView } from '../../../shared/views';
import { useGatewayPayments, useGatewayRuns, useGatewaySyncNow, useProviders } from '../api/hooks';
import { localDayWindow } from '../reconciliation/dayWindow';
import { errorText } from '../reconciliation/errorText';
import { GatewaySection } from '../reconciliation/GatewaySection';
import '../reconciliation/reconciliation.css';

type MatchFilter = 'all' | 'matched' | 'unmatched';
const FILTERS: MatchFilter[] = ['all', 'matched', 'unmatched'];

/** Gateways with payments today come first; the rest keep the engine's order. */
function sortBusiestFirst(apps: GatewayAppSyncView[], totals: GatewayTotalsView[]): GatewayAppSyncView[] {
  const busy = new Set(totals.map((row) => row.gateway));
  return [...apps].sort((a, b) => Number(busy.has(b.gateway)) - Number(busy.has(a.gateway)));
}

/** Reconciliation (issue 7): every gateway's card payments of the day in one place, matched to PayDesk orders. */
export function Reconciliation() {
  const { t } = useTranslation();
  const day = useMemo(() => localDayWindow(Date.now()), []);
  const [filter, setFilter] = useState<MatchFilter>('all');
  const runs = useGatewayRuns();
  const providers = useProviders();
  const payments = useGatewayPayments({ from: day.from, to: day.to, ...(filter === 'all' ? {} : { matched: filter === 'matched' }) });
  // Totals always cover the whole day, whatever the list shows.
  const allPayments = useGatewayPayments({ from: day.from, to: day.to });
  const syncAll = useGatewaySyncNow();
  const nameOf = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? id;
  const error = runs.error ?? payments.error;

  return (
    <main className="page reconciliation" data-testid="reconciliation">
      <section className="card recon-intro">
        <div>
          <h1>{t('reconciliation.title')}</h1>
          <p className="muted">{t('reconciliation.subtitle')}</p>
        </div>
        <div className="recon-controls">
          <div role="group" aria-label={t('reconciliation.show')} className="recon-filter">
            {FILTERS.map((id) => (
              <button key={id} type="button" aria-pressed={filter === id} data-testid={`recon-filter-${id}`} onClick={() => setFilter(id)}>
                {t(`reconciliation.filter${id[0]!.toUpperCase()}${id.slice(1)}`)}
              </button>
            ))}
          </div>
          <button type="button" data-testid="sync-all" disabled={syncAll.isPending} onClick={() => syncAll.mutate({})}>
            {syncAll.isPending ? t('reconciliation.syncing') : t('reconciliation.syncAll')}
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
      </section>
      {(runs.isPending || payments.isPending) && (
        <p className="card muted" role="status" aria-busy="true" data-testid="reconciliation-loading">
          {t('screens.states.reconciliationLoading')}
        </p>
      )}
      {sortBusiestFirst(runs.data?.apps ?? [], allPayments.data?.totals ?? []).map((app) => (
        <GatewaySection
          key={app.org_app_id}
          app={app}
          providerName={nameOf(app.gateway)}
          payments={(payments.data?.payments ?? []).filter((p) => p.org_app_id === app.org_app_id)}
          totals={(allPayments.data?.totals ?? []).filter((row) => row.gateway === app.gateway)}
        />
      ))}
    </main>
  );
}
