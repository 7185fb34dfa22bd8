import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_API_TOKEN, startBrowserTill } from './browser';
import { startListening, stop } from './processes';
import { summarize, type Stats } from './stats';

export interface ScanBurstFigure extends Stats {
  scans: number;
  key_delay_ms: number;
  lines_added: number;
  lost_scans: number;
  in_order: boolean;
  budget_p95_ms: number;
  note: string;
}

/**
 * A USB barcode scanner's burst: `scans` distinct 13-digit codes, each typed with Enter at 2 ms per key,
 * into the till's scan field. Counts the cart lines that land (none may be lost or merged) and, per scan,
 * the time from its Enter keydown to the animation frame in which its line is on screen.
 */
export async function measureScanBurst(scans: number): Promise<ScanBurstFigure> {
  const till = await startBrowserTill('scan');
  try {
    // Distinct products, so every scan is a new line (the demo catalog has six).
    const codes = Array.from({ length: scans }, (_, i) => `629${String(1_000_000_000 + i).slice(1)}`);
    for (const [i, barcode] of codes.entries()) {
      const res = await fetch(`${till.url}/api/v1/catalog/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: `BURST-${i}`, barcode, name_en: `Burst item ${i}`, name_ar: `صنف ${i}`, price: '1.00', currency: 'SAR' }),
      });
      if (res.status !== 201) throw new Error(`could not add product ${i}: ${res.status} ${await res.text()}`);
    }
    const page = await till.signedInPage();
    await page.waitForTimeout(500); // let the till load its catalog index, as it does once after sign-in
    await page.evaluate(() => {
      const w = window as unknown as { __burst: { enters: number[]; painted: number[] } };
      w.__burst = { enters: [], painted: [] };
      document.addEventListener('keydown', (e) => e.key === 'Enter' && w.__burst.enters.push(e.timeStamp), { capture: true });
      let seen = 0;
      const frame = (at: number) => {
        const lines = document.querySelectorAll('[data-testid^="cart-line-BURST-"]').length;
        while (seen < lines) {
          w.__burst.painted.push(at);
          seen++;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.getByTestId('scan').focus();
    for (const code of codes) {
      await page.keyboard.type(code, { delay: 2 });
      await page.keyboard.press('Enter', { delay: 2 });
    }
    await page
      .waitForFunction((n) => document.querySelectorAll('[data-testid^="cart-line-BURST-"]').length >= n, scans, { timeout: 10_000 })
      .catch(() => undefined);
    await page.waitForTimeout(300);
    const result = await page.evaluate(() => {
      const w = window as unknown as { __burst: { enters: number[]; painted: number[] } };
      const order = [...document.querySelectorAll('[data-testid^="cart-line-BURST-"]')].map((el) => Number(el.getAttribute('data-testid')!.replace('cart-line-BURST-', '')));
      return { enters: w.__burst.enters, painted: w.__burst.painted, order };
    });
    // A frame's timestamp is its start: a line painted in the frame its Enter arrived in counts as 0 ms.
    const samples = result.painted.map((at, i) => Math.max(0, at - (result.enters[i] ?? at)));
    const inOrder = result.order.every((n, i) => n === i);
    return {
      ...summarize(samples),
      scans,
      key_delay_ms: 2,
      lines_added: result.order.length,
      lost_scans: scans - result.order.length,
      in_order: inOrder,
      budget_p95_ms: 33,
      note: `${scans} distinct 13-digit codes + Enter typed at 2 ms per key into the scan field (headless Chromium, npm run serve); Enter keydown → animation frame with its cart line`,
    };
  } finally {
    await till.close();
  }
}

/** Resident memory of an idle `npm run serve` (demo mode, fresh data folder), a few seconds after its listening line. */
export async function measureIdleRss(settleMs = 3_000): Promise<{ rss_mb: number; budget_mb: number; note: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-bench-rss-'));
  // The command line of `npm run serve` (package.json): a 1 MB young generation keeps an idle till small.
  const serve = await startListening(['--max-semi-space-size=1', 'scripts/serve.mjs'], { PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_BENCH_API_TOKEN: BENCH_API_TOKEN }, /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/);
  try {
    await new Promise((r) => setTimeout(r, settleMs));
    const { readFileSync } = await import('node:fs');
    const status = readFileSync(`/proc/${serve.child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return { rss_mb: Math.round(kb / 102.4) / 10, budget_mb: 120, note: `VmRSS of the serve process ${settleMs / 1000} s after "PayDesk listening", nothing connected` };
  } finally {
    await stop(serve.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
