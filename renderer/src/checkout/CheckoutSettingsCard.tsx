import { useTranslation } from 'react-i18next';
import { useMe, useStoreSettings, useUpdateStoreSettings } from '../api/hooks';
import { ErrorNote } from './ErrorNote';

/**
 * The two store settings the cashier flow depends on, for the manager's Settings screen:
 * auto-capture and whether shelf prices include VAT. Cashiers see them read-only.
 */
export function CheckoutSettingsCard() {
  const { t } = useTranslation();
  const me = useMe();
  const settings = useStoreSettings();
  const update = useUpdateStoreSettings();
  const canEdit = me.data?.role === 'manager' && !update.isPending;
  if (!settings.data) return null;
  return (
    <section className="card" data-testid="checkout-settings">
      <h2>{t('checkout.title')}</h2>
      <label>
        <input
          type="checkbox"
          data-testid="auto-capture"
          checked={settings.data.auto_capture}
          disabled={!canEdit}
          onChange={(e) => update.mutate({ auto_capture: e.target.checked })}
        />{' '}
        {t('checkout.settings.autoCapture')}
      </label>
      <fieldset disabled={!canEdit}>
        <legend>{t('checkout.settings.pricingMode')}</legend>
        {(['TAX_INCLUSIVE', 'TAX_EXCLUSIVE'] as const).map((mode) => (
          <label key={mode}>
            <input type="radio" name="pricing-mode" checked={settings.data.pricing_mode === mode} onChange={() => update.mutate({ pricing_mode: mode })} />{' '}
            {t(mode === 'TAX_INCLUSIVE' ? 'checkout.settings.inclusive' : 'checkout.settings.exclusive')}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!canEdit} data-testid="digit-system">
        <legend>{t('screens.digits.title')}</legend>
        {(['arab', 'latn'] as const).map((digits) => (
          <label key={digits}>
            <input type="radio" name="digit-system" value={digits} checked={settings.data.digits === digits} onChange={() => update.mutate({ digits })} data-testid={`digits-${digits}`} />{' '}
            {t(`screens.digits.${digits}`)}
          </label>
        ))}
      </fieldset>
      <ErrorNote error={update.error} />
    </section>
  );
}
