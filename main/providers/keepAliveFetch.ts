import http from 'node:http';
import https from 'node:https';

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/** A response read in full. Its Headers object is built on first use: most callers never look at it. */
function bufferedResponse(status: number, statusText: string, raw: http.IncomingHttpHeaders, text: string): Response {
  let headers: Headers | undefined;
  const response: Pick<Response, 'status' | 'statusText' | 'ok' | 'headers' | 'text' | 'json'> = {
    status,
    statusText,
    ok: status >= 200 && status < 300,
    get headers() {
      return (headers ??= toHeaders(raw));
    },
    text: async () => text,
    json: async () => JSON.parse(text),
  };
  return response as Response;
}

/** `timeoutMs`: a deadline for the whole exchange, kept by the transport with a plain timer. */
export interface DeadlineInit extends RequestInit {
  timeoutMs?: number;
}

/** A fetch that keeps `init.timeoutMs` itself, so its caller need not build an AbortSignal for every call. */
export type DeadlineFetch = typeof fetch & { readonly keepsDeadlines: true };

export function keepsDeadlines(f: typeof fetch): f is DeadlineFetch {
  return (f as Partial<DeadlineFetch>).keepsDeadlines === true;
}

/** What an exchange past its deadline fails with: the same name an AbortSignal.timeout gives. */
const deadlinePassed = (ms: number) => new DOMException(`no complete answer within ${ms} ms`, 'TimeoutError');

/**
 * A `fetch` over node:http(s) with a keep-alive pool, for the HTTP helper's `fetchImpl`. The global
 * fetch spends about twice the CPU per call, which alone would cap a drain below the 2,000 items/s
 * budget (DESIGN §8). Covers what the helper uses: method, headers, string body, abort signal or
 * deadline, and a response read as text.
 */
export function createKeepAliveFetch(maxSockets = 64): { fetch: DeadlineFetch; close(): void } {
  const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets }), 'https:': new https.Agent({ keepAlive: true, maxSockets }) };
  const keepAliveFetch = (input: string | URL | Request, init: DeadlineInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const transport = url.protocol === 'https:' ? https : http;
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => request.destroy(signal?.reason as Error);
      const done = () => {
        if (deadline) clearTimeout(deadline);
        signal?.removeEventListener('abort', onAbort);
      };
      const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol === 'https:' ? 'https:' : 'http:'] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => {
          done();
          reject(err);
        });
        res.on('end', () => {
          done();
          resolve(bufferedResponse(res.statusCode ?? 502, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8')));
        });
      });
      // The deadline covers the whole exchange, a body that trickles in included (not a socket idle timeout).
      const ms = init.timeoutMs;
      const deadline = ms === undefined ? undefined : setTimeout(() => request.destroy(deadlinePassed(ms)), ms).unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (err) => {
        done();
        reject(err);
      });
      request.end(body);
    });
  return {
    fetch: Object.assign(keepAliveFetch as typeof fetch, { keepsDeadlines: true as const }),
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
