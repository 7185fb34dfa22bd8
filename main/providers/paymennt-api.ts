import { AppError } from '../../shared/errors';
import { ProviderCallError, type HttpRequest } from './http';
import type { AdapterContext } from './types';

// paymennt's HTTP surface as the adapter uses it: configurable auth header names, the
// {success, elapsed, error, result} envelope, and the checkout/payment shapes.

/** A checkout as GET /checkout/{id} answers it: the fields the adapter reads (full shape: contracts/paymennt.ts). */
export interface PaymenntCheckout {
  id: string;
  checkoutKey?: string;
  requestId?: string;
  orderId?: string;
  currency?: string;
  amount?: number;
  status: string;
  totalRefunded?: number;
  redirectUrl?: string;
  timestamp?: string;
  customer?: { phone?: string } | null;
}

interface Envelope<T> {
  success?: boolean;
  error?: string;
  result?: T;
}

/**
 * Auth header names. Current OpenAPI: X-Paymennt-Api-Key/-Secret; the PHP SDK and older docs use
 * X-PointCheckout-Api-Key/-Secret (bnpl.md §4). Org-app settings `api_key_header` / `api_secret_header`
 * override them without a release.
 */
const DEFAULT_KEY_HEADER = 'X-Paymennt-Api-Key';
const DEFAULT_SECRET_HEADER = 'X-Paymennt-Api-Secret';

export function paymenntCredential(ctx: AdapterContext, name: 'api_key' | 'api_secret' | 'webhook_hmac_key'): string {
  const value = ctx.credentials[name];
  if (!value) throw new AppError('validation_failed', `The paymennt app has no ${name}. Add it under Settings → Apps → paymennt.`, { field: name });
  return value;
}

function apiUrl(ctx: AdapterContext, path: string, query?: Record<string, string | undefined>): string {
  // Production base is https://api.paymennt.com (paths carry /mer/v2.0); the sandbox base is …/sandbox/paymennt.
  const url = new URL(`${ctx.baseUrl.replace(/\/+$/, '')}/mer/v2.0${path}`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

export interface PaymenntCall extends Omit<HttpRequest, 'url' | 'headers'> {
  path: string;
  query?: Record<string, string | undefined>;
}

/** One call, unwrapped: the `result`, or a ProviderCallError carrying paymennt's own `error` text. */
export async function callPaymennt<T>(ctx: AdapterContext, req: PaymenntCall): Promise<T> {
  const { path, query, ...rest } = req;
  const headers = {
    [ctx.settings.api_key_header || DEFAULT_KEY_HEADER]: paymenntCredential(ctx, 'api_key'),
    [ctx.settings.api_secret_header || DEFAULT_SECRET_HEADER]: paymenntCredential(ctx, 'api_secret'),
  };
  let text: string;
  let status: number;
  try {
    const res = await ctx.http.request({ ...rest, url: apiUrl(ctx, path, query), headers });
    text = res.text;
    status = res.status;
  } catch (err) {
    throw withPaymenntMessage(err);
  }
  let body: Envelope<T>;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    throw new ProviderCallError('server', 'paymennt sent an answer PayDesk could not read.', { status, provider: 'paymennt' });
  }
  if (body.success === false || body.result === undefined || body.result === null) {
    throw new ProviderCallError('rejected', `paymennt refused the request: ${body.error ?? 'no reason given'}.`, { status, body: text, provider: 'paymennt' });
  }
  return body.result;
}

/** paymennt puts the reason in `error`; show that instead of the raw body. */
function withPaymenntMessage(err: unknown): unknown {
  if (!(err instanceof ProviderCallError) || err.failure !== 'rejected' || !err.providerBody) return err;
  let reason: unknown;
  try {
    reason = (JSON.parse(err.providerBody) as Envelope<unknown>).error;
  } catch {
    return err;
  }
  if (typeof reason !== 'string' || reason === '') return err;
  const opts: { status?: number; body?: string; provider: string } = { provider: 'paymennt', body: err.providerBody };
  if (err.httpStatus_ !== undefined) opts.status = err.httpStatus_;
  const hint = err.httpStatus_ === 401 ? ' Check the paymennt API key and secret under Settings → Apps.' : '';
  return new ProviderCallError('rejected', `paymennt refused the request: ${reason}.${hint}`, opts);
}
