import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findProvider, PAYLINK_PROVIDER_IDS } from '../../../shared/providers';
import type { OrgAppView } from '../../../shared/views';
import { getApi, unwrap } from '../api/client';
import { keys, useOrgApps } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';

function AppRow({ app }: { app: OrgAppView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => unwrap(getApi()['orgApps.setEnabled']({ id: app.id, enabled })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.orgApps }),
  });
  const test = useMutation({ mutationFn: () => unwrap(getApi()['orgApps.test']({ id: app.id })) });
  const enabled = app.enabled !== false;
  return (
    <tr data-testid={`app-row-${app.id}`} data-enabled={enabled}>
      <td>
        <bdi>{app.name}</bdi>
      </td>
      <td>{findProvider(app.provider)?.name ?? app.provider}</td>
      <td>{app.environment}</td>
      <td data-testid="app-fields">{app.credential_fields.length ? t('setup.apps.fieldsSet', { fields: app.credential_fields.join(', ') }) : '—'}</td>
      <td>
        <label>
          <input type="checkbox" data-testid="app-enabled" checked={enabled} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} /> {t('setup.apps.enabled')}
        </label>
        <button type="button" data-testid="app-test" disabled={test.isPending} onClick={() => test.mutate()}>
          {t('setup.apps.test')}
        </button>
        {test.data && (
          <span role="status" data-testid="app-test-result" data-ok={test.data.ok} className={test.data.ok ? 'ok-note' : 'error'}>
            {test.data.message}
          </span>
        )}
        <ErrorNote error={toggle.error ?? test.error} />
      </td>
    </tr>
  );
}

/** Install a provider app with its credentials (write-only: afterwards only the names of the fields set show), test it, switch it on or off. */
export function ProviderAppsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const apps = useOrgApps();
  const [provider, setProvider] = useState<string>(PAYLINK_PROVIDER_IDS[0]);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<'live' | 'sandbox'>('live');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const fields = findProvider(provider)?.credentialFields ?? [];
  const install = useMutation({
    mutationFn: () => unwrap(getApi()['orgApps.install']({ provider, environment, ...(name ? { name } : {}), credentials: Object.fromEntries(fields.map((f) => [f, credentials[f] ?? ''])) })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.orgApps }),
    // Whatever happens, typed secrets leave the form.
    onSettled: () => setCredentials({}),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    install.mutate();
  };
  return (
    <section className="card" data-testid="provider-apps">
      <h2>{t('setup.apps.title')}</h2>
      <table data-testid="apps-table">
        <tbody>{apps.data?.map((a) => <AppRow key={a.id} app={a} />)}</tbody>
      </table>
      <form onSubmit={submit} className="setup-form" data-testid="app-install" autoComplete="off">
        <label>
          {t('setup.apps.provider')}
          <select data-testid="app-provider" value={provider} onChange={(e) => { setProvider(e.target.value); setCredentials({}); }}>
            {PAYLINK_PROVIDER_IDS.map((id) => (
              <option key={id} value={id}>
                {findProvider(id)?.name ?? id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('setup.apps.name')}
          <input data-testid="app-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('setup.apps.environment')}
          <select data-testid="app-environment" value={environment} onChange={(e) => setEnvironment(e.target.value as 'live' | 'sandbox')}>
            <option value="live">live</option>
            <option value="sandbox">sandbox</option>
          </select>
        </label>
        {fields.map((f) => (
          <label key={f}>
            <code>{f}</code>
            <input type="password" autoComplete="new-password" data-testid={`app-credential-${f}`} value={credentials[f] ?? ''} onChange={(e) => setCredentials((c) => ({ ...c, [f]: e.target.value }))} />
          </label>
        ))}
        <button type="submit" data-testid="app-save" disabled={install.isPending}>
          {t('setup.apps.install')}
        </button>
        {install.isSuccess && <span role="status" data-testid="app-saved">{t('setup.apps.saved', { fields: install.data.credential_fields.join(', ') })}</span>}
        <ErrorNote error={install.error} testId="app-error" />
      </form>
    </section>
  );
}
