import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { RasterImage } from './raster';

// ESC/POS commands come from @point-of-sale/receipt-printer-encoder: it knows the command set of the
// common 80/58 mm printers (Epson, Star in ESC/POS mode, Xprinter, Sunmi…), splits tall rasters into the
// 255-row GS v 0 chunks that older firmware needs, and feeds before the cut so the last line clears
// the blade. Writing those bytes by hand is where receipt printers usually go wrong.

export interface JobOptions {
  cut: boolean;
  /** Open the cash drawer wired to the printer (ESC p, pin 2). */
  drawerKick: boolean;
}

/** Columns of font A (12 dots wide) at the paper width: 48 on 80 mm, 32 on 58 mm. */
function columnsFor(widthDots: number): number {
  return widthDots >= 576 ? 48 : 32;
}

export function encodeRasterJob(image: RasterImage, opts: JobOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: columnsFor(image.width), imageMode: 'raster', feedBeforeCut: 4 });
  encoder.initialize().image({ width: image.width, height: image.height, data: image.data }, image.width, image.height, 'threshold', 128);
  if (opts.cut) encoder.cut('full');
  if (opts.drawerKick) encoder.pulse(0, 100, 500);
  return encoder.encode();
}

/** DLE EOT 4: the paper roll sensor status query every ESC/POS printer answers in real time. */
export const PAPER_STATUS_QUERY = Uint8Array.of(0x10, 0x04, 0x04);

/** Bits 5 and 6 of the DLE EOT 4 answer: the paper has run out. Bits 2–3: it is nearly out. */
export function paperIsOut(statusByte: number): boolean {
  return (statusByte & 0x60) === 0x60;
}
