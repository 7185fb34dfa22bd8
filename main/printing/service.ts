import { computeCartTotals, KSA_STANDARD_VAT_BP, type CartLine } from '../../shared/cart';
import { AppError } from '../../shared/errors';
import { parseAmountToMinor } from '../../shared/money';
import { isEscPos, PAPER_WIDTH_DOTS, printerSettingsInput, SIMULATOR_PRINTER_HOST, type EscPosPrinterSettings, type PrinterSettings, type PrinterSettingsView, type ReceiptPrintView, type TestPrintView } from '../../shared/printing';
import { findProvider } from '../../shared/providers';
import { buildReceiptDocument, receiptPaidAt } from '../../shared/receipt';
import type { AppInfoView, PaylinkEventView, PaylinkView } from '../../shared/views';
import type { Actor } from '../engine/paylinkCore';
import type { Db } from '../store/db';
import { getDigitSystem, getSetting, putSetting } from '../store/settings';
import { encodeRasterJob } from './escpos';
import { renderReceiptRaster, renderTestPage, type RasterImage } from './raster';
import { sendToDevicePrinter, sendToNetworkPrinter, type NetworkTarget } from './transport';

// Receipts straight to an ESC/POS thermal printer: the receipt document (shared/receipt) drawn as a
// raster at the paper's width, encoded, and sent. Each attempt is written on the paylink's timeline
// (printed / reprinted / failed with the reason), and a failure is only ever a message: the sale is
// already paid and the next one can start.

export const PRINTER_SETTINGS_KEY = 'receipt_printer';

export type PrintOutcome = 'printed' | 'reprinted' | 'failed';

export interface ReceiptPrintingDeps {
  db: Db;
  now: () => number;
  mode: 'demo' | 'live';
  /** The sandbox in use (demo mode): where the printer simulator's address is looked up. */
  sandboxUrl: () => string;
  store: () => AppInfoView['store'];
  paylink: (id: string) => Promise<PaylinkView>;
  timeline: (id: string) => PaylinkEventView[];
  recordPrint: (id: string, outcome: PrintOutcome, actor: Actor, data: Record<string, unknown>) => void;
  timeoutMs?: number;
}

const DEMO_PRINTER: PrinterSettings = { kind: 'network', host: SIMULATOR_PRINTER_HOST, port: 9100, paper_mm: 80, cut: true, drawer_kick: false };

