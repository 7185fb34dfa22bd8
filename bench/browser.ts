import { chromium, type Browser } from '@playwright/test';
import { tillChromiumArgs } from '../main/desktop/chromiumSwitches';

/**
 * The Chromium scripts/bench.mjs found (PAYDESK_CHROMIUM is set by it), headless, as the browser tests run it.
 * It stands in for the desktop app's renderer, so it runs with the desktop app's Chromium switches
 * (main/desktop/chromiumSwitches.ts); `stock` leaves them out, to show what a plain browser does.
 */
export function launchChromium(options: { stock?: boolean } = {}): Promise<Browser> {
  const executablePath = process.env.PAYDESK_CHROMIUM;
  if (!executablePath) throw new Error('No Chromium: run the bench through npm run bench, which finds one or says how to get it.');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.stock ? [] : tillChromiumArgs())],
  });
}
