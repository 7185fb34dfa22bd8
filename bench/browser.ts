import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPayDesk } from '../e2e/pages/openPayDesk';
import { tillChromiumArgs } from '../main/desktop/chromiumSwitches';
import { launchUrlOf } from '../main/testing/launch';
import { startListening, stop } from './processes';

/** The REST API token of the bench's tills. */
export const BENCH_API_TOKEN = 'bench';

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

/** A `npm run serve` till and the Chromium that drives it, for the browser figures. */
export interface BrowserTill {
  browser: Browser;
  url: string;
  /** A new tab on the till, opened through its launch link and signed in as the demo cashier. */
  signedInPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserTill(name: string, options: { stock?: boolean } = {}): Promise<BrowserTill> {
  // The browser first: when it cannot start, no server has been started that could be left behind.
  const browser = await launchChromium(options);
  const dataDir = mkdtempSync(join(tmpdir(), `paydesk-bench-${name}-`));
  const serve = await startListening(['dist/main/serve.js'], { PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_API_TOKEN: BENCH_API_TOKEN, PAYDESK_LAUNCH_TOKEN: 'bench_launch' }, /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/).catch(
    async (err: unknown) => {
      await browser.close();
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    },
  );
  return {
    browser,
    url: serve.url,
    async signedInPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await openPayDesk(page, { url: serve.url, launchUrl: launchUrlOf(serve.url, 'bench_launch') });
      await page.getByTestId('pin').focus();
      await page.keyboard.type('1111');
      await page.keyboard.press('Enter');
      await page.getByTestId('scan').waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await stop(serve.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
