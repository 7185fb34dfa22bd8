import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancel, usePaylink, useProviders } from '../api/hooks';
import { useUi } from '../state/ui';
import { useCheckout } from '../state/checkout';
import { ErrorNote } from './ErrorNote';

// The create/wait path when the provider is slow or its answer was lost: the till always says what is going on
// and never offers a second link for the same sale while the first may exist.

const SLOW_AFTER_MS = 1_000;

export function useProviderName(id: string | undefined): string {
  const providers = useProviders();
  return providers.data?.find((p) => p.id === id)?.name ?? id ?? '';
}

/** Seconds since `since` while `active`, ticking once a second; null before the first second. */
function useElapsedSeconds(active: boolean): number | null {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) {
      setStartedAt(null);
      return undefined;
    }
    const start = Date.now();
    setStartedAt(start);
    setNow(start);
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  if (!active || startedAt === null) return null;
  const ms = now - startedAt;
  return ms < SLOW_AFTER_MS ? null : Math.floor(ms / 1000);
}

/** A create that takes more than a second: progress, and a way to stop waiting that leaves the create to be settled. */
export function SlowCreate({ pending, provider, stopped, onStop }: { pending: boolean; provider: string; stopped: boolean; onStop: () => void }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const elapsed = useElapsedSeconds(pending);
  if (!pending || elapsed === null) return null;
  const seconds = new Intl.NumberFormat(lang === 'ar' ? 'ar-SA' : 'en-GB', { useGrouping: false }).format(elapsed);
  if (stopped) {
    return (
      <div className="card notice" role="status" data-testid="create-stopped-waiting">
        <strong>{t('checkout.create.stoppedTitle', { provider })}</strong>
        <p>{t('checkout.create.stoppedBody', { provider })}</p>
      </div>
    );
  }
  return (
    <div className="card notice" role="status" aria-live="polite" data-testid="create-slow">
      <span className="spinner" aria-hidden="true" />
      <strong>{t('checkout.create.slow', { provider, seconds })}</strong>
      <p className="muted small">{t('checkout.create.slowHint', { provider })}</p>
      <button type="button" onClick={onStop} data-testid="create-stop-waiting">
        {t('checkout.create.stopWaiting')}
      </button>
    </div>
  );
}

/**
 * A create whose answer was lost: PayDesk is checking with the provider. Moves on by itself — to the QR/SMS screen
 * when the session is adopted, back to the provider choice when the provider opened none.
 */
export function CheckingCreate({ paylinkId, onVoided }: { paylinkId: string; onVoided: (provider: string) => void }) {
  const { t } = useTranslation();
  const paylink = usePaylink(paylinkId);
  const provider = useProviderName(paylink.data?.provider);
  const cancel = useCancel();
  const { showPaylink, checkingVoided } = useCheckout();
  const p = paylink.data;

  useEffect(() => {
    if (!p || p.pending_command === 'create' || p.status === 'unknown') return;
    if (p.session_id && p.status !== 'cancelled') showPaylink(p.id);
    else {
      checkingVoided();
      onVoided(provider);
    }
  }, [p, provider, showPaylink, checkingVoided, onVoided]);

  return (
    <div className="card notice checking" role="status" aria-live="polite" data-testid="create-checking" data-paylink-id={paylinkId}>
      <span className="spinner" aria-hidden="true" />
      <strong data-testid="create-checking-title">{t('checkout.create.checking', { provider })}</strong>
      <p>{t('checkout.create.checkingBody', { provider })}</p>
      <ErrorNote error={cancel.error} testId="create-checking-error" />
      <button type="button" onClick={() => cancel.mutate(paylinkId)} disabled={cancel.isPending} data-testid="create-checking-cancel">
        {t('checkout.create.settleCancel')}
      </button>
    </div>
  );
}

/** Said once after the provider turned out to have opened no link: the cashier may choose again. */
export function VoidedNote({ provider }: { provider: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" data-testid="create-voided">
      {t('checkout.create.voided', { provider })}
    </p>
  );
}
