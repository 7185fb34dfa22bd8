import { z } from 'zod';

// Receipt printer settings (DESIGN §6): none, the OS printer (Electron's silent print), or an ESC/POS
// thermal printer reached over the network (raw TCP, usually port 9100) or a USB/serial device path.

/** Dots across the paper at 203 dpi: 72 mm printable on 80 mm paper, 48 mm on 58 mm. */
export const PAPER_WIDTH_DOTS = { 80: 576, 58: 384 } as const;
export type PaperWidthMm = keyof typeof PAPER_WIDTH_DOTS;

/** Demo mode prints to the printer simulator; its address is looked up from the sandbox at print time. */
export const SIMULATOR_PRINTER_HOST = 'printer-simulator.sandbox';

const hostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'host is a name or an IP address, e.g. 192.168.1.50');

export const printerSettingsInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('os'), device_name: z.string().trim().max(200).optional() }),
  z.object({
    kind: z.literal('network'),
    host: hostName,
    port: z.number().int().min(1).max(65535).default(9100),
    paper_mm: z.union([z.literal(80), z.literal(58)]).default(80),
    cut: z.boolean().default(true),
    drawer_kick: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('device'),
    device_path: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .regex(/^(\/dev\/[\w./-]+|\\\\\.\\[\w]+|COM\d{1,3})$/, 'device_path is a device such as /dev/usb/lp0, /dev/ttyUSB0 or COM3'),
    paper_mm: z.union([z.literal(80), z.literal(58)]).default(80),
    cut: z.boolean().default(true),
    drawer_kick: z.boolean().default(false),
  }),
]);

export type PrinterSettings = z.output<typeof printerSettingsInput>;
export type EscPosPrinterSettings = Extract<PrinterSettings, { kind: 'network' | 'device' }>;

export interface PrinterSettingsView {
  settings: PrinterSettings;
  /** True while the demo default (the printer simulator) is in use. */
  simulator: boolean;
}

export function isEscPos(settings: PrinterSettings): settings is EscPosPrinterSettings {
  return settings.kind === 'network' || settings.kind === 'device';
}

/** One sale line as the till shows it: the receipt is printed from these, with both names. */
export const receiptLineInput = z.object({
  key: z.string().min(1).max(100),
  productId: z.string().max(64).nullable(),
  sku: z.string().max(64).nullable(),
  name_en: z.string().max(200),
  name_ar: z.string().max(200),
  unitPriceMinor: z.number().int().nonnegative().max(1e12),
  quantity: z.number().int().min(1).max(9999),
  vatRateBp: z.number().int().min(0).max(10_000),
});

export const receiptPrintInput = z.object({
  id: z.string().trim().min(1).max(64),
  copy: z.boolean().optional(),
  /** The sale's lines; without them the receipt is built from the paylink's items. */
  lines: z.array(receiptLineInput).max(200).optional(),
});

/** How a receipt was printed: 'browser' means the caller prints it (window.print()); otherwise main already did. */
export interface ReceiptPrintView {
  via: 'browser' | 'printer' | 'pdf' | 'escpos';
  /** True when main already wrote the outcome on the paylink's timeline (thermal printing). */
  recorded?: boolean;
}

export interface TestPrintView {
  printed: true;
  width_dots: number;
}
