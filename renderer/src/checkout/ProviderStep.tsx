import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toPaylinkItems, type CartTotals, type PricingMode } from '../../../shared/cart';
import { formatMinor, parseAmountToMinor, type Currency } from '../../../shared/money';
import { useCreatePaylink, useOrgApps, useProviders } from '../api/hooks';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { providerChoices, type ProviderChoice } from './eligibility';
import { CustomerPhoneField, checkCustomerPhone } from './CustomerPhoneField';
import { CheckingCreate, SlowCreate, VoidedNote } from './CreateProgress';
import { ErrorNote } from './ErrorNote';
import { formatMoney } from './money';
import { useShortcuts } from './useShortcuts';

export function ProviderStep({ totals, currency, mode }: { totals: CartTotals; currency: Currency; mode: PricingMode }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const providers = useProviders();
  const apps = useOrgApps();
  const create = useCreatePaylink();
  const { lines, orderId, providerId, phone, chooseProvider, setPhone, showPaylink, goToCart, createKeyForAttempt, startChecking, checkingPaylinkId } = useCheckout();
  const phoneInput = useRef<HTMLInputElement>(null);
  const [stoppedWaiting, setStoppedWaiting] = useState(false);
  const [voidedAt, setVoidedAt] = useState<string | null>(null);
  const onVoided = useCallback((name: string) => setVoidedAt(name), []);
  // While a create is running or being checked, this sale gets no second link.
  const busy = create.isPending || Boolean(checkingPaylinkId);

  const choices = useMemo(
    () => (providers.data && apps.data ? providerChoices(providers.data, apps.data, currency, totals.totalMinor) : []),
    [providers.data, apps.data, currency, totals.totalMinor],
  );
  const available = choices.filter((c) => !c.unavailable);
  const selected = available.find((c) => c.provider.id === providerId) ?? available[0];
  const phoneOk = !selected?.needsPhone || checkCustomerPhone(selected.provider.id, phone).ok;

  // Start on the chosen (or first usable) provider so Enter alone pays with it.
  useEffect(() => {
    if (selected && selected.provider.id !== providerId) chooseProvider(selected.provider.id);
  }, [selected, providerId, chooseProvider]);
  const hasChoices = choices.length > 0;
  useEffect(() => {
    if (hasChoices) document.querySelector<HTMLInputElement>('input[name="provider"]:checked')?.focus();
  }, [hasChoices]);

  const pick = (choice: ProviderChoice | undefined) => {
    if (!choice || choice.unavailable || busy) return;
    chooseProvider(choice.provider.id);
    // An SMS provider cannot go on without the phone: take the cashier straight to it.
    if (choice.needsPhone) setTimeout(() => phoneInput.current?.focus(), 0);
  };

  useShortcuts([
    { key: 'Escape', run: goToCart },
    ...choices.map((c, i) => ({ key: String(i + 1), run: () => pick(c) })),
  ]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!selected?.orgAppId || !phoneOk || busy) return;
    setStoppedWaiting(false);
    setVoidedAt(null);
    create
      .mutateAsync({
        // One key per attempt: a repeated Enter or a retry after a lost answer gets the same link back.
        idempotency_key: createKeyForAttempt(),
        provider: selected.provider.id,
        org_app_id: selected.orgAppId,
        order_id: orderId,
        // The API takes major units as an exact decimal string, never a float.
        amount: formatMinor(totals.totalMinor, currency),
        currency,
        lang,
        description: `PayDesk ${orderId}`,
        items: toPaylinkItems(lines, totals, mode, currency, 'VAT'),
        ...(selected.needsPhone ? { phone_number: phone } : {}),
      })
      // Settled in the store, so it moves on even if the cashier stopped waiting and left this screen.
      .then((paylink) => (paylink.pending_command === 'create' ? startChecking(paylink.id) : showPaylink(paylink.id)))
      .catch(() => undefined); // shown by ErrorNote from the mutation state
  };
  // Enter on a radio button pays with that provider (browsers do not submit forms from radios).
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.target as HTMLInputElement).type === 'radio') {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="card provider-step" onSubmit={submit} onKeyDown={onFormKeyDown} aria-labelledby="provider-title">
      <div className="provider-head">
        <h2 id="provider-title">{t('checkout.provider.title')}</h2>
        <p className="to-pay">
          {t('checkout.provider.total')}{' '}
          <strong className="num" data-testid="provider-total">
            {formatMoney(totals.totalMinor, currency, lang)}
          </strong>
        </p>
      </div>
      <p className="muted small">{t('checkout.provider.pick', { count: choices.length })}</p>
      <div role="radiogroup" className="provider-list" data-testid="provider-list">
        {choices.map((choice, i) => (
          <ProviderOption key={choice.provider.id} choice={choice} index={i} checked={selected?.provider.id === choice.provider.id} onPick={() => pick(choice)} />
        ))}
      </div>
      {selected?.needsPhone && <CustomerPhoneField providerId={selected.provider.id} providerName={selected.provider.name} phone={phone} onChange={setPhone} inputRef={phoneInput} />}
      <ErrorNote error={create.error} testId="create-error" />
      <SlowCreate pending={create.isPending} provider={selected?.provider.name ?? ''} stopped={stoppedWaiting} onStop={() => setStoppedWaiting(true)} />
      {checkingPaylinkId && <CheckingCreate paylinkId={checkingPaylinkId} onVoided={onVoided} />}
      {voidedAt && !busy && <VoidedNote provider={voidedAt} />}
      <div className="actions">
        <button type="button" onClick={goToCart}>
          {t('checkout.provider.back')} <kbd>Esc</kbd>
        </button>
        <button type="submit" className="primary big" data-testid="create-paylink" disabled={!selected || !phoneOk || busy}>
          {create.isPending ? t('checkout.provider.creating') : t('checkout.provider.create')} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function ProviderOption({ choice, index, checked, onPick }: { choice: ProviderChoice; index: number; checked: boolean; onPick: () => void }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { provider, unavailable } = choice;
  const reason = unavailable && reasonText(choice, t, lang);
  return (
    <label className={`provider-option${unavailable ? ' unavailable' : ''}${checked ? ' checked' : ''}`} data-testid={`provider-option-${provider.id}`} data-available={!unavailable}>
      <input type="radio" name="provider" value={provider.id} checked={checked} disabled={Boolean(unavailable)} onChange={onPick} data-testid={`provider-${provider.id}`} />
      <kbd>{index + 1}</kbd>
      <span className="provider-name">{provider.name}</span>
      <span className="muted small">
        {provider.checkout ? t(`checkout.provider.via.${provider.checkout}`) : ''}
        {provider.auto_capture ? ` · ${t('checkout.provider.selfCapture')}` : ''}
      </span>
      {reason && (
        <span className="reason" data-testid={`provider-reason-${provider.id}`}>
          {reason}
        </span>
      )}
    </label>
  );
}

function reasonText(choice: ProviderChoice, t: (key: string, opts?: Record<string, unknown>) => string, lang: 'en' | 'ar'): string {
  const r = choice.unavailable!;
  const name = choice.provider.name;
  if (r.code === 'amount_bounds') {
    const min = formatMoney(parseAmountToMinor(r.min, r.currency), r.currency, lang);
    const max = formatMoney(parseAmountToMinor(r.max, r.currency), r.currency, lang);
    return t('checkout.provider.reasons.amount_bounds', { name, min, max });
  }
  return t(`checkout.provider.reasons.${r.code}`, { name, ...(r.code === 'currency' ? { currency: r.currency } : {}) });
}
