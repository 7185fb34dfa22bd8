import { createServer, type Server, type Socket } from 'node:net';
import { loadCanvas } from './raster';

// A thermal receipt printer on loopback, for demo mode and tests. Written from the ESC/POS command
// reference (Epson "ESC/POS Command Reference for TM printers"), not from PayDesk's own encoder: it
// reads the byte stream, keeps what a paper roll would show (GS v 0 raster), notes the cut (GS V) and the
// cash-drawer pulse (ESC p, DLE DC4), and answers the real-time status queries (DLE EOT n).

export interface PrinterJob {
  id: string;
  /** When the job's first byte arrived (ISO). */
  at: string;
  width_dots: number;
  height_dots: number;
  cut: boolean;
  drawer_kick: boolean;
  bytes: number;
  /** Epoch ms (fractional) when the job's last byte arrived: for the bench. */
  last_byte_at_ms: number;
  raster_png_base64: string;
}

export interface PrinterSimulator {
  host: string;
  port: number;
  jobs(): Promise<PrinterJob[]>;
  clearJobs(): void;
  /** Answers DLE EOT 4 with "paper end" while true, as a printer with an empty roll does. */
  setPaperOut(out: boolean): void;
  close(): Promise<void>;
}

interface OpenJob {
  at: number;
  bytes: number;
  lastByteAt: number;
  /** Raster rows, each `widthBytes` long, black = 1, most significant bit first. */
  rows: Uint8Array[];
  widthBytes: number;
  cut: boolean;
  drawerKick: boolean;
}

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const FS = 0x1c;

/** Parameter bytes after `ESC x` / `GS x` for the fixed-length commands a receipt uses. */
const ESC_PARAMS: Record<number, number> = { 0x40: 0, 0x32: 0, 0x21: 1, 0x2d: 1, 0x33: 1, 0x45: 1, 0x47: 1, 0x4a: 1, 0x4d: 1, 0x52: 1, 0x61: 1, 0x64: 1, 0x74: 1, 0x7b: 1, 0x70: 3 };
const GS_PARAMS: Record<number, number> = { 0x21: 1, 0x42: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x50: 2, 0x4c: 2, 0x57: 2 };

/** DLE EOT n answers: printer, offline, error, paper sensor. Bit 1 and 4 are always set; 0x60 in n=4 is "paper end". */
function statusAnswer(n: number, paperOut: boolean): number {
  if (n === 4) return paperOut ? 0x72 : 0x12;
  if (n === 2) return paperOut ? 0x32 : 0x12;
  return n === 1 ? 0x16 : 0x12;
}

class EscPosStream {
  private buf = new Uint8Array(0);
  private job: OpenJob | undefined;
  constructor(
    private readonly answer: (byte: number) => void,
    private readonly paperOut: () => boolean,
    private readonly done: (job: OpenJob) => void,
  ) {}

  feed(chunk: Uint8Array, at: number): void {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    let i = 0;
    while (i < merged.length) {
      const used = this.command(merged, i, at);
      if (used === 0) break; // an incomplete command: wait for the rest
      i += used;
    }
    this.buf = merged.slice(i);
    if (this.job && i > 0) {
      this.job.bytes += i;
      this.job.lastByteAt = at;
    }
  }

  end(): void {
    if (this.job && (this.job.rows.length > 0 || this.job.cut)) this.done(this.job);
    this.job = undefined;
  }

  private open(at: number): OpenJob {
    this.job ??= { at, bytes: 0, lastByteAt: at, rows: [], widthBytes: 0, cut: false, drawerKick: false };
    return this.job;
  }

