import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { receiptLabel, type ReceiptDocument, type ReceiptLabelKey } from '../../shared/receipt';

// The receipt as a picture at the printer's width: thermal printers have no Arabic shaping, so the
// text is shaped and laid out here (Skia via @napi-rs/canvas, with the Noto Sans Arabic the app ships)
// and the printer only gets dots. The layout follows the on-screen receipt (renderer Receipt.tsx)
// line by line, from the same ReceiptDocument.

export interface RasterImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per dot: white paper, black ink. */
  data: Uint8ClampedArray;
}

type Canvas = typeof import('@napi-rs/canvas');
type Ctx = import('@napi-rs/canvas').SKRSContext2D;

const FONT = "'PayDesk Latin', 'PayDesk Arabic'";
let canvasModule: Promise<Canvas> | undefined;

/** Loaded on first print, so start-up does not pay for Skia; the fonts are registered once per process. */
export function loadCanvas(): Promise<Canvas> {
  canvasModule ??= import('@napi-rs/canvas').then((mod) => {
    const require = createRequire(import.meta.url);
    const file = (subset: string, weight: number) => require.resolve(`@fontsource/noto-sans-arabic/files/noto-sans-arabic-${subset}-${weight}-normal.woff2`);
    for (const weight of [400, 700]) {
      mod.GlobalFonts.registerFromPath(file('arabic', weight), 'PayDesk Arabic');
      mod.GlobalFonts.registerFromPath(file('latin', weight), 'PayDesk Latin');
    }
    return mod;
  });
  return canvasModule;
}

type Op =
  | { kind: 'text'; text: string; y: number; align: 'left' | 'right' | 'center'; rtl: boolean; size: number; bold: boolean; maxWidth: number }
  | { kind: 'rule'; y: number }
  | { kind: 'qr'; y: number; modules: { size: number; get(row: number, col: number): number | boolean }; dot: number };

/** Lays out lines top to bottom; measuring happens at draw time (text too wide is shrunk to fit). */
class Layout {
  readonly ops: Op[] = [];
  y: number;
  constructor(
    readonly width: number,
    readonly margin: number,
    readonly base: number,
  ) {
    this.y = margin;
  }
  private text(text: string, align: 'left' | 'right' | 'center', opts: { rtl?: boolean; scale?: number; bold?: boolean; maxWidth?: number } = {}): void {
    const size = Math.round(this.base * (opts.scale ?? 1));
    this.ops.push({ kind: 'text', text, y: this.y + size, align, rtl: opts.rtl ?? false, size, bold: opts.bold ?? false, maxWidth: opts.maxWidth ?? this.width - 2 * this.margin });
  }
  /** Several pieces on one line (e.g. a label at the start, its value at the end). */
  row(pieces: { text: string; align: 'left' | 'right' | 'center'; rtl?: boolean; bold?: boolean; maxWidth?: number }[], scale = 1): void {
    for (const p of pieces) this.text(p.text, p.align, { ...p, scale });
    this.y += Math.round(this.base * scale * 1.45);
  }
  /** An English label at the start and its Arabic twin at the end, like the on-screen receipt's bilingual labels. */
  bi(key: ReceiptLabelKey, rate?: number, scale = 1, bold = false): void {
    const half = (this.width - 2 * this.margin) / 2 - 4;
    this.row([{ text: receiptLabel('en', key, rate), align: 'left', bold, maxWidth: half }, { text: receiptLabel('ar', key, rate), align: 'right', rtl: true, bold, maxWidth: half }], scale);
  }
  rule(): void {
    this.y += Math.round(this.base * 0.3);
    this.ops.push({ kind: 'rule', y: this.y });
    this.y += Math.round(this.base * 0.5);
  }
  qr(text: string): void {
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    // Whole dots per module keep the code crisp; about 40% of the paper width scans well from a phone.
    const dot = Math.max(3, Math.floor((this.width * 0.42) / (modules.size + 8)));
    this.y += this.base;
    this.ops.push({ kind: 'qr', y: this.y, modules, dot });
    this.y += (modules.size + 8) * dot + this.base;
  }
}

function layoutReceipt(doc: ReceiptDocument, widthDots: number): Layout {
  const base = widthDots >= 576 ? 22 : 17;
  const l = new Layout(widthDots, Math.round(widthDots * 0.02), base);
  const inner = widthDots - 2 * l.margin;
  l.row([{ text: doc.storeName.en, align: 'center', bold: true }], 1.3);
  l.row([{ text: doc.storeName.ar, align: 'center', rtl: true, bold: true }], 1.3);
  l.row([{ text: doc.branch, align: 'center' }]);
  if (doc.address) l.row([{ text: doc.address, align: 'center' }], 0.85);
  if (doc.crNumber) l.row([{ text: `${receiptLabel('en', 'crNumber')} ${doc.crNumber} ${receiptLabel('ar', 'crNumber')}`, align: 'center' }], 0.85);
  l.row([{ text: `${receiptLabel('en', 'vatNumber')} ${doc.vatNumber} ${receiptLabel('ar', 'vatNumber')}`, align: 'center' }]);
  l.bi('simplifiedInvoice', undefined, 1, true);
  if (doc.copy) l.bi('copy', undefined, 1.2, true);
  l.rule();
  l.bi('order');
  l.row([{ text: doc.orderId, align: 'right' }]);
  l.bi('date');
  l.row([{ text: doc.dateText, align: 'right' }]);
  l.rule();
  for (const item of doc.items) {
    l.row([{ text: item.name_en, align: 'left', maxWidth: inner * 0.7 }, { text: item.amountText, align: 'right', maxWidth: inner * 0.28 }]);
    l.row([{ text: item.name_ar, align: 'right', rtl: true }]);
    l.row([{ text: `${item.quantityText} × ${item.unitText.replace(/^@ /, '')}`, align: 'left' }], 0.85);
  }
  l.rule();
  for (const row of doc.totals) {
    const grand = row.key === 'total';
    l.bi(row.key, row.rate, grand ? 1.1 : 1, grand);
    l.row([{ text: row.text, align: 'right', bold: grand }], grand ? 1.2 : 1);
  }
  l.rule();
  l.bi('paidWith');
  l.row([{ text: doc.providerName, align: 'right' }]);
  l.bi('reference');
  l.row([{ text: doc.reference, align: 'right' }], 0.85);
  l.qr(doc.zatcaBase64);
  l.row([{ text: receiptLabel('en', 'thanks'), align: 'center' }]);
  l.row([{ text: receiptLabel('ar', 'thanks'), align: 'center', rtl: true }]);
  return l;
}

