import { useTranslation } from 'react-i18next';
import type { PaylinkView } from '../../../shared/views';

export type PaymentPhase = 'created' | 'authorized' | 'capturing' | 'autoCapturing' | 'captured' | 'rejected' | 'expired' | 'cancelled' | 'unknown' | 'pending';

/** What the cashier should read right now, from the engine's status and what this screen is doing. */
export function paymentPhase(paylink: PaylinkView, capturing: boolean, autoCapture: boolean): PaymentPhase {
  if (paylink.pending_command) return 'pending';
  switch (paylink.status) {
    case 'authorized':
      if (capturing) return autoCapture ? 'autoCapturing' : 'capturing';
      return 'authorized';
    case 'captured':
    case 'partially_refunded':
    case 'refunded':
      return 'captured';
    case 'created':
    case 'rejected':
    case 'expired':
    case 'cancelled':
    case 'unknown':
      return paylink.status;
  }
}

const TONE: Record<PaymentPhase, 'wait' | 'ok' | 'bad' | 'check'> = {
  created: 'wait',
  authorized: 'ok',
  capturing: 'check',
  autoCapturing: 'check',
  captured: 'ok',
  rejected: 'bad',
  expired: 'bad',
  cancelled: 'bad',
  unknown: 'check',
  pending: 'check',
};

export function PaymentStatus({ paylink, phase, providerName }: { paylink: PaylinkView; phase: PaymentPhase; providerName: string }) {
  const { t } = useTranslation();
  const command = paylink.pending_command ? t(`checkout.payment.command.${paylink.pending_command}`) : '';
  return (
    <p className={`payment-status tone-${TONE[phase]}`} role="status" aria-live="assertive" data-testid="payment-status" data-status={paylink.status} data-phase={phase}>
      {TONE[phase] === 'check' || phase === 'created' ? <span className="spinner" aria-hidden="true" /> : null}
      {t(`checkout.payment.state.${phase}`, { provider: providerName, command })}
    </p>
  );
}
