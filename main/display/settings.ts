import type { Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';

/** Whether the desktop app opens a customer window, and on which screen (null: the first that is not the till's). */
export interface DisplaySettings {
  enabled: boolean;
  display_id: number | null;
}

const KEY = 'customer_display';

export function readDisplaySettings(db: Db): DisplaySettings {
  const saved = JSON.parse(getSetting(db, KEY) ?? '{}') as Partial<DisplaySettings>;
  return { enabled: saved.enabled !== false, display_id: typeof saved.display_id === 'number' ? saved.display_id : null };
}

export function saveDisplaySettings(db: Db, change: { enabled?: boolean | undefined; display_id?: number | null | undefined }): DisplaySettings {
  const next = { ...readDisplaySettings(db), ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), ...(change.display_id !== undefined ? { display_id: change.display_id } : {}) };
  putSetting(db, KEY, JSON.stringify(next));
  return next;
}
