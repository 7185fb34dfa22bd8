import { chromium, type Browser } from '@playwright/test';

/** The Chromium scripts/bench.mjs found (PAYDESK_CHROMIUM is set by it), headless, as the browser tests run it. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.PAYDESK_CHROMIUM;
  if (!executablePath) throw new Error('No Chromium: run the bench through npm run bench, which finds one or says how to get it.');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
