import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { useUpdateStoreProfile } from './hooks';

const FIELDS = [
  ['name_en', 'nameEn', 'ltr'],
  ['name_ar', 'nameAr', 'rtl'],
  ['branch', 'branch', 'auto'],
  ['address', 'address', 'auto'],
  ['vat_number', 'vatNumber', 'ltr'],
  ['cr_number', 'crNumber', 'ltr'],
] as const;

type Field = (typeof FIELDS)[number][0];

/** The store's names, branch, address, VAT and CR numbers: what every receipt and ZATCA QR carries. */
export function StoreProfileCard() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const update = useUpdateStoreProfile();
  const store = info.data?.store;
  const [draft, setDraft] = useState<Partial<Record<Field, string>>>({});
  if (!store) return null;
  const value = (f: Field) => draft[f] ?? store[f] ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = Object.fromEntries(FIELDS.map(([f]) => [f, value(f)])) as Record<Field, string>;
    // Digits typed in Arabic-Indic are the same digits.
    for (const f of ['vat_number', 'cr_number'] as const) input[f] = input[f].replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));
    update.mutate(input, { onSuccess: () => setDraft({}) });
  };
  return (
    <section className="card" data-testid="store-profile">
      <h2>{t('setup.profile.title')}</h2>
      <p className="muted">{t('setup.profile.hint')}</p>
      <form onSubmit={submit} className="setup-form">
        {FIELDS.map(([f, label, dir]) => (
          <label key={f}>
            {t(`setup.profile.${label}`)}
            <input data-testid={`profile-${f}`} dir={dir} value={value(f)} onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))} inputMode={f === 'vat_number' || f === 'cr_number' ? 'numeric' : undefined} />
          </label>
        ))}
        <button type="submit" data-testid="profile-save" disabled={update.isPending}>
          {t('setup.save')}
        </button>
        {update.isSuccess && <span role="status" data-testid="profile-saved">{t('setup.saved')}</span>}
        <ErrorNote error={update.error} testId="profile-error" />
      </form>
    </section>
  );
}
