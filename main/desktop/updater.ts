import type { Db } from '../store/db';
import { readUpdateSettings } from './updateSettings';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * electron-updater behind the off-by-default setting. When on, it checks the feed at start and every six
 * hours, downloads in the background and installs on the next quit. It refuses an update whose sha512 does
 * not match the feed's latest*.yml, and on Windows and macOS one not signed like the running app.
 */
export function startUpdateChecks(db: Db): void {
  const settings = readUpdateSettings(db);
  if (!settings.enabled) return;
  void import('electron-updater')
    .then(({ default: updater }) => {
      const { autoUpdater } = updater;
      autoUpdater.channel = settings.channel;
      autoUpdater.allowDowngrade = false;
      autoUpdater.autoInstallOnAppQuit = true;
      const check = () => void autoUpdater.checkForUpdates().catch(() => undefined);
      check();
      setInterval(check, SIX_HOURS).unref();
    })
    .catch(() => undefined);
}
