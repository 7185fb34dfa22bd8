import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo, useEndOfDay } from '../api/hooks';
import { StoreScopeBanner, TillFilter } from './StoreScope';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { localDateOf, rangeOf } from './dayFilter';
import { downloadText } from './download';
import { endOfDayCsv, endOfDayTotals } from './endOfDay';
import { formatCount, formatDateTime, formatDay } from './formatting';
import { useNames } from './useNames';
import { EndOfDayDetail } from '../settings/EndOfDayDetail';
import './manager.css';

/** End of day (manager): per provider count, captured, refunded and net; printable and as CSV. */
export function EndOfDayReport() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const info = useAppInfo();
  const { providerName } = useNames();
  const [date, setDate] = useState(() => localDateOf(new Date()));
  const range = useMemo(() => rangeOf(date, '00:00', '23:59'), [date]);
  const [tillId, setTillId] = useState('');
  const report = useEndOfDay(tillId ? { ...range, till_id: tillId } : range);
  const view = report.data;
  const store = info.data?.store;

  const print = () => window.print();
  const downloadCsv = () => {
    if (!view) return;
    const csv = endOfDayCsv(view, {
      header: ['provider', 'currency', 'links', 'paid', 'captured', 'refunded', 'net'].map((k) => t(`manager.report.columns.${k}`)),
      total: t('manager.report.total'),
      providerName,
    });
    downloadText(`end-of-day-${date}.csv`, csv);
  };

  // Ctrl+P prints the report (the print stylesheet shows nothing else); Ctrl+S saves the CSV.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'p' || key === 's') {
        e.preventDefault();
        if (key === 'p') print();
        else downloadCsv();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const totals = view ? endOfDayTotals(view) : [];
  return (
    <main className="page end-of-day" data-testid="end-of-day">
      <section className="card report-controls no-print">
        <label>
          {t('manager.report.day')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="report-date" />
        </label>
        <div className="actions">
          <button type="button" className="primary" onClick={print} disabled={!view} data-testid="report-print">
            {t('manager.report.print')} <kbd>Ctrl+P</kbd>
          </button>
          <button type="button" onClick={downloadCsv} disabled={!view} data-testid="report-csv">
            {t('manager.report.csv')} <kbd>Ctrl+S</kbd>
          </button>
        </div>
        <ErrorNote error={report.error} testId="report-error" />
      </section>
      <TillFilter value={tillId} onChange={setTillId} />
      <StoreScopeBanner scope={view?.scope} />
      {report.isPending && (
        <p className="card muted" role="status" aria-busy="true" data-testid="report-loading">
          {t('screens.states.reportLoading')}
        </p>
      )}
      {view && (
        <article className="card eod-report" data-testid="eod-report" aria-labelledby="eod-title">
          <header>
            <h1 id="eod-title">{t('manager.report.title')}</h1>
            {store && (
              <p>
                <strong>{lang === 'ar' ? store.name_ar : store.name_en}</strong> · {t('settings.branch')} <bdi>{store.branch}</bdi> · {t('settings.vatNumber')} {store.vat_number}
              </p>
            )}
            <p data-testid="eod-day">{formatDay(view.from, lang)}</p>
            <p className="muted small">{t('manager.report.generated', { at: formatDateTime(view.generated_at, lang) })}</p>
          </header>
          {view.providers.length === 0 ? (
            <p className="muted">{t('manager.report.empty')}</p>
          ) : (
            <table data-testid="eod-table">
              <thead>
                <tr>
                  <th>{t('manager.report.columns.provider')}</th>
                  <th className="num">{t('manager.report.columns.links')}</th>
                  <th className="num">{t('manager.report.columns.paid')}</th>
                  <th className="num">{t('manager.report.columns.captured')}</th>
                  <th className="num">{t('manager.report.columns.refunded')}</th>
                  <th className="num">{t('manager.report.columns.net')}</th>
                </tr>
              </thead>
              <tbody>
                {view.providers.map((p) => (
                  <tr key={`${p.provider}:${p.currency}`} data-testid={`eod-row-${p.provider}`}>
                    <th scope="row">{providerName(p.provider)}</th>
                    <td className="num">{formatCount(p.count, lang)}</td>
                    <td className="num">{formatCount(p.paid_count, lang)}</td>
                    <td className="num">{formatAmount(p.captured, p.currency, lang)}</td>
                    <td className="num">{formatAmount(p.refunded, p.currency, lang)}</td>
                    <td className="num">{formatAmount(p.net, p.currency, lang)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {totals.map((s) => (
                  <tr key={s.currency} data-testid={`eod-total-${s.currency}`}>
                    <th scope="row">{t('manager.report.total')}</th>
                    <td className="num">{formatCount(s.count, lang)}</td>
                    <td className="num">{formatCount(s.paid_count, lang)}</td>
                    <td className="num">{formatAmount(s.captured, s.currency, lang)}</td>
                    <td className="num">{formatAmount(s.refunded, s.currency, lang)}</td>
                    <td className="num">{formatAmount(s.net, s.currency, lang)}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          )}
        </article>
      )}
      {view && !tillId && <EndOfDayDetail range={range} />}
    </main>
  );
}
