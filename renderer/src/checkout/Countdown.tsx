import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUi } from '../state/ui';
import { formatCountdown } from './money';

/** Time left on the payment link; when it runs out, the engine still waits for the provider's word. */
export function Countdown({ expiresAt, provider }: { expiresAt: string; provider: string }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const remainingMs = Date.parse(expiresAt) - now;
  const urgent = remainingMs < 60_000;
  return (
    <p className={`countdown${urgent ? ' urgent' : ''}`} data-testid="countdown" data-remaining-ms={Math.max(0, remainingMs)} aria-live="off">
      {remainingMs > 0 ? t('checkout.payment.expiresIn', { time: formatCountdown(remainingMs, lang) }) : t('checkout.payment.expiredClock', { provider })}
    </p>
  );
}
