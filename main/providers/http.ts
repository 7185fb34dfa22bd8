import { AppError } from '../../shared/errors';
import { keepsDeadlines, type DeadlineInit } from './keepAliveFetch';

// The one HTTP helper every provider adapter uses: timeouts, retries only for idempotent calls,
// and failures mapped to codes the engine can act on.

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /**
   * A JSON body sent byte for byte as given (no parse and serialize round trip), for providers that
   * check a signature over text they sent us (PayPal's verify-webhook-signature).
   */
  jsonText?: string;
  timeoutMs?: number;
  /**
   * Safe to send again: GETs, and money calls that carry an idempotency key the provider honours.
   * Only these are retried on network failures and 5xx/429.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

/**
 * How a call failed, from the engine's point of view:
 * - `unreachable`: the request never reached the provider (connection refused, DNS): nothing happened there.
 * - `unknown`: it may have been applied (timeout or reset after sending): resolve by querying, never guess.
 * - `rejected`: the provider answered 4xx: it said no.
 * - `server`: the provider answered 5xx.
 */
export type CallFailure = 'unreachable' | 'unknown' | 'rejected' | 'server';

export class ProviderCallError extends AppError {
  readonly failure: CallFailure;
  readonly httpStatus_: number | undefined;
  readonly providerBody: string | undefined;
  constructor(failure: CallFailure, message: string, opts: { status?: number; body?: string; provider?: string } = {}) {
    const code = failure === 'unreachable' ? 'provider_unreachable' : failure === 'unknown' ? 'outcome_unknown' : failure === 'rejected' ? 'provider_rejected' : 'provider_error';
    super(code, message, opts.provider ? { provider: opts.provider, provider_status: opts.status } : undefined);
    this.failure = failure;
    this.httpStatus_ = opts.status;
    this.providerBody = opts.body;
  }
}

export interface HttpClientOptions {
  provider: string;
  defaultTimeoutMs?: number;
  maxAttempts?: number;
  /** Base delay for retry backoff; tests set it low. */
  retryBaseMs?: number;
  fetchImpl?: typeof fetch;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const fetchImpl = options.fetchImpl ?? fetch;
  // A transport that keeps deadlines itself is given the timeout; any other fetch gets an AbortSignal.
  const ownDeadlines = keepsDeadlines(fetchImpl);
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const provider = options.provider;

  async function once(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.jsonText !== undefined) {
      headers['content-type'] = 'application/json';
      body = req.jsonText;
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs ?? 10_000;
    const init: DeadlineInit = ownDeadlines ? { method: req.method, headers, body, timeoutMs } : { method: req.method, headers, body, signal: AbortSignal.timeout(timeoutMs) };
    let res: Response;
    try {
      res = await fetchImpl(req.url, init);
    } catch (err) {
      const code = causeCode(err);
      if (code && UNREACHABLE_CODES.has(code)) {
        throw new ProviderCallError('unreachable', `${provider} could not be reached (${code}). Check the network and try again.`, { provider });
      }
      const timedOut = (err as Error)?.name === 'TimeoutError';
      throw new ProviderCallError(
        'unknown',
        timedOut
          ? `${provider} did not answer in time; the outcome is not known yet and PayDesk will check with ${provider}.`
          : `The connection to ${provider} broke before it answered; the outcome is not known yet and PayDesk will check with ${provider}.`,
        { provider },
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new ProviderCallError('unknown', `The answer from ${provider} was cut off; the outcome is not known yet.`, { provider });
    }
    const response: HttpResponse = {
      status: res.status,
      // Read through, not copied: a transport may build its Headers only when they are asked for.
      get headers() {
        return res.headers;
      },
      text,
      json<T>() {
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new ProviderCallError('server', `${provider} sent an answer PayDesk could not read.`, { status: res.status, provider });
        }
      },
    };
    if (res.status >= 500) {
      throw new ProviderCallError('server', `${provider} had an internal error (HTTP ${res.status}).`, { status: res.status, body: text, provider });
    }
    if (res.status === 429) {
      throw new ProviderCallError('server', `${provider} is rate limiting PayDesk (HTTP 429); it will try again shortly.`, { status: 429, body: text, provider });
    }
    if (res.status >= 400) {
      throw new ProviderCallError('rejected', `${provider} refused the request (HTTP ${res.status}): ${summarize(text)}`, { status: res.status, body: text, provider });
    }
    return response;
  }

  return {
    async request(req) {
      const retryable = req.idempotent ?? req.method === 'GET';
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(req);
        } catch (err) {
          const failure = err instanceof ProviderCallError ? err.failure : 'unknown';
          const transient = failure === 'unreachable' || failure === 'unknown' || failure === 'server';
          if (!retryable || !transient || attempt >= maxAttempts) throw err;
          const delay = retryBaseMs * 2 ** (attempt - 1);
          await sleep(delay / 2 + Math.random() * (delay / 2));
        }
      }
    },
  };
}

function summarize(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  // Provider error bodies can echo what was sent; keep them short and free of anything token-like.
  return (trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed).replace(/(bearer\s+)\S+/gi, '$1***');
}
