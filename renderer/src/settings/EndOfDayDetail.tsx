import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getApi, unwrap } from '../api/client';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import type { Currency } from '../../../shared/money';

/** The rest of the end of day: VAT summary, cashiers, refunds, the links that did not pay; and a thermal print. */
export function EndOfDayDetail({ range }: { range: { from: number; to: number } }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const detail = useQuery({ queryKey: ['eod-detail', range], queryFn: () => unwrap(getApi()['reports.endOfDayDetail'](range)) });
  const thermal = useMutation({ mutationFn: () => unwrap(getApi()['reports.printEndOfDay'](range)) });
  const d = detail.data;
  const amount = (value: string, currency: string) => formatAmount(value, currency as Currency, lang);
  return (
    <article className="card eod-detail" data-testid="eod-detail">
      <div className="actions no-print">
        <button type="button" data-testid="eod-thermal" disabled={thermal.isPending} onClick={() => thermal.mutate()}>
          {t('setup.eod.thermal')}
        </button>
        {thermal.isSuccess && <span role="status" data-testid="eod-thermal-ok">{t('setup.printer.testPrinted')}</span>}
        <ErrorNote error={thermal.error ?? detail.error} testId="eod-detail-error" />
      </div>
      {d && (
        <>
          <h2>{t('setup.eod.vat')}</h2>
          <p className="muted small">{t('setup.eod.vatNote')}</p>
          <table data-testid="eod-vat">
            <thead>
              <tr>
                <th>{t('setup.eod.rate')}</th>
                <th className="num">{t('setup.eod.net')}</th>
                <th className="num">{t('setup.eod.vatAmount')}</th>
                <th className="num">{t('setup.eod.gross')}</th>
              </tr>
            </thead>
            <tbody>
              {d.vat.map((v) => (
                <tr key={`${v.currency}:${v.rate_percent}`} data-testid={`eod-vat-${v.currency}`}>
                  <th scope="row">{v.rate_percent}%</th>
                  <td className="num">{amount(v.net, v.currency)}</td>
                  <td className="num">{amount(v.vat, v.currency)}</td>
                  <td className="num">{amount(v.gross, v.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('setup.eod.cashiers')}</h2>
          <table data-testid="eod-cashiers">
            <tbody>
              {d.cashiers.map((c) => (
                <tr key={`${c.cashier_id}:${c.currency}`}>
                  <th scope="row">{c.name}</th>
                  <td className="num">{c.paid_count} / {c.count}</td>
                  <td className="num">{amount(c.captured, c.currency)}</td>
                  <td className="num">{amount(c.refunded, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts" data-testid="eod-outcomes">
            {d.refunds.map((r) => (
              <div key={r.currency} className="contents">
                <dt>{t('setup.eod.refunds', { count: r.count })}</dt>
                <dd>{amount(r.amount, r.currency)}</dd>
              </div>
            ))}
            <dt>{t('setup.eod.declined')}</dt>
            <dd data-testid="eod-declined">{d.outcomes.declined}</dd>
            <dt>{t('setup.eod.expired')}</dt>
            <dd data-testid="eod-expired">{d.outcomes.expired}</dd>
            <dt>{t('setup.eod.cancelled')}</dt>
            <dd data-testid="eod-cancelled">{d.outcomes.cancelled}</dd>
          </dl>
        </>
      )}
    </article>
  );
}
