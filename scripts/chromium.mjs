// Where the browser tests and the bench find Chromium: PAYDESK_CHROMIUM, then the system's Chromium,
// then the one Playwright downloads itself (`npx playwright install chromium`). Null when there is none.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

export function findChromium(env = process.env) {
  if (env.PAYDESK_CHROMIUM) return existsSync(env.PAYDESK_CHROMIUM) ? env.PAYDESK_CHROMIUM : null;
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return system;
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : null;
  } catch {
    return null;
  }
}

export function noChromiumMessage(env = process.env) {
  const named = env.PAYDESK_CHROMIUM ? `PAYDESK_CHROMIUM points to ${env.PAYDESK_CHROMIUM}, which does not exist.\n` : '';
  return (
    `${named}No Chromium found for the browser tests. Get one of these:\n` +
    `  - Debian/Ubuntu: sudo apt-get install -y chromium\n` +
    `  - any OS with downloads allowed: npx playwright install chromium\n` +
    `  - or set PAYDESK_CHROMIUM=/path/to/chromium`
  );
}