export function createReceiptPrinting(deps: ReceiptPrintingDeps) {
  let simulatorAddress: Promise<NetworkTarget> | undefined;

  function settings(): PrinterSettingsView {
    const saved = JSON.parse(getSetting(deps.db, PRINTER_SETTINGS_KEY) ?? 'null') as Record<string, unknown> | null;
    // Before printer kinds existed the row held only the OS printer's name.
    const parsed = saved && !('kind' in saved) ? printerSettingsInput.safeParse({ kind: 'os', ...saved }) : saved ? printerSettingsInput.safeParse(saved) : undefined;
    const current = parsed?.success ? parsed.data : deps.mode === 'demo' ? DEMO_PRINTER : { kind: 'none' as const };
    return { settings: current, simulator: isEscPos(current) && current.kind === 'network' && current.host === SIMULATOR_PRINTER_HOST };
  }

  function update(input: PrinterSettings): PrinterSettingsView {
    putSetting(deps.db, PRINTER_SETTINGS_KEY, JSON.stringify(input));
    return settings();
  }

  async function resolveNetwork(target: { host: string; port: number }): Promise<NetworkTarget> {
    if (target.host !== SIMULATOR_PRINTER_HOST) return target;
    simulatorAddress ??= fetch(`${deps.sandboxUrl()}/sandbox/_control/printer`, { signal: AbortSignal.timeout(3_000) })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        return (await res.json()) as NetworkTarget;
      })
      .catch(() => {
        simulatorAddress = undefined;
        throw new AppError('printer_unreachable', 'The demo printer simulator is not running. Restart PayDesk in demo mode, or choose a real printer in Settings.');
      });
    return simulatorAddress;
  }

  async function send(printer: EscPosPrinterSettings, image: RasterImage, opts: { drawerKick: boolean }): Promise<void> {
    const job = encodeRasterJob(image, { cut: printer.cut, drawerKick: opts.drawerKick && printer.drawer_kick });
    const timing = deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {};
    if (printer.kind === 'device') return sendToDevicePrinter(printer.device_path, job, timing);
    return sendToNetworkPrinter(await resolveNetwork(printer), job, timing);
  }

  function escPosPrinter(): EscPosPrinterSettings | undefined {
    const current = settings().settings;
    return isEscPos(current) ? current : undefined;
  }

  /** The sale's lines when the till sent them; else the paylink's items (gross prices at 15% VAT, TAX_INCLUSIVE). */
  function linesFor(paylink: PaylinkView, lines: readonly CartLine[] | undefined): CartLine[] {
    if (lines?.length) return [...lines];
    return paylink.items.map((item, i) => ({
      key: `item-${i}`,
      productId: item.sku ?? `item-${i}`,
      sku: item.sku ?? null,
      name_en: item.name,
      name_ar: item.name,
      unitPriceMinor: parseAmountToMinor(item.unit_price, paylink.currency),
      quantity: item.quantity,
      vatRateBp: KSA_STANDARD_VAT_BP,
    }));
  }

  /**
   * Prints one receipt on the thermal printer, or answers undefined when the store prints another way
   * (the caller then prints through the browser or the OS printer).
   */
  async function printReceipt(input: { id: string; copy?: boolean | undefined; lines?: CartLine[] | undefined }, actor: Actor): Promise<ReceiptPrintView | undefined> {
    const printer = escPosPrinter();
    if (!printer) return undefined;
    const paylink = await deps.paylink(input.id);
    const outcome: PrintOutcome = input.copy ? 'reprinted' : 'printed';
    const store = deps.store();
    const lines = linesFor(paylink, input.lines);
    const totals = computeCartTotals(lines, store.pricing_mode);
    if (lines.length === 0 || totals.totalMinor !== paylink.amount_minor) {
      throw new AppError('conflict', `The receipt lines add up to ${totals.totalMinor} but the payment was ${paylink.amount_minor} (minor units); a receipt must state what was paid.`, {
        lines_total_minor: totals.totalMinor,
        amount_minor: paylink.amount_minor,
      });
    }
    const doc = buildReceiptDocument({
      store,
      paylink,
      providerName: findProvider(paylink.provider)?.name ?? paylink.provider,
      lines,
      totals,
      paidAt: receiptPaidAt(deps.timeline(paylink.id), paylink.updated_at),
      copy: input.copy === true,
      digits: getDigitSystem(deps.db),
    });
    const where = printer.kind === 'device' ? printer.device_path : `${printer.host}:${printer.port}`;
    try {
      const image = await renderReceiptRaster(doc, PAPER_WIDTH_DOTS[printer.paper_mm]);
      await send(printer, image, { drawerKick: !input.copy });
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('printer_failed', `The receipt could not be printed (${(err as Error).message}). Check the printer, then reprint.`);
      deps.recordPrint(paylink.id, 'failed', actor, { via: 'escpos', printer: where, code: error.code, message: error.message });
      throw error;
    }
    deps.recordPrint(paylink.id, outcome, actor, { via: 'escpos', printer: where, paper_mm: printer.paper_mm });
    return { via: 'escpos', recorded: true };
  }

  async function testPrint(): Promise<TestPrintView> {
    const printer = escPosPrinter();
    if (!printer) throw new AppError('printer_not_configured', 'Choose a network or USB receipt printer in Settings first; the OS printer is tested from its own dialog.');
    const width = PAPER_WIDTH_DOTS[printer.paper_mm];
    await send(printer, await renderTestPage(deps.store(), width, new Date(deps.now()).toISOString()), { drawerKick: false });
    return { printed: true, width_dots: width };
  }

  /** Any other document drawn as a raster (the end-of-day report). */
  async function printRaster(render: (widthDots: number) => Promise<RasterImage>): Promise<{ printed: true }> {
    const printer = escPosPrinter();
    if (!printer) throw new AppError('printer_not_configured', 'Choose a network or USB receipt printer in Settings to print this on the thermal printer.');
    await send(printer, await render(PAPER_WIDTH_DOTS[printer.paper_mm]), { drawerKick: false });
    return { printed: true };
  }

  return { settings, update, printReceipt, testPrint, printRaster };
}

export type ReceiptPrinting = ReturnType<typeof createReceiptPrinting>;
