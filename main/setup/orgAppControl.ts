import { AppError } from '../../shared/errors';
import { isPaylinkProvider } from '../../shared/providers';
import type { Engine } from '../engine';
import { PAYLINK_ADAPTERS } from '../providers';
import { ProviderCallError } from '../providers/http';
import { writeTransaction, type Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';

// Provider apps a manager switches off (kept installed, with their credentials, but offered to nobody),
// and "Test connection": one harmless read at the provider with the app's own credentials.

const KEY = 'org_apps_disabled';

export function disabledOrgApps(db: Db): Set<string> {
  return new Set(JSON.parse(getSetting(db, KEY) ?? '[]') as string[]);
}

export function setOrgAppEnabled(db: Db, id: string, enabled: boolean): void {
  writeTransaction(db, () => {
    const off = disabledOrgApps(db);
    if (enabled) off.delete(id);
    else off.add(id);
    putSetting(db, KEY, JSON.stringify([...off].sort()));
  });
}

/** New payment links never go to a disabled app; links it already made still refresh, capture and refund. */
export function assertOrgAppEnabled(db: Db, id: string): void {
  if (disabledOrgApps(db).has(id)) throw new AppError('conflict', `The provider app ${id} is switched off in Settings. Switch it on, or choose another provider.`, { field: 'org_app_id' });
}

export interface ConnectionTestView {
  ok: boolean;
  message: string;
}

/**
 * Asks the provider for the status of a session that does not exist: "not found" means the provider was
 * reached and took the credentials; 401/403 means it refused them.
 */
export async function testOrgAppConnection(engine: Engine, id: string): Promise<ConnectionTestView> {
  const app = engine.orgApps.load(id);
  const provider = app.row.provider;
  if (!isPaylinkProvider(provider)) return { ok: false, message: `${provider} apps are checked by their sync run (Reconciliation → Sync now).` };
  const adapter = PAYLINK_ADAPTERS[provider];
  const ctx = { baseUrl: engine.resolveBaseUrl(app.row), credentials: app.credentials, settings: app.settings, http: engine.httpFor(provider), now: () => new Date(engine.now()) };
  try {
    await adapter.getStatus(ctx, { sessionId: 'paydesk-connection-check', paymentId: 'paydesk-connection-check' }, 100, 'SAR');
    return { ok: true, message: `${app.row.name}: the provider answered and accepted the credentials.` };
  } catch (err) {
    if (err instanceof ProviderCallError) {
      const status = err.httpStatus_;
      if (status === 401 || status === 403) return { ok: false, message: `${app.row.name}: the provider refused these credentials (HTTP ${status}). Check them and save again.` };
      if (err.failure === 'unreachable' || err.failure === 'unknown') return { ok: false, message: `${app.row.name}: the provider could not be reached. Check the network and the app's address.` };
      return { ok: true, message: `${app.row.name}: the provider answered and accepted the credentials.` };
    }
    if (err instanceof AppError) return { ok: err.code === 'not_found', message: `${app.row.name}: ${err.message}` };
    throw err;
  }
}