function draw(g: Ctx, layout: Layout): void {
  const { width, margin } = layout;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, layout.y + margin + 8);
  g.fillStyle = '#000000';
  for (const op of layout.ops) {
    if (op.kind === 'rule') {
      g.fillRect(margin, op.y, width - 2 * margin, 2);
    } else if (op.kind === 'qr') {
      const size = op.modules.size;
      const left = Math.round((width - (size + 8) * op.dot) / 2) + 4 * op.dot;
      const top = op.y + 4 * op.dot;
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (op.modules.get(r, c)) g.fillRect(left + c * op.dot, top + r * op.dot, op.dot, op.dot);
    } else {
      let size = op.size;
      const font = () => `${op.bold ? 'bold ' : ''}${size}px ${FONT}`;
      g.font = font();
      while (size > 10 && g.measureText(op.text).width > op.maxWidth) {
        size -= 1;
        g.font = font();
      }
      g.direction = op.rtl ? 'rtl' : 'ltr';
      g.textAlign = op.align;
      const x = op.align === 'left' ? margin : op.align === 'right' ? width - margin : width / 2;
      g.fillText(op.text, x, op.y);
    }
  }
}

async function render(layout: Layout): Promise<RasterImage> {
  const { createCanvas } = await loadCanvas();
  // A whole number of 8-dot bands: the printer's raster rows come in bytes, and no resampling is needed.
  const height = Math.ceil((layout.y + layout.margin) / 8) * 8;
  const canvas = createCanvas(layout.width, height);
  const g = canvas.getContext('2d');
  draw(g, layout);
  const image = g.getImageData(0, 0, layout.width, height);
  return { width: layout.width, height, data: image.data };
}

/** Where each text line of the receipt lands (top and baseline in dots): tests look for ink there. */
export function receiptTextLines(doc: ReceiptDocument, widthDots: number): { text: string; top: number; baseline: number; align: 'left' | 'right' | 'center' }[] {
  return layoutReceipt(doc, widthDots).ops.flatMap((op) => (op.kind === 'text' ? [{ text: op.text, top: op.y - op.size, baseline: op.y, align: op.align }] : []));
}

/** The receipt at `widthDots` (576 for 80 mm paper, 384 for 58 mm). */
export function renderReceiptRaster(doc: ReceiptDocument, widthDots: number): Promise<RasterImage> {
  return render(layoutReceipt(doc, widthDots));
}

/** A short page to check a new printer: the store's names in both scripts, the paper width, a rule and a QR. */
export function renderTestPage(store: { name_en: string; name_ar: string }, widthDots: number, printedAt: string): Promise<RasterImage> {
  const l = new Layout(widthDots, Math.round(widthDots * 0.02), widthDots >= 576 ? 22 : 17);
  l.row([{ text: 'PayDesk test print', align: 'center', bold: true }], 1.2);
  l.row([{ text: 'طباعة تجريبية', align: 'center', rtl: true, bold: true }], 1.2);
  l.rule();
  l.row([{ text: store.name_en, align: 'left' }]);
  l.row([{ text: store.name_ar, align: 'right', rtl: true }]);
  l.row([{ text: `${widthDots} dots · ${printedAt}`, align: 'left' }], 0.85);
  l.qr(`PayDesk test print ${printedAt}`);
  return render(l);
}

/** A report on the thermal printer (the end of day): a bilingual title, then label / value rows and rules. */
export interface ReportDocument {
  title: { en: string; ar: string };
  subtitle: string;
  rows: ({ label: string; value: string; bold?: boolean } | 'rule')[];
}

export function renderReportRaster(doc: ReportDocument, widthDots: number): Promise<RasterImage> {
  const l = new Layout(widthDots, Math.round(widthDots * 0.02), widthDots >= 576 ? 20 : 16);
  const inner = widthDots - 2 * l.margin;
  l.row([{ text: doc.title.en, align: 'center', bold: true }], 1.2);
  l.row([{ text: doc.title.ar, align: 'center', rtl: true, bold: true }], 1.2);
  l.row([{ text: doc.subtitle, align: 'center' }], 0.85);
  l.rule();
  for (const row of doc.rows) {
    if (row === 'rule') l.rule();
    else l.row([{ text: row.label, align: 'left', bold: row.bold ?? false, maxWidth: inner * 0.62 }, { text: row.value, align: 'right', bold: row.bold ?? false, maxWidth: inner * 0.36 }]);
  }
  return render(l);
}
