import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import type { CartLine, CartTotals } from '../../../shared/cart';
import { receiptPaidAt } from '../../../shared/receipt';
import type { PaylinkView } from '../../../shared/views';
import { ApiError } from '../api/client';
import { useAppInfo, usePrintReceipt, useProviders, useRecordPrint, useTimeline } from '../api/hooks';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { ErrorNote } from './ErrorNote';
import { formatMoney } from './money';
import { paymentPhase, PaymentStatus } from './PaymentStatus';
import { Receipt } from './Receipt';
import { useShortcuts } from './useShortcuts';

const PRINT_EVENTS = ['receipt_printed', 'receipt_reprinted'];

/** Paid: the receipt preview, Print / Reprint, and Next sale. */
export function ReceiptStep({ paylink, lines, totals }: { paylink: PaylinkView; lines: readonly CartLine[]; totals: CartTotals }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const nextSale = useCheckout((s) => s.nextSale);
  const info = useAppInfo();
  const providers = useProviders();
  const timeline = useTimeline(paylink.id);
  const printReceipt = usePrintReceipt();
  const recordPrint = useRecordPrint();
  const [copy, setCopy] = useState(false);
  const [printsHere, setPrintsHere] = useState(0);
  const [outcome, setOutcome] = useState<'printed' | 'reprinted' | 'failed' | null>(null);

  // The receipt is bilingual: cash is named in both languages, like its labels.
  const providerName = paylink.provider === 'cash' ? `${i18n.getFixedT('en')('screens.cash.name')} · ${i18n.getFixedT('ar')('screens.cash.name')}` : (providers.data?.find((p) => p.id === paylink.provider)?.name ?? paylink.provider);
  const events = timeline.data ?? [];
  const paidAt = receiptPaidAt(events, paylink.updated_at);
  const printedBefore = printsHere > 0 || events.some((e) => PRINT_EVENTS.includes(e.type));
  // Only a print in progress blocks another; recording the last one on the timeline runs in the background,
  // so a reprint pressed right after a print is never swallowed.
  const printing = useRef(false);
  const busy = printReceipt.isPending;

  const print = async () => {
    if (printing.current) return;
    printing.current = true;
    const isCopy = printedBefore;
    try {
      // Electron prints inside the call below, so the COPY mark must be painted before it is made.
      setCopy(isCopy);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      // The lines go along so a thermal printer prints the same receipt as the one on screen.
      const how = await printReceipt.mutateAsync({ id: paylink.id, copy: isCopy, lines: [...lines] });
      if (how.via === 'browser') {
        // Render the COPY mark before the browser snapshots the page for printing.
        flushSync(() => setCopy(isCopy));
        window.print();
      }
      setPrintsHere((n) => n + 1);
      setOutcome(isCopy ? 'reprinted' : 'printed');
      if (!how.recorded) recordPrint.mutate({ id: paylink.id, outcome: isCopy ? 'reprinted' : 'printed' });
    } catch (err) {
      setOutcome('failed');
      // A thermal printer's failure is already on the timeline, with the printer's reason.
      const code = err instanceof ApiError ? err.code : '';
      if (!code.startsWith('printer_')) recordPrint.mutate({ id: paylink.id, outcome: 'failed' });
    } finally {
      printing.current = false;
    }
  };

  useShortcuts([
    { key: 'p', run: () => void print() },
    { key: 'F9', run: nextSale },
    { key: 'Enter', run: nextSale },
  ]);

  return (
    <div className="receipt-step">
      <section className="card paid-panel">
        <PaymentStatus paylink={paylink} phase={paymentPhase(paylink, false, false)} providerName={providerName} />
        <p className="pay-amount num" data-testid="paid-amount">
          {formatMoney(paylink.captured_minor || paylink.amount_minor, paylink.currency, lang)}
        </p>
        <p className="muted">{providerName}</p>
        {outcome && (
          <p className={outcome === 'failed' ? 'error' : 'ok-note'} role="status" data-testid="print-outcome" data-outcome={outcome}>
            {t(`checkout.receipt.${outcome === 'failed' ? 'printFailed' : outcome}`)}
          </p>
        )}
        <ErrorNote error={recordPrint.error} />
        {outcome === 'failed' && <ErrorNote error={printReceipt.error} testId="print-error" />}
        <div className="actions stacked">
          <button type="button" className="primary big" data-testid="next-sale" onClick={nextSale} autoFocus>
            {t('checkout.nextSale')} <kbd>Enter</kbd>
            <kbd>F9</kbd>
          </button>
          <button type="button" data-testid={printedBefore ? 'reprint-receipt' : 'print-receipt'} disabled={busy} onClick={() => void print()}>
            {printedBefore ? t('checkout.receipt.reprint') : t('checkout.receipt.print')} <kbd>P</kbd>
          </button>
        </div>
      </section>
      {info.data && timeline.data && (
        <Receipt store={info.data.store} paylink={paylink} providerName={providerName} lines={lines} totals={totals} paidAt={paidAt} copy={copy} />
      )}
    </div>
  );
}
