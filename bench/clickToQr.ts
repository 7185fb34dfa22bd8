import { startBrowserTill } from './browser';
import { summarize, type Stats } from './stats';

export interface ClickToQrFigure extends Stats {
  budget_p95_ms: number;
  note: string;
  /** The same sales in a Chromium without the desktop app's switches (a cashier's own browser in browser mode). */
  stock_chromium?: Stats;
}

/**
 * From the cashier's Create keystroke (Enter on the payment step) to the QR image decoded and painted,
 * measured inside the page: the keydown timestamp to the animation frame after the image is ready.
 */
export async function measureClickToQr(sales: number): Promise<ClickToQrFigure> {
  const desktop = await clickToQrSamples(sales, {});
  const stock = await clickToQrSamples(sales, { stock: true });
  return {
    ...summarize(desktop),
    budget_p95_ms: 50,
    note:
      "browser mode (npm run serve, in-process sandbox), headless Debian Chromium with the desktop app's switches; Enter keydown timestamp → animation frame after the QR image decoded. " +
      'stock_chromium: the same without them (Chromium then holds the reply to a keypress until the next frame is drawn).',
    stock_chromium: summarize(stock),
  };
}

async function clickToQrSamples(sales: number, chromium: { stock?: boolean }): Promise<number[]> {
  const till = await startBrowserTill('ui', chromium);
  try {
    const page = await till.signedInPage();
    await page.getByTestId('scan').focus();
    await page.keyboard.type('6281000000011');
    await page.keyboard.press('Enter');
    await page.getByTestId('cart-line-COF-001').waitFor(); // the scan is looked up before the line lands
    await page.keyboard.press('F4');
    try {
      await page.getByTestId('provider-list').waitFor({ timeout: 10_000 });
    } catch (err) {
      await page.screenshot({ path: 'bench/.cache/click-to-qr-failure.png', fullPage: true });
      throw err;
    }

    const samples: number[] = [];
    for (let i = 0; i < sales + 3; i++) {
      await page.keyboard.press('1'); // the first offered provider
      await page.evaluate(() => {
        const w = window as unknown as { __qrMs?: Promise<number> };
        w.__qrMs = new Promise<number>((resolve) => {
          let t0 = -1;
          const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Enter' && t0 < 0) t0 = e.timeStamp;
          };
          document.addEventListener('keydown', onKey, { capture: true });
          const frame = () => {
            const img = document.querySelector<HTMLImageElement>('[data-testid="paylink-qr"]');
            if (t0 >= 0 && img && img.complete && img.naturalWidth > 0) {
              void img.decode().then(() =>
                requestAnimationFrame((painted) => {
                  document.removeEventListener('keydown', onKey, { capture: true });
                  resolve(painted - t0);
                }),
              );
              return;
            }
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
      });
      await page.keyboard.press('Enter');
      const ms = await page.evaluate(() => (window as unknown as { __qrMs: Promise<number> }).__qrMs);
      if (i >= 3) samples.push(ms); // the first few warm up the page and the engine
      await page.keyboard.press('Escape'); // cancel and switch: back to the payment step, cart kept
      try {
        await page.getByTestId('provider-list').waitFor({ timeout: 10_000 });
      } catch (err) {
        await page.screenshot({ path: 'bench/.cache/click-to-qr-failure.png', fullPage: true });
        throw err;
      }
    }
    return samples;
  } finally {
    await till.close();
  }
}
