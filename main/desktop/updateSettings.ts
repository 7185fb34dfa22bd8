import type { Db } from '../store/db';
import { getSetting } from '../store/settings';

/**
 * Desktop updates are off unless a store turns them on: a till that changes under a cashier mid-shift is
 * worse than an old one. On: settings row `desktop_updates` = {"enabled": true, "channel": "latest"}, or
 * PAYDESK_UPDATES=on (which wins). The feed is the `publish` entry of electron-builder.config.cjs.
 */
export interface UpdateSettings {
  enabled: boolean;
  channel: 'latest' | 'beta';
}

export const UPDATES_SETTING_KEY = 'desktop_updates';

export function readUpdateSettings(db: Db, env: NodeJS.ProcessEnv = process.env): UpdateSettings {
  let stored: Partial<UpdateSettings> = {};
  try {
    stored = JSON.parse(getSetting(db, UPDATES_SETTING_KEY) ?? '{}') as Partial<UpdateSettings>;
  } catch {
    stored = {};
  }
  const envFlag = env.PAYDESK_UPDATES?.trim().toLowerCase();
  const enabled = envFlag === 'on' || envFlag === '1' || envFlag === 'true' ? true : envFlag === 'off' || envFlag === '0' || envFlag === 'false' ? false : stored.enabled === true;
  return { enabled, channel: stored.channel === 'beta' ? 'beta' : 'latest' };
}
