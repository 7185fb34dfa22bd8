import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { checkMobile, type MobileCheck } from '../../../shared/phone';
import { findProvider } from '../../../shared/providers';
import i18n from '../i18n';

/** Whether the SMS of `providerId` can reach this number: a mobile of a country the provider serves. */
export function checkCustomerPhone(providerId: string, phone: string): MobileCheck {
  return checkMobile(phone, findProvider(providerId)?.smsCountries ?? ['SA']);
}

function countryName(code: string | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([i18n.language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The customer's mobile for an SMS provider. Says at the field what is wrong (a landline, a country the
 * provider does not serve, not a phone number) and, for a number from abroad, which country it is.
 */
export function CustomerPhoneField({ providerId, providerName, phone, onChange, inputRef }: { providerId: string; providerName: string; phone: string; onChange(phone: string): void; inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const check = checkCustomerPhone(providerId, phone);
  const countries = (findProvider(providerId)?.smsCountries ?? []).map(countryName).join(i18n.language === 'ar' ? '، ' : ', ');
  const refused = phone.trim() !== '' && !check.ok;
  const note =
    phone.trim() === ''
      ? t('checkout.provider.reasons.phone', { name: providerName })
      : !check.ok
        ? t(`screens.phone.${check.problem}`, { provider: providerName, country: countryName(check.country), countries })
        : check.country !== 'SA'
          ? t('screens.phone.foreign', { country: countryName(check.country) })
          : '';
  return (
    <div className="phone-field">
      <label htmlFor="customer-phone">{t('checkout.provider.phone', { name: providerName })}</label>
      <input
        id="customer-phone"
        ref={inputRef}
        data-testid="customer-phone"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        dir="ltr"
        placeholder={t('checkout.provider.phonePlaceholder')}
        value={phone}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={refused}
        aria-describedby="phone-note"
      />
      <p id="phone-note" className={refused ? 'error' : 'muted small'} data-testid="phone-note" data-problem={check.ok ? undefined : check.problem} data-country={check.country}>
        {note}
      </p>
    </div>
  );
}
