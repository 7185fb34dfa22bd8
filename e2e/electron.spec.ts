import { _electron as electron, expect, test } from '@playwright/test';
import { electronSqlitePaths, electronVersion, installedElectron } from '../scripts/electron-setup.mjs';

/** The Electron binary is downloaded separately from the npm package (`npm start` fetches it); without it this spec cannot run. */
const binary = installedElectron(process.cwd());

test.describe('Electron shell', () => {
  test.skip(!binary, 'no Electron binary on this machine (the same UI and contract run in Chromium through npm run serve)');

  test('opens the sign-in screen with window.paydesk and no Node in the renderer', async () => {
    // better-sqlite3 built for Electron's ABI by `npm start` (.electron-native/), as the Electron main loads it.
    const binding = electronSqlitePaths(process.cwd(), electronVersion(process.cwd())).binding;
    const app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, PAYDESK_MODE: 'demo', PAYDESK_SQLITE_BINDING: binding } });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('pin')).toBeVisible();
      expect(await window.evaluate(() => typeof (window as unknown as { paydesk?: unknown }).paydesk)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
