import { loadImage, createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeCartTotals, type CartLine } from '../../shared/cart';
import type { MethodName } from '../../shared/contract';
import { formatMinor } from '../../shared/money';
import { SIMULATOR_PRINTER_HOST } from '../../shared/printing';
import { buildReceiptDocument } from '../../shared/receipt';
import { decodeZatcaQr } from '../../shared/zatca';
import { createHandlers, dispatch } from '../engine/handlers';
import { startTestPayDesk } from '../testing/payDesk';
import { receiptTextLines } from './raster';
import type { PrinterJob } from './simulator';

// Thermal receipts end to end: the engine prints over raw TCP to the printer simulator, and the test
// reads the paper back — the ZATCA QR decoded from the dots, Arabic ink where the Arabic lines are, the cut.

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let cashier: string;
let manager: string;
const call = async (method: MethodName, input: unknown, token = cashier) => dispatch(pd.engine, createHandlers(pd.engine), method, input, { sessionToken: token });
const ok = async <T = any>(method: MethodName, input: unknown, token = cashier): Promise<T> => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await call(method, input, token);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
};

const LINES: CartLine[] = [
  { key: 'prod_demo_1', productId: 'prod_demo_1', sku: 'COF-001', name_en: 'Arabic coffee beans 500 g', name_ar: 'بن عربي ٥٠٠ غ', unitPriceMinor: 6500, quantity: 2, vatRateBp: 1500 },
  { key: 'prod_demo_2', productId: 'prod_demo_2', sku: 'DAT-002', name_en: 'Sukkari dates 1 kg', name_ar: 'تمر سكري ١ كغ', unitPriceMinor: 4500, quantity: 1, vatRateBp: 1500 },
];
const TOTALS = computeCartTotals(LINES, 'TAX_INCLUSIVE');

async function jobs(): Promise<PrinterJob[]> {
  return ((await (await fetch(`${pd.url}/sandbox/_control/printer/jobs`)).json()) as { jobs: PrinterJob[] }).jobs;
}

async function paidSale(orderId: string): Promise<string> {
  const created = await ok<{ id: string; session_id: string }>('paylinks.create', { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: orderId, amount: formatMinor(TOTALS.totalMinor, 'SAR'), currency: 'SAR' });
  const approved = await fetch(`${pd.url}/sandbox/_control/tabby/sessions/${created.session_id}/approve`, { method: 'POST' });
  expect(approved.status).toBe(200);
  await ok('paylinks.get', { id: created.id, refresh: true });
  await ok('paylinks.capture', { id: created.id });
  return created.id;
}

async function pixels(job: PrinterJob) {
  const image = await loadImage(Buffer.from(job.raster_png_base64, 'base64'));
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  return g.getImageData(0, 0, image.width, image.height);
}

function inkIn(img: ImageData | { width: number; data: Uint8ClampedArray }, x0: number, x1: number, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.data[(y * img.width + x) * 4]! < 128) n++;
  return n;
}

async function timelineTypes(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return ok('paylinks.timeline', { id });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  pd = await startTestPayDesk();
  cashier = pd.engine.auth.signIn('1111').token;
  manager = pd.engine.auth.signIn('9999').token;
});
afterAll(() => pd.close());
beforeEach(async () => {
  await fetch(`${pd.url}/sandbox/_control/printer/jobs`, { method: 'DELETE' });
  await ok('printer.update', { kind: 'network', host: SIMULATOR_PRINTER_HOST, port: 9100, paper_mm: 80, cut: true }, manager);
});

