import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import type { GatewayAppSyncView, GatewayPaymentView, GatewayTotalsView } from '../../../shared/views';
import { useGatewaySyncNow } from '../api/hooks';
import { formatTime } from '../format';
import { useUi } from '../state/ui';
import { errorText } from './errorText';
import { GatewayPaymentsTable } from './GatewayPaymentsTable';
import { GatewayTotals } from './GatewayTotals';

interface Props {
  app: GatewayAppSyncView;
  providerName: string;
  payments: GatewayPaymentView[];
  totals: GatewayTotalsView[];
}

/** One gateway app: when it last synced and what went wrong, "Sync now", the day's totals and payments. */
export function GatewaySection({ app, providerName, payments, totals }: Props) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const syncNow = useGatewaySyncNow();
  const busy = syncNow.isPending || app.running;
  const last = app.last_run;
  const headingId = `recon-${app.org_app_id}`;

  return (
    <section className="card recon-section" aria-labelledby={headingId} data-testid={`recon-section-${app.gateway}`}>
      <header className="recon-head">
        <div>
          <h2 id={headingId}>{providerName}</h2>
          <bdi className="muted small">{app.name}</bdi>
        </div>
        <span className="muted small" data-testid={`last-sync-${app.gateway}`} data-synced={Boolean(last?.finished_at)}>
          {last?.finished_at ? t('reconciliation.lastSync', { time: formatTime(last.finished_at, lang) }) : t('reconciliation.neverSynced')}
          {last?.finished_at && ` · ${t('reconciliation.runSummary', { fetched: last.fetched, inserted: last.inserted, updated: last.updated })}`}
        </span>
        <button type="button" className="primary" data-testid={`sync-now-${app.gateway}`} disabled={busy} onClick={() => syncNow.mutate({ org_app_id: app.org_app_id })}>
          {busy ? t('reconciliation.syncing') : t('reconciliation.syncNow')}
        </button>
      </header>
      {!app.supports_list && (
        <p className="recon-note" data-testid={`no-list-${app.gateway}`}>
          {t('reconciliation.noList')}
        </p>
      )}
      {syncNow.isError && (
        <p className="error" role="alert" data-testid={`sync-error-${app.gateway}`} data-code={(syncNow.error as { code?: string }).code ?? ''}>
          {t('reconciliation.syncFailed', { message: errorText(t, syncNow.error) })}
        </p>
      )}
      {last && last.errors.length > 0 && (
        <div className="recon-errors" role="status" data-testid={`sync-errors-${app.gateway}`}>
          <strong>{t('reconciliation.lastSyncErrors')}</strong>
          {/* The gateways' own error texts are English: the Arabic screen says how many, in Arabic. */}
          {i18n.language === 'ar' ? (
            <p data-testid={`sync-error-count-${app.gateway}`}>{t('screens.recon.errors', { count: last.errors.length })}</p>
          ) : (
            <ul>
              {last.errors.slice(0, 5).map((message, i) => (
                <li key={i}>
                  <bdi>{message}</bdi>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <GatewayTotals gateway={app.gateway} totals={totals} />
      {payments.length === 0 ? <p className="muted">{t('reconciliation.empty')}</p> : <GatewayPaymentsTable payments={payments} />}
    </section>
  );
}
