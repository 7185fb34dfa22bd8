import { useMemo } from 'react';
import type { CartLine, CartTotals } from '../../../shared/cart';
import { buildReceiptDocument, receiptLabel, type ReceiptLabelKey } from '../../../shared/receipt';
import type { AppInfoView, PaylinkView } from '../../../shared/views';
import { toArabicIndicNumber } from '../../../shared/digits';
import { digitSystem } from '../digitSystem';
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

/** One label in both languages: English at the start of the line, Arabic at the end, whatever the screen language. */
function Bi({ k, rate }: { k: ReceiptLabelKey; rate?: number | undefined }) {
  return (
    <span className="bi">
      <span lang="en">{receiptLabel('en', k, rate)}</span>
      <span lang="ar" dir="rtl">
        {digitSystem() === 'arab' ? toArabicIndicNumber(receiptLabel('ar', k, rate)) : receiptLabel('ar', k, rate)}
      </span>
    </span>
  );
}

/** The 80 mm simplified tax invoice, drawn from the same document the thermal printer rasterizes (shared/receipt). */
export function Receipt({ store, paylink, providerName, lines, totals, paidAt, copy }: ReceiptProps) {
  const doc = useMemo(
    () => buildReceiptDocument({ store, paylink, providerName, lines, totals, paidAt, copy, digits: digitSystem() }),
    [store, paylink, providerName, lines, totals, paidAt, copy],
  );

  return (
    <article className="receipt" data-testid="receipt" dir="ltr" aria-label={receiptLabel('en', 'simplifiedInvoice')}>
      <header className="receipt-head">
        <p className="store-name" data-testid="receipt-store-name">
          <span lang="en">{doc.storeName.en}</span>
          <span lang="ar" dir="rtl">
            {doc.storeName.ar}
          </span>
        </p>
        <p>{doc.branch}</p>
        {doc.address && <p data-testid="receipt-address">{doc.address}</p>}
        {doc.crNumber && (
          <p className="row">
            <Bi k="crNumber" /> <span data-testid="receipt-cr-number">{doc.crNumber}</span>
          </p>
        )}
        <p className="row">
          <Bi k="vatNumber" /> <span data-testid="receipt-vat-number">{doc.vatNumber}</span>
        </p>
        <p className="doc-title">
          <Bi k="simplifiedInvoice" />
        </p>
        {doc.copy && (
          <p className="copy-mark" data-testid="receipt-copy">
            <Bi k="copy" />
          </p>
        )}
      </header>

      <dl className="receipt-facts">
        <dt><Bi k="order" /></dt>
        <dd>{doc.orderId}</dd>
        <dt><Bi k="date" /></dt>
        <dd data-testid="receipt-date">{doc.dateText}</dd>
      </dl>

      <table className="receipt-items">
        <thead>
          <tr>
            <th><Bi k="item" /></th>
            <th className="num"><Bi k="qty" /></th>
            <th className="num"><Bi k="amount" /></th>
          </tr>
        </thead>
        <tbody>
          {doc.items.map((item) => (
            <tr key={item.key} data-testid="receipt-line">
              <td>
                <span lang="en">{item.name_en}</span>
                <span lang="ar" dir="rtl" className="ar-name">
                  {item.name_ar}
                </span>
                <span className="unit">{item.unitText}</span>
              </td>
              <td className="num">{item.quantityText}</td>
              <td className="num">{item.amountText}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="receipt-totals">
        {doc.totals.map((row, i) =>
          row.key === 'vat' ? (
            <div key={`vat-${row.rate}`} className="contents">
              <dt><Bi k="vat" rate={row.rate} /></dt>
              <dd data-testid="receipt-vat" data-minor={row.minor}>{row.text}</dd>
            </div>
          ) : (
            <div key={`${row.key}-${i}`} className="contents">
              <dt className={row.key === 'total' ? 'grand' : undefined}><Bi k={row.key} /></dt>
              <dd className={row.key === 'total' ? 'grand' : undefined} data-testid={`receipt-${row.key}`} data-minor={row.minor}>
                {row.text}
              </dd>
            </div>
          ),
        )}
      </dl>

      <dl className="receipt-facts">
        <dt><Bi k="paidWith" /></dt>
        <dd data-testid="receipt-provider">{doc.providerName}</dd>
        <dt><Bi k="reference" /></dt>
        <dd data-testid="receipt-reference" className="ref">{doc.reference}</dd>
      </dl>

      <figure className="zatca">
        <QrImage text={doc.zatcaBase64} sizePx={150} level="M" data-testid="zatca-qr" data-tlv-base64={doc.zatcaBase64} alt="ZATCA QR" />
      </figure>
      <p className="thanks">
        <Bi k="thanks" />
      </p>
    </article>
  );
}