describe('receipts on an ESC/POS thermal printer (the printer simulator)', () => {
  it('demo mode prints to the simulator by default', async () => {
    const fresh = pd.engine.printing.settings();
    expect(fresh).toMatchObject({ simulator: true, settings: { kind: 'network', host: SIMULATOR_PRINTER_HOST } });
  });

  for (const [paper, width] of [[80, 576], [58, 384]] as const) {
    it(`${paper} mm: a ${width}-dot raster whose ZATCA QR decodes to the sale, with Arabic ink and a cut`, async () => {
      await ok('printer.update', { kind: 'network', host: SIMULATOR_PRINTER_HOST, port: 9100, paper_mm: paper, cut: true }, manager);
      const id = await paidSale(`POS-PRINT-${paper}`);
      expect(await ok('receipt.print', { id, lines: LINES })).toEqual({ via: 'escpos', recorded: true });

      const [job] = await jobs();
      expect(job).toMatchObject({ width_dots: width, cut: true, drawer_kick: false });
      const img = await pixels(job!);
      expect(img.width).toBe(width);

      const qr = jsQR(img.data, img.width, img.height);
      expect(qr, 'the ZATCA QR is readable from the printed dots').not.toBeNull();
      const store = pd.engine.info().store;
      expect(decodeZatcaQr(qr!.data)).toMatchObject({
        sellerName: store.name_ar,
        vatNumber: store.vat_number,
        totalWithVat: formatMinor(TOTALS.totalMinor, 'SAR'),
        vatAmount: formatMinor(TOTALS.vatMinor, 'SAR'),
      });

      // Every Arabic line of the layout left ink on the paper where it was laid out.
      const paylink = await ok('paylinks.get', { id });
      const doc = buildReceiptDocument({ store, paylink, providerName: 'Tabby', lines: LINES, totals: TOTALS, paidAt: paylink.updated_at, copy: false });
      const arabic = receiptTextLines(doc, width).filter((l) => /[\u0600-\u06ff]/.test(l.text));
      expect(arabic.length).toBeGreaterThanOrEqual(10);
      for (const line of arabic) {
        const [x0, x1] = line.align === 'right' ? [width / 2, width] : [0, width];
        expect(inkIn(img, x0, x1, line.top, line.baseline + 4), line.text).toBeGreaterThan(40);
      }
      // …and nowhere else: the gap between the store names and the branch line stays white.
      expect(inkIn(img, 0, width, img.height - 2, img.height)).toBe(0);

      const events = await timelineTypes(id);
      expect(events.at(-1)).toMatchObject({ type: 'receipt_printed', data: { via: 'escpos', paper_mm: paper } });
    });
  }

  it('a printer that refuses the connection gives a failed print with a clear message; a reprint then works', async () => {
    const id = await paidSale('POS-PRINT-REFUSED');
    const port = await closedPort();
    await ok('printer.update', { kind: 'network', host: '127.0.0.1', port, paper_mm: 80 }, manager);
    const failed = await call('receipt.print', { id, lines: LINES });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('printer_unreachable');
    expect(failed.error.message).toContain(`127.0.0.1:${port} refused the connection`);
    expect((await timelineTypes(id)).at(-1)).toMatchObject({ type: 'receipt_print_failed', data: { code: 'printer_unreachable' } });

    // The next sale is not held up by it.
    const next = await paidSale('POS-PRINT-AFTER-FAIL');
    expect(next).toBeTruthy();

    await ok('printer.update', { kind: 'network', host: SIMULATOR_PRINTER_HOST, port: 9100, paper_mm: 80 }, manager);
    expect(await ok('receipt.print', { id, lines: LINES, copy: true })).toMatchObject({ via: 'escpos' });
    expect((await timelineTypes(id)).at(-1)).toMatchObject({ type: 'receipt_reprinted' });
    const [job] = await jobs();
    expect(job?.cut).toBe(true);
  });

  it('an empty paper roll is reported as such, and the drawer kicks on a paid receipt when set', async () => {
    const id = await paidSale('POS-PRINT-PAPER');
    await fetch(`${pd.url}/sandbox/_control/printer/paper`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out: true }) });
    try {
      const res = await call('receipt.print', { id, lines: LINES });
      expect(res.ok ? null : res.error.code).toBe('printer_paper_out');
      expect(await jobs()).toEqual([]);
    } finally {
      await fetch(`${pd.url}/sandbox/_control/printer/paper`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out: false }) });
    }
    await ok('printer.update', { kind: 'network', host: SIMULATOR_PRINTER_HOST, port: 9100, paper_mm: 80, drawer_kick: true }, manager);
    await ok('receipt.print', { id, lines: LINES });
    expect((await jobs())[0]).toMatchObject({ cut: true, drawer_kick: true });
  });

  it('refuses lines that do not add up to the payment, and prints a test page for managers only', async () => {
    const id = await paidSale('POS-PRINT-MISMATCH');
    const res = await call('receipt.print', { id, lines: LINES.slice(0, 1) });
    expect(res.ok ? null : res.error.code).toBe('conflict');
    expect((await call('printer.test', {}, cashier)).ok).toBe(false);
    expect(await ok('printer.test', {}, manager)).toEqual({ printed: true, width_dots: 576 });
    expect((await jobs())[0]).toMatchObject({ width_dots: 576, cut: true });
  });

  it('a USB/serial device path gets the ESC/POS stream as is; a missing device says so', async () => {
    const id = await paidSale('POS-PRINT-DEVICE');
    const path = `/dev/shm/paydesk-printer-test-${process.pid}`;
    writeFileSync(path, ''); // the device node a USB printer driver would provide
    await ok('printer.update', { kind: 'device', device_path: path, paper_mm: 58, cut: true }, manager);
    try {
      await ok('receipt.print', { id, lines: LINES });
      const bytes = readFileSync(path);
      expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @: initialize
      const raster = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30]));
      expect(raster).toBeGreaterThan(0); // GS v 0: the receipt as a raster…
      expect(bytes.readUInt16LE(raster + 4) * 8).toBe(384); // …384 dots wide on 58 mm paper
      expect(bytes.lastIndexOf(Buffer.from([0x1d, 0x56]))).toBeGreaterThan(raster); // GS V: the cut follows
    } finally {
      rmSync(path, { force: true });
    }
    await ok('printer.update', { kind: 'device', device_path: '/dev/shm/paydesk-missing-lp9' }, manager);
    const missing = await call('receipt.print', { id, lines: LINES, copy: true });
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'printer_unreachable', message: expect.stringContaining('There is no printer at /dev/shm/paydesk-missing-lp9') });
    expect(existsSync('/dev/shm/paydesk-missing-lp9')).toBe(false); // nothing was created in its place
  });

  it('rejects a bad printer address with a 4xx, not a crash', async () => {
    for (const bad of [{ kind: 'network', host: 'bad host!' }, { kind: 'network', host: '10.0.0.5', port: 70000 }, { kind: 'device', device_path: 'C:/nope' }, { kind: 'laser' }]) {
      const res = await call('printer.update', bad, manager);
      expect(res.ok ? null : res.error.code, JSON.stringify(bad)).toBe('validation_failed');
    }
  });

  it("prints amounts in the store's digit system, as the screen shows them", async () => {
    const id = await paidSale('POS-PRINT-DIGITS');
    const printed = async (digits: 'arab' | 'latn') => {
      await ok('settings.update', { digits }, manager);
      await fetch(`${pd.url}/sandbox/_control/printer/jobs`, { method: 'DELETE' });
      await ok('receipt.print', { id, lines: LINES, copy: true });
      const [job] = await jobs();
      return job!.raster_png_base64;
    };
    const western = await printed('latn');
    expect(await printed('latn')).toBe(western);
    // Same sale, same copy: only the digits differ, so the paper must too.
    expect(await printed('arab')).not.toBe(western);
    await ok('settings.update', { digits: 'latn' }, manager);
  });
});
