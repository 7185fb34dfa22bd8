import { useMemo } from 'react';
import i18n from '../i18n';
import { lineAmountMinor, type CartLine, type CartTotals } from '../../../shared/cart';
import { formatMinor, type Currency } from '../../../shared/money';
import { encodeZatcaQr, zatcaTimestamp } from '../../../shared/zatca';
import type { AppInfoView, PaylinkView } from '../../../shared/views';
import { QrImage } from './QrImage';

export interface ReceiptProps {
  store: AppInfoView['store'];
  paylink: PaylinkView;
  providerName: string;
  lines: readonly CartLine[];
  totals: CartTotals;
  /** When the payment was captured: the invoice time in the ZATCA QR. */
  paidAt: string;
  copy: boolean;
}

const en = i18n.getFixedT('en');
const ar = i18n.getFixedT('ar');

/** One label in both languages: English at the start of the line, Arabic at the end, whatever the screen language. */
function Bi({ k, opts }: { k: string; opts?: Record<string, unknown> }) {
  return (
    <span className="bi">
      <span lang="en">{en(k, opts)}</span>
      <span lang="ar" dir="rtl">
        {ar(k, opts)}
      </span>
    </span>
  );
}

/**
 * The 80 mm simplified tax invoice. Amounts are printed as the exact decimal strings the ZATCA QR
 * carries (Latin digits, currency code), so what the customer reads and what the QR says match.
 */
export function Receipt({ store, paylink, providerName, lines, totals, paidAt, copy }: ReceiptProps) {
  const currency: Currency = paylink.currency;
  const money = (minor: number) => `${formatMinor(minor, currency)} ${currency}`;
  const zatcaBase64 = useMemo(
    () =>
      encodeZatcaQr({
        sellerName: store.name_ar,
        vatNumber: store.vat_number,
        timestamp: zatcaTimestamp(new Date(paidAt)),
        totalWithVat: formatMinor(totals.totalMinor, currency),
        vatAmount: formatMinor(totals.vatMinor, currency),
      }),
    [store.name_ar, store.vat_number, paidAt, totals.totalMinor, totals.vatMinor, currency],
  );

  return (
    <article className="receipt" data-testid="receipt" dir="ltr" aria-label={en('receipt.simplifiedInvoice')}>
      <header className="receipt-head">
        <p className="store-name" data-testid="receipt-store-name">
          <span lang="en">{store.name_en}</span>
          <span lang="ar" dir="rtl">
            {store.name_ar}
          </span>
        </p>
        <p>{store.branch}</p>
        <p className="row">
          <Bi k="receipt.vatNumber" /> <span data-testid="receipt-vat-number">{store.vat_number}</span>
        </p>
        <p className="doc-title">
          <Bi k="receipt.simplifiedInvoice" />
        </p>
        {copy && (
          <p className="copy-mark" data-testid="receipt-copy">
            <Bi k="receipt.copy" />
          </p>
        )}
      </header>

      <dl className="receipt-facts">
        <dt><Bi k="receipt.order" /></dt>
        <dd>{paylink.order_id}</dd>
        <dt><Bi k="receipt.date" /></dt>
        <dd data-testid="receipt-date">{new Date(paidAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' })}</dd>
      </dl>

      <table className="receipt-items">
        <thead>
          <tr>
            <th><Bi k="receipt.item" /></th>
            <th className="num"><Bi k="receipt.qty" /></th>
            <th className="num"><Bi k="receipt.amount" /></th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key} data-testid="receipt-line">
              <td>
                <span lang="en">{line.productId ? line.name_en : en('receipt.amountLine')}</span>
                <span lang="ar" dir="rtl" className="ar-name">
                  {line.productId ? line.name_ar : ar('receipt.amountLine')}
                </span>
                <span className="unit">@ {formatMinor(line.unitPriceMinor, currency)}</span>
              </td>
              <td className="num">{line.quantity}</td>
              <td className="num">{formatMinor(lineAmountMinor(line), currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="receipt-totals">
        <dt><Bi k="receipt.net" /></dt>
        <dd data-testid="receipt-net" data-minor={totals.netMinor}>{money(totals.netMinor)}</dd>
        {totals.vatGroups.map((g) => (
          <div key={g.rateBp} className="contents">
            <dt><Bi k="receipt.vat" opts={{ rate: g.rateBp / 100 }} /></dt>
            <dd data-testid="receipt-vat" data-minor={g.vatMinor}>{money(g.vatMinor)}</dd>
          </div>
        ))}
        <dt className="grand"><Bi k="receipt.total" /></dt>
        <dd className="grand" data-testid="receipt-total" data-minor={totals.totalMinor}>{money(totals.totalMinor)}</dd>
      </dl>

      <dl className="receipt-facts">
        <dt><Bi k="receipt.paidWith" /></dt>
        <dd data-testid="receipt-provider">{providerName}</dd>
        <dt><Bi k="receipt.reference" /></dt>
        <dd data-testid="receipt-reference" className="ref">{paylink.payment_id ?? paylink.session_id}</dd>
      </dl>

      <figure className="zatca">
        <QrImage text={zatcaBase64} sizePx={150} level="M" data-testid="zatca-qr" data-tlv-base64={zatcaBase64} alt="ZATCA QR" />
      </figure>
      <p className="thanks">
        <Bi k="receipt.thanks" />
      </p>
    </article>
  );
}
