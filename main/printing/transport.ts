import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Socket } from 'node:net';
import { AppError } from '../../shared/errors';
import { PAPER_STATUS_QUERY, paperIsOut } from './escpos';

// Getting the bytes to the printer: raw TCP (port 9100, "JetDirect") or a USB/serial device file.
// Every failure becomes an AppError the cashier can act on; nothing here retries on its own, because
// a print that is repeated blindly comes out twice. The cashier reprints.

export interface NetworkTarget {
  host: string;
  port: number;
}

export interface SendOptions {
  /** Connecting and writing together may take this long. */
  timeoutMs?: number;
  /** How long to wait for the paper status answer; printers that never answer are printed to anyway. */
  statusTimeoutMs?: number;
}

function where(t: NetworkTarget): string {
  return `${t.host}:${t.port}`;
}

function networkError(target: NetworkTarget, err: NodeJS.ErrnoException): AppError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return new AppError('printer_unreachable', `The receipt printer at ${where(target)} refused the connection. Check that it is switched on and that the address and port (usually 9100) in Settings are right, then reprint.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('printer_unreachable', `The receipt printer "${target.host}" cannot be found on the network. Check its address in Settings, then reprint.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new AppError('printer_unreachable', `The receipt printer at ${where(target)} cannot be reached. Check its network cable or Wi-Fi, then reprint.`);
    default:
      return new AppError('printer_failed', `Printing to ${where(target)} failed (${err.code ?? err.message}). Check the printer, then reprint.`);
  }
}

/** Sends one job over raw TCP: asks for the paper status first, then writes the job and waits until it has left. */
export function sendToNetworkPrinter(target: NetworkTarget, job: Uint8Array, opts: SendOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 300;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let settled = false;
    const finish = (err?: AppError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        // Done once the printer has closed its side: the whole job is in, not just in the socket buffer.
        // A printer that keeps the connection open is given a moment, then left to it.
        const grace = setTimeout(() => socket.destroy(), 2_000);
        socket.once('close', () => {
          clearTimeout(grace);
          resolve();
        });
        socket.end();
      }
    };
    const timer = setTimeout(
      () => finish(new AppError('printer_timeout', `The receipt printer at ${where(target)} did not take the receipt within ${Math.round(timeoutMs / 1000)} s. Check that it is on and has paper, then reprint.`)),
      timeoutMs,
    );
    socket.setNoDelay(true);
    socket.once('error', (err: NodeJS.ErrnoException) => finish(networkError(target, err)));
    socket.connect(target.port, target.host, () => {
      let statusTimer: NodeJS.Timeout | undefined;
      const write = () => {
        clearTimeout(statusTimer);
        socket.removeAllListeners('data');
        socket.write(job, (err) => (err ? finish(networkError(target, err)) : finish()));
        socket.on('data', () => undefined); // later status answers, if any, are not needed
      };
      socket.once('data', (answer: Buffer) => {
        const status = answer[0];
        if (status !== undefined && paperIsOut(status)) {
          clearTimeout(statusTimer);
          finish(new AppError('printer_paper_out', `The receipt printer at ${where(target)} is out of paper. Load a new roll, then reprint.`));
        } else write();
      });
      statusTimer = setTimeout(write, statusTimeoutMs);
      socket.write(PAPER_STATUS_QUERY);
    });
  });
}

function deviceError(path: string, err: NodeJS.ErrnoException): AppError {
  if (err.code === 'ENOENT') return new AppError('printer_unreachable', `There is no printer at ${path}. Check the USB cable and the device path in Settings, then reprint.`);
  if (err.code === 'EACCES' || err.code === 'EPERM') return new AppError('printer_failed', `PayDesk may not write to ${path}. Give this user access to the printer device (e.g. the "lp" group), then reprint.`);
  return new AppError('printer_failed', `Printing to ${path} failed (${err.code ?? err.message}). Check the printer, then reprint.`);
}

/** USB (/dev/usb/lp0) or serial (/dev/ttyUSB0, COM3) printers: the device file takes the bytes as they are. */
export async function sendToDevicePrinter(path: string, job: Uint8Array, opts: SendOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let handle: FileHandle;
  try {
    // Write-only without O_CREAT: a device that is not there is an error, never a new file in /dev.
    handle = await open(path, constants.O_WRONLY);
  } catch (err) {
    throw deviceError(path, err as NodeJS.ErrnoException);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      handle.write(job),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new AppError('printer_timeout', `The receipt printer at ${path} did not take the receipt within ${Math.round(timeoutMs / 1000)} s. Check its cable and paper, then reprint.`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw err instanceof AppError ? err : deviceError(path, err as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined);
  }
}
