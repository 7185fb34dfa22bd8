import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

// The one logger: JSON lines (pino) to stderr and to a size-capped rotating file in the data folder.
// Everything that logs takes it as a dependency. What must never reach a log line — phone numbers,
// tokens, credentials, PINs, Authorization and cookie headers — is removed here, once, for every line.

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FILE = 'paydesk.log';
/** The live file rotates at this size; this many rotated files are kept (paydesk.log.1 … .4). */
export const LOG_FILE_SIZE = '5M';
export const LOG_ROTATED_FILES = 4;

export interface LoggerOptions {
  level?: LogLevel;
  /** Folder of the rotating log file (`<data dir>/logs`); no file when absent. */
  dir?: string;
  /** Also write to stderr (default true); in-process tests keep their output quiet. */
  stderr?: boolean;
  /** Rotation size of the live file, rotating-file-stream syntax ('5M', '10K'). */
  fileSize?: string;
  rotatedFiles?: number;
}

export interface PayDeskLogger {
  log: Logger;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

const REDACTED = '[redacted]';
const SECRET_KEY = /authorization|cookie|token|^session$|secret|password|passcode|credential|api[-_]?key|^pin$|_pin$|pin_|phone|msisdn|signature/i;

/** Removes secrets and phone numbers from free text: messages, URLs, error messages and stacks. */
export function scrubText(text: string): string {
  return (
    text
      // Authorization schemes and their credentials.
      .replace(/\b(Bearer|Token|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`)
      // Query or form parameters that carry a secret or a phone number.
      .replace(/([?&;]([^=&\s#]*)=)([^&\s#"']*)/g, (whole, head: string, key: string) => (SECRET_KEY.test(key) ? `${head}${REDACTED}` : whole))
      // JSON-ish "key":"value" pairs echoed inside a message.
      .replace(/("([^"]*)"\s*:\s*)"[^"]*"/g, (whole, head: string, key: string) => (SECRET_KEY.test(key) ? `${head}"${REDACTED}"` : whole))
      // PayDesk's own tokens and keys by their prefixes.
      .replace(/\b(pdk|sk|pk|tok|whsec|rk)_[A-Za-z0-9_-]{6,}/g, REDACTED)
      // Phone numbers: international (+966 50 000 0001) or a bare run of 9–15 digits (0500000001, 966500000001).
      .replace(/\+\d{1,3}(?:[\s-]?\d{2,4}){2,4}/g, '[phone]')
      .replace(/(?<![\w.-])\d{9,15}(?![\w.-])/g, '[phone]')
  );
}

/** Objects logged as fields: secret-named keys are blanked, strings scrubbed, to a bounded depth. */
function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (!value || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  // Requests, replies and errors have serializers of their own; other class instances are left as they are.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : scrubValue(v, depth + 1);
  return out;
}

/** Top-level fields of a line; req, res and err are left to their serializers. */
function scrubFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) out[key] = key === 'req' || key === 'res' || key === 'err' ? v : SECRET_KEY.test(key) ? REDACTED : scrubValue(v, 1);
  return out;
}

const serializers = {
  // Only what diagnosing needs; headers (Authorization, cookies) are never logged.
  req: (req: { method?: string; url?: string; socket?: { remoteAddress?: string } }) => ({ method: req.method, url: scrubText(req.url ?? '') }),
  res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
  err: (err: unknown) => {
    if (!(err instanceof Error)) return scrubValue(err);
    // The standard serializer's result has a prototype of its own: copy it into a plain object to scrub it.
    return scrubValue({ ...(pino.stdSerializers.err(err) as unknown as Record<string, unknown>) });
  },
};

/** A file sink that survives the disk: a failed write (disk full, folder gone) drops lines, then reopens later. */
function fileSink(dir: string, size: string, rotate: number): { write(line: string): void; close(): Promise<void> } {
  let stream: RotatingFileStream | undefined;
  let failedAt = 0;
  const open = () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = createStream(LOG_FILE, { path: dir, size, rotate, mode: 0o600 });
    s.on('error', () => {
      failedAt = Date.now();
      if (stream === s) stream = undefined;
      s.destroy();
    });
    return s;
  };
  return {
    write(line) {
      if (!stream) {
        if (Date.now() - failedAt < 10_000) return;
        try {
          stream = open();
        } catch {
          failedAt = Date.now();
          return;
        }
      }
      stream.write(line);
    },
    close() {
      const s = stream;
      stream = undefined;
      if (!s) return Promise.resolve();
      return new Promise((resolve) => {
        s.once('error', () => resolve());
        s.end(() => resolve());
      });
    },
  };
}

export function createLogger(options: LoggerOptions = {}): PayDeskLogger {
  const level = options.level ?? 'info';
  const streams: pino.StreamEntry[] = [];
  if (options.stderr !== false) streams.push({ level: level === 'silent' ? 'fatal' : level, stream: pino.destination({ dest: 2, sync: true }) });
  const file = options.dir ? fileSink(options.dir, options.fileSize ?? LOG_FILE_SIZE, options.rotatedFiles ?? LOG_ROTATED_FILES) : undefined;
  if (file) streams.push({ level: level === 'silent' ? 'fatal' : level, stream: file });
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers,
      formatters: { log: (obj) => scrubFields(obj) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  return { log, close: () => file?.close() ?? Promise.resolve() };
}

/** A logger that writes nothing: the default for engines built in tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