  /** Bytes consumed by the command at `i`, or 0 when it is not complete yet. */
  private command(b: Uint8Array, i: number, at: number): number {
    const left = b.length - i;
    const op = b[i]!;
    if (op === DLE) {
      if (left < 3) return 0;
      if (b[i + 1] === 0x04) {
        this.answer(statusAnswer(b[i + 2]!, this.paperOut()));
        return 3;
      }
      if (b[i + 1] === 0x14) {
        if (left < 5) return 0;
        if (b[i + 2] === 0x01) this.open(at).drawerKick = true;
        return 5;
      }
      return 2;
    }
    if (op === FS) return left < 2 ? 0 : 2;
    if (op === ESC) {
      if (left < 2) return 0;
      const params = ESC_PARAMS[b[i + 1]!] ?? 1;
      if (left < 2 + params) return 0;
      if (b[i + 1] === 0x70) this.open(at).drawerKick = true;
      return 2 + params;
    }
    if (op === GS) {
      if (left < 2) return 0;
      const sub = b[i + 1]!;
      if (sub === 0x76) return this.raster(b, i, at);
      if (sub === 0x56) {
        if (left < 3) return 0;
        const m = b[i + 2]!;
        const len = m === 65 || m === 66 ? 4 : 3;
        if (left < len) return 0;
        // The job ends with the connection or with the next raster: a drawer pulse after the cut still belongs to it.
        this.open(at).cut = true;
        return len;
      }
      const params = GS_PARAMS[sub] ?? 1;
      return left < 2 + params ? 0 : 2 + params;
    }
    return 1; // text, LF, CR: nothing a raster receipt needs
  }

  /** GS v 0 m xL xH yL yH d1…dk: a block of raster rows, xL + 256·xH bytes wide. */
  private raster(b: Uint8Array, i: number, at: number): number {
    if (b.length - i < 8) return 0;
    const widthBytes = b[i + 4]! + 256 * b[i + 5]!;
    const rows = b[i + 6]! + 256 * b[i + 7]!;
    const total = 8 + widthBytes * rows;
    if (b.length - i < total) return 0;
    if (this.job?.cut) this.end();
    const job = this.open(at);
    job.widthBytes = Math.max(job.widthBytes, widthBytes);
    for (let r = 0; r < rows; r++) job.rows.push(b.slice(i + 8 + r * widthBytes, i + 8 + (r + 1) * widthBytes));
    return total;
  }
}

async function toPng(job: OpenJob): Promise<string> {
  if (job.rows.length === 0) return '';
  const { createCanvas } = await loadCanvas();
  const width = job.widthBytes * 8;
  const height = job.rows.length;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const image = g.createImageData(width, height);
  job.rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const black = ((row[x >> 3] ?? 0) >> (7 - (x & 7))) & 1;
      const at = (y * width + x) * 4;
      const v = black ? 0 : 255;
      image.data[at] = v;
      image.data[at + 1] = v;
      image.data[at + 2] = v;
      image.data[at + 3] = 255;
    }
  });
  g.putImageData(image, 0, 0);
  return canvas.toBuffer('image/png').toString('base64');
}

/** Listens on 127.0.0.1 (port 0 = any free port). */
export async function startPrinterSimulator(opts: { port?: number } = {}): Promise<PrinterSimulator> {
  const finished: Promise<PrinterJob>[] = [];
  const sockets = new Set<Socket>();
  let paperOut = false;
  let seq = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const stream = new EscPosStream(
      (byte) => socket.write(Uint8Array.of(byte)),
      () => paperOut,
      (job) => {
        const id = `job_${++seq}`;
        finished.push(
          toPng(job).then((png) => ({
            id,
            at: new Date(job.at).toISOString(),
            width_dots: job.widthBytes * 8,
            height_dots: job.rows.length,
            cut: job.cut,
            drawer_kick: job.drawerKick,
            bytes: job.bytes,
            last_byte_at_ms: job.lastByteAt,
            raster_png_base64: png,
          })),
        );
      },
    );
    socket.on('data', (chunk: Buffer) => stream.feed(chunk, performance.timeOrigin + performance.now()));
    // The job is on the list before the sender sees its connection close.
    socket.on('end', () => {
      stream.end();
      socket.end();
    });
    socket.on('close', () => {
      stream.end();
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    jobs: () => Promise.all(finished),
    clearJobs: () => void finished.splice(0),
    setPaperOut: (out) => void (paperOut = out),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
