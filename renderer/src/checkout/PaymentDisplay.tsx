import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaylinkView } from '../../../shared/views';
import { useCancel, useCapture, useProviders, useResend, useStoreSettings } from '../api/hooks';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { Countdown } from './Countdown';
import { ErrorNote } from './ErrorNote';
import { formatMoney } from './money';
import { paymentPhase, PaymentStatus } from './PaymentStatus';
import { QrImage } from './QrImage';
import { useShortcuts } from './useShortcuts';

/** ~9.5 cm on a typical 96 dpi till screen: a phone camera reads it from a metre away. */
const QR_SIZE_PX = 360;
const ENDED = ['rejected', 'expired', 'cancelled'];

/**
 * The customer-facing half of the screen (QR or SMS, amount, countdown) and the cashier's controls while
 * the customer pays: capture, cancel and try another provider, resend the SMS.
 */
export function PaymentDisplay({ paylink, refetch }: { paylink: PaylinkView; refetch: () => void }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { tryAnotherProvider, nextSale } = useCheckout();
  const providers = useProviders();
  const settings = useStoreSettings();
  const capture = useCapture();
  const cancel = useCancel();
  const resend = useResend();
  const [resent, setResent] = useState(false);
  const captureAttempt = useRef(0);
  const autoCaptured = useRef<string | null>(null);

  const providerName = providers.data?.find((p) => p.id === paylink.provider)?.name ?? paylink.provider;
  const autoCapture = settings.data?.auto_capture === true;
  const phase = paymentPhase(paylink, capture.isPending, autoCapture);
  const ended = ENDED.includes(paylink.status);
  const canCapture = paylink.can.includes('capture') && !capture.isPending;
  const canCancel = paylink.can.includes('cancel') && !cancel.isPending && !capture.isPending;

  const runCapture = () => {
    if (!canCapture) return;
    // One key per attempt: a double keystroke replays the same capture instead of sending a second one.
    capture.mutate({ id: paylink.id, reference_id: `${paylink.id}.capture.${captureAttempt.current}` }, { onError: () => { captureAttempt.current += 1; refetch(); } });
  };
  const runCancel = () => {
    if (!canCancel) return;
    cancel.mutate(paylink.id, { onSuccess: (p) => p.status === 'cancelled' && tryAnotherProvider(), onError: () => refetch() });
  };
  const runResend = () => {
    if (paylink.can.includes('resend') && !resend.isPending) resend.mutate(paylink.id, { onSuccess: () => setResent(true) });
  };

  // Auto-capture (store setting): capture once, the moment the customer approves. No deps on purpose:
  // it checks after every render (each pushed status change), and the ref keeps it to one capture per paylink.
  useEffect(() => {
    if (autoCapture && paylink.status === 'authorized' && paylink.can.includes('capture') && autoCaptured.current !== paylink.id) {
      autoCaptured.current = paylink.id;
      runCapture();
    }
  });

  useShortcuts([
    { key: 'F8', run: runCapture, when: canCapture },
    { key: 'Enter', run: runCapture, when: canCapture },
    { key: 'Escape', run: runCancel, when: canCancel },
    { key: 'F7', run: runResend, when: paylink.can.includes('resend') },
    { key: 'Escape', run: tryAnotherProvider, when: ended },
    { key: 'Enter', run: tryAnotherProvider, when: ended },
    { key: 'F9', run: nextSale, when: ended },
  ]);

  return (
    <section
      className={`payment-display${ended ? ' ended' : ''}`}
      data-testid="payment-display"
      data-paylink-id={paylink.id}
      data-session-id={paylink.session_id ?? ''}
      data-provider={paylink.provider}
    >
      <div className="customer-side card">
        {ended ? null : paylink.checkout === 'qr' && paylink.checkout_url ? (
          <figure className="qr-figure">
            <QrImage text={paylink.checkout_url} sizePx={QR_SIZE_PX} data-testid="paylink-qr" data-checkout-url={paylink.checkout_url} alt={t('checkout.payment.scan', { provider: providerName })} />
            <figcaption>{t('checkout.payment.scan', { provider: providerName })}</figcaption>
          </figure>
        ) : paylink.checkout === 'sms' ? (
          <div className="sms-state" data-testid="sms-state">
            <p className="sms-to">{t('checkout.payment.smsSent')}</p>
            <p className="sms-phone" dir="ltr" data-testid="sms-sent-to">
              {paylink.sms_sent_to ?? paylink.buyer_phone}
            </p>
            <p className="muted">{t('checkout.payment.smsHint', { provider: providerName })}</p>
          </div>
        ) : null}
        <p className="pay-amount num" data-testid="payment-amount" data-amount={paylink.amount}>
          {formatMoney(paylink.amount_minor, paylink.currency, lang)}
        </p>
        <p className="pay-provider">{providerName}</p>
      </div>

      <div className="cashier-side card">
        <PaymentStatus paylink={paylink} phase={phase} providerName={providerName} />
        {paylink.status === 'created' && paylink.expires_at && <Countdown expiresAt={paylink.expires_at} provider={providerName} />}
        {autoCapture && <p className="muted small">{t('checkout.payment.autoCaptureOn')}</p>}
        <dl className="facts small">
          <dt>{t('checkout.payment.order')}</dt>
          <dd>{paylink.order_id}</dd>
          <dt>{t('checkout.payment.reference')}</dt>
          <dd dir="ltr" data-testid="payment-reference">
            {paylink.payment_id ?? paylink.session_id}
          </dd>
        </dl>
        <ErrorNote error={capture.error ?? cancel.error ?? resend.error} testId="payment-error" />
        {resent && !resend.error && <p className="ok-note">{t('checkout.payment.resent')}</p>}

        <div className="actions stacked">
          {paylink.can.includes('capture') && (
            <button type="button" className="primary huge" data-testid="capture" disabled={!canCapture} onClick={runCapture} autoFocus>
              {t('checkout.payment.capture')} <kbd>Enter</kbd>
              <kbd>F8</kbd>
            </button>
          )}
          {paylink.can.includes('resend') && (
            <button type="button" data-testid="resend-sms" disabled={resend.isPending} onClick={runResend}>
              {t('checkout.payment.resend')} <kbd>F7</kbd>
            </button>
          )}
          {paylink.can.includes('cancel') && (
            <button type="button" data-testid="cancel-paylink" disabled={!canCancel} onClick={runCancel}>
              {cancel.isPending ? t('checkout.payment.cancelling') : t('checkout.payment.cancel')} <kbd>Esc</kbd>
            </button>
          )}
          {ended && (
            <>
              <button type="button" className="primary big" data-testid="try-another" onClick={tryAnotherProvider} autoFocus>
                {t('checkout.payment.tryAnother')} <kbd>Enter</kbd>
              </button>
              <button type="button" data-testid="next-sale" onClick={nextSale}>
                {t('checkout.nextSale')} <kbd>F9</kbd>
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
