import { useTranslation } from 'react-i18next';
import { useAppInfo, useMe, useOrgApps, useProviders } from '../api/hooks';
import { CheckoutSettingsCard } from '../checkout/CheckoutSettingsCard';
import { FailedSignInsCard } from '../security/FailedSignInsCard';
import { ProductsCard } from './ProductsCard';
import { CustomerDisplayCard } from '../settings/CustomerDisplayCard';
import { PrinterCard } from '../settings/PrinterCard';
import { ProviderAppsCard } from '../settings/ProviderAppsCard';
import { StaffCard } from '../settings/StaffCard';
import { StoreProfileCard } from '../settings/StoreProfileCard';
import { useUi } from '../state/ui';
import '../settings/setup.css';

export function Settings() {
  const { t } = useTranslation();
  const providers = useProviders();
  const apps = useOrgApps();
  const info = useAppInfo();
  const store = info.data?.store;
  const me = useMe();
  const lang = useUi((s) => s.lang);

  return (
    <main className="page settings">
      {store && (
        <section className="card">
          <h2>{t('settings.store')}</h2>
          <dl className="facts">
            <dt>{t('settings.name')}</dt>
            <dd>
              <bdi>{lang === 'ar' ? store.name_ar : store.name_en}</bdi>
            </dd>
            <dt>{t('settings.vatNumber')}</dt>
            <dd>{store.vat_number}</dd>
            <dt>{t('settings.branch')}</dt>
            <dd>
              <bdi>{store.branch}</bdi>
            </dd>
          </dl>
        </section>
      )}
      {me.data?.role === 'manager' && <StoreProfileCard />}
      {me.data?.role === 'manager' && <StaffCard />}
      {me.data?.role === 'manager' && <PrinterCard />}
      {me.data?.role === 'manager' && <ProviderAppsCard />}
      {me.data?.role === 'manager' && <CustomerDisplayCard />}
      {me.data?.role === 'manager' && <CheckoutSettingsCard />}
      {me.data?.role === 'manager' && <ProductsCard />}
      {me.data?.role === 'manager' && <FailedSignInsCard />}
      <section className="card">
        <h2>{t('settings.providers')}</h2>
        <table data-testid="providers-table">
          <thead>
            <tr>
              <th>{t('settings.id')}</th>
              <th>{t('settings.name')}</th>
              <th>{t('settings.type')}</th>
              <th>{t('settings.regions')}</th>
              <th>{t('settings.currencies')}</th>
            </tr>
          </thead>
          <tbody>
            {providers.data?.map((p) => (
              <tr key={p.id} data-testid={`provider-${p.id}`}>
                <td>
                  <code>{p.id}</code>
                </td>
                <td>{p.name}</td>
                <td>{t(`types.${p.type}`)}</td>
                <td>{t(`screens.regions.${p.id}`, { defaultValue: p.regions })}</td>
                <td>
                  <bdi dir="ltr">{p.currencies.join(', ')}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('settings.orgApps')}</h2>
        <table data-testid="org-apps-table">
          <thead>
            <tr>
              <th>{t('settings.name')}</th>
              <th>{t('settings.id')}</th>
              <th>{t('settings.environment')}</th>
              <th>{t('settings.credentials')}</th>
            </tr>
          </thead>
          <tbody>
            {apps.data?.map((a) => (
              <tr key={a.id} data-testid={`org-app-${a.provider}`}>
                <td>
                  <bdi>{a.name}</bdi>
                </td>
                <td>
                  <code>{a.id}</code>
                </td>
                <td>{a.environment}</td>
                <td>{t('settings.credentialsSet', { count: a.credential_fields.length })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
