import { useTranslation } from 'react-i18next';
import type { CartLine, CartTotals } from '../../../shared/cart';
import { usePaylink } from '../api/hooks';
import { ErrorNote } from './ErrorNote';
import { PaymentDisplay } from './PaymentDisplay';
import { ReceiptStep } from './ReceiptStep';

const PAID = ['captured', 'partially_refunded', 'refunded'];

/** From "link created" to "paid": the live paylink (pushed events, polling as fallback) decides what shows. */
export function PaymentStep({ paylinkId, lines, totals }: { paylinkId: string; lines: readonly CartLine[]; totals: CartTotals }) {
  const { t } = useTranslation();
  const paylink = usePaylink(paylinkId);
  if (!paylink.data) {
    return paylink.error ? <ErrorNote error={paylink.error} testId="paylink-error" /> : <p className="muted">{t('checkout.payment.state.unknown', { provider: '' })}</p>;
  }
  if (PAID.includes(paylink.data.status)) return <ReceiptStep paylink={paylink.data} lines={lines} totals={totals} />;
  return <PaymentDisplay paylink={paylink.data} refetch={() => void paylink.refetch()} />;
}
