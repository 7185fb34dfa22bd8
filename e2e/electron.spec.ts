import { _electron as electron, expect, test } from '@playwright/test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron binary is downloaded separately from the npm package; where it is missing this spec cannot run. */
function electronBinary(): string | undefined {
  try {
    return require('electron') as string;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(!binary, 'no Electron binary on this machine (the same UI and contract run in Chromium through npm run serve)');

  test('opens the sign-in screen with window.paydesk and no Node in the renderer', async () => {
    // better-sqlite3 built for Electron's ABI by `npm start` (.electron-native/), as the Electron main loads it.
    const { electronSqlitePaths, electronVersion } = (await import('../scripts/electron-setup.mjs' as string)) as {
      electronSqlitePaths(root: string, version: string): { binding: string };
      electronVersion(root: string): string;
    };
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
