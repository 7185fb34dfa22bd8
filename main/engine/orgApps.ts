import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { findProvider } from '../../shared/providers';
import type { installOrgAppInput } from '../../shared/schemas';
import type { OrgAppView } from '../../shared/views';
import { PROVIDER_BASE_URLS } from '../providers/baseUrls';
import { checkOrgAppBaseUrl } from './baseUrlRule';
import type { Db } from '../store/db';
import { getOrgApp, insertOrgApp, listOrgApps, type OrgAppRow } from '../store/orgApps';
import type { SecretBox } from './secrets';

export interface LoadedOrgApp {
  row: OrgAppRow;
  settings: Record<string, string>;
  /** Decrypted; stays inside main. */
  credentials: Record<string, string>;
}

export function toOrgAppView(row: OrgAppRow, credentialFields: string[]): OrgAppView {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    environment: row.environment,
    base_url: row.base_url,
    settings: JSON.parse(row.settings) as Record<string, string>,
    credential_fields: credentialFields,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export interface OrgApps {
  install(input: z.output<typeof installOrgAppInput>, opts?: { id?: string }): OrgAppView;
  list(provider?: string): OrgAppView[];
  load(id: string): LoadedOrgApp;
  loadAll(provider: string): LoadedOrgApp[];
}

export function createOrgApps(db: Db, secrets: SecretBox, now: () => number): OrgApps {
  const credentialFieldsOf = (row: OrgAppRow) => Object.keys(JSON.parse(secrets.open(row.credentials_enc)) as Record<string, string>).sort();
  // Every provider call needs its app's credentials; decrypting them each time was a measurable part of a
  // create. They stay in this (main) process either way; an install clears the cache.
  const loaded = new Map<string, LoadedOrgApp>();
  const loadRow = (row: OrgAppRow): LoadedOrgApp => {
    const cached = loaded.get(row.id);
    if (cached && cached.row.updated_at === row.updated_at) return cached;
    const app = {
      row,
      settings: JSON.parse(row.settings) as Record<string, string>,
      credentials: JSON.parse(secrets.open(row.credentials_enc)) as Record<string, string>,
    };
    loaded.set(row.id, app);
    return app;
  };

  return {
    install(input, opts = {}) {
      const spec = findProvider(input.provider);
      if (!spec) throw new AppError('unknown_provider', `There is no provider "${input.provider}". GET /api/v1/providers lists them.`, { field: 'provider' });
      const missing = spec.credentialFields.filter((f) => f !== 'webhook_header_value' && f !== 'webhook_secret' && f !== 'webhook_secret_token' && f !== 'webhook_id' && !input.credentials[f]);
      if (missing.length) {
        throw new AppError('validation_failed', `${spec.name} needs these credentials: ${missing.join(', ')}.`, { field: 'credentials', missing });
      }
      const at = now();
      const row: OrgAppRow = {
        id: opts.id ?? `app_${randomUUID()}`,
        provider: spec.id,
        name: input.name ?? `${spec.name} (${input.environment})`,
        environment: input.environment,
        base_url: checkOrgAppBaseUrl(input.base_url ?? PROVIDER_BASE_URLS[spec.id][input.environment], input.environment),
        settings: JSON.stringify(input.settings ?? {}),
        credentials_enc: secrets.seal(JSON.stringify(input.credentials)),
        created_at: at,
        updated_at: at,
      };
      insertOrgApp(db, row);
      loaded.delete(row.id);
      return toOrgAppView(row, Object.keys(input.credentials).sort());
    },
    list(provider) {
      // The till's own cash "app" (cash sales are recorded under it) is no installed provider app.
      return listOrgApps(db, provider)
        .filter((row) => row.provider !== 'cash')
        .map((row) => toOrgAppView(row, credentialFieldsOf(row)));
    },
    load(id) {
      const cached = loaded.get(id);
      if (cached) return cached;
      const row = getOrgApp(db, id);
      if (!row) throw new AppError('org_app_not_found', `No installed provider app has id "${id}". GET /api/v1/org-apps lists them.`, { field: 'org_app_id' });
      return loadRow(row);
    },
    loadAll(provider) {
      return listOrgApps(db, provider).map(loadRow);
    },
  };
}
