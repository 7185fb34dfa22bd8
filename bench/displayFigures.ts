import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPayDesk } from '../main/app';
import { startBrowserTill } from './browser';
import { computeCartTotals, type CartLine } from '../shared/cart';
import { formatMinor } from '../shared/money';
import { summarize, type Stats } from './stats';

// The customer display and the thermal printer: how long the customer waits to see what the till did,
// and how long a receipt takes to reach the printer.

export interface DisplayFigure extends Stats {
  budget_p95_ms: number;
  note: string;
}

/**
 * Till event → customer display painted: the cashier's Enter on a scan (keydown timestamp in the till's
 * tab) to the animation frame in which the display's tab shows the new quantity. Two browser contexts,
 * like two devices; both clocks are the machine's (performance.timeOrigin + page time).
 */
export async function measureTillToDisplay(scans: number): Promise<DisplayFigure> {
  const run = await startBrowserTill('display');
  try {
    const till = await run.signedInPage();
    await till.getByTestId('pair-display').click();
    const code = (await till.getByTestId('pairing-code-shown').textContent())!.trim();
    await till.getByTestId('pair-display').click();

    const displayContext = await run.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const display = await displayContext.newPage();
    await display.goto(`${run.url}/customer`);
    await display.getByTestId('pairing-code').fill(code);
    await display.getByTestId('pairing-code').press('Enter');
    await display.getByTestId('customer-display').waitFor();

    await till.getByTestId('scan').focus();
    await till.evaluate(() => {
      const w = window as unknown as { __enterAt: number[] };
      w.__enterAt = [];
      document.addEventListener('keydown', (e) => e.key === 'Enter' && w.__enterAt.push(performance.timeOrigin + e.timeStamp), { capture: true });
    });
    const samples: number[] = [];
    for (let i = 1; i <= scans + 3; i++) {
      const painted = display.evaluate(
        (quantity) =>
          new Promise<number>((resolve) => {
            const frame = (t: number) => {
              const line = document.querySelector('[data-testid="display-line"] .cd-qty');
              if (line?.textContent?.startsWith(`${quantity} ×`)) resolve(performance.timeOrigin + t);
              else requestAnimationFrame(frame);
            };
            requestAnimationFrame(frame);
          }),
        i,
      );
      await till.keyboard.type('6281000000011');
      await till.keyboard.press('Enter');
      const paintedAt = await painted;
      const enterAt = await till.evaluate(() => (window as unknown as { __enterAt: number[] }).__enterAt.at(-1)!);
      if (i > 3) samples.push(paintedAt - enterAt); // the first scans warm up both pages and the engine
    }
    return {
      ...summarize(samples),
      budget_p95_ms: 50,
      note: 'browser mode (npm run serve), headless Debian Chromium, till and display in two contexts; Enter keydown on a scan in the till → animation frame in which the display shows the new quantity (includes the till’s own barcode lookup)',
    };
  } finally {
    await run.close();
  }
}

const LINES: CartLine[] = [
  { key: 'prod_demo_1', productId: 'prod_demo_1', sku: 'COF-001', name_en: 'Arabic coffee beans 500 g', name_ar: 'بن عربي ٥٠٠ غ', unitPriceMinor: 6500, quantity: 2, vatRateBp: 1500 },
  { key: 'prod_demo_4', productId: 'prod_demo_4', sku: 'ABA-004', name_en: 'Black abaya', name_ar: 'عباية سوداء', unitPriceMinor: 45000, quantity: 1, vatRateBp: 1500 },
];

/**
 * Receipt job → last byte at the printer: from asking the engine to print (render the 576-dot raster,
 * encode ESC/POS, connect, paper query, send) to the moment the printer simulator received the job's
 * last byte. In one process, so both timestamps come from the same clock.
 */
export async function measureReceiptToPrinter(prints: number): Promise<DisplayFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-bench-print-'));
  const running = await startPayDesk({ dataDir, port: 0, host: '127.0.0.1', apiToken: 'bench', mode: 'demo', sandboxUrl: undefined }, { background: false });
  try {
    const { engine } = running;
    const cashier = engine.auth.signIn('1111');
    const actor = { kind: 'staff' as const, id: cashier.staff.id, role: cashier.staff.role };
    const total = computeCartTotals(LINES, 'TAX_INCLUSIVE').totalMinor;
    const paylink = await engine.paylinks.create({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-BENCH-PRINT', amount: formatMinor(total, 'SAR'), currency: 'SAR' }, actor);
    await fetch(`${running.url}/sandbox/_control/tabby/sessions/${paylink.session_id}/approve`, { method: 'POST' });
    await engine.paylinks.get(paylink.id, { refresh: true });
    await engine.paylinks.capture(paylink.id, {}, actor);
    const samples: number[] = [];
    for (let i = 0; i < prints + 3; i++) {
      const t0 = performance.timeOrigin + performance.now();
      await engine.printing.printReceipt({ id: paylink.id, copy: i > 0, lines: LINES }, actor);
      const jobs = (await (await fetch(`${running.url}/sandbox/_control/printer/jobs`)).json()) as { jobs: { last_byte_at_ms: number }[] };
      const last = jobs.jobs.at(-1)!.last_byte_at_ms;
      if (i >= 3) samples.push(last - t0);
    }
    return { ...summarize(samples), budget_p95_ms: 0, note: '80 mm receipt (2 lines, ZATCA QR) rendered at 576 dots, ESC/POS over loopback TCP to the printer simulator; print request → last byte received (no budget in DESIGN §8)' };
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
