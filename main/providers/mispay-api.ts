import { AppError } from '../../shared/errors';
import { ProviderCallError, type HttpRequest, type HttpResponse } from './http';
import { decryptMispayPayload } from './mispay-crypto';
import type { AdapterContext } from './types';

// MisPay's HTTP surface as the adapter uses it: the encrypted-token handshake, the token cache,
// authenticated calls, and MisPay's ExceptionType.MExx refusals turned into actionable messages.

export interface CachedMispayToken {
  jwt: string;
  expiresAtMs: number;
}

/** Cached JWTs keyed by `${baseUrl}|${app_id}`; one cache per adapter instance (see createMispayAdapter). */
export type MispayTokenCache = Map<string, CachedMispayToken>;

/** Fetch a new token this long before the cached one expires, so a call never carries a just-expired JWT. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** Used only when MisPay omits `expiration`: short enough that a wrong guess costs one extra token call. */
const FALLBACK_TOKEN_LIFETIME_MS = 5 * 60_000;

export function mispayBase(ctx: AdapterContext): string {
  // Production base is https://api.mispay.co (paths below carry /v1/api); the sandbox base is …/sandbox/mispay.
  return ctx.baseUrl.replace(/\/+$/, '');
}

export function mispayCredential(ctx: AdapterContext, name: 'app_id' | 'app_secret'): string {
  const value = ctx.credentials[name];
  if (!value) throw new AppError('validation_failed', `The MisPay app has no ${name}. Add it under Settings → Apps → MisPay.`, { field: name });
  return value;
}

const MESSAGES: Record<string, string> = {
  ME01: 'MisPay did not receive the app id (ME01). Check the MisPay app id under Settings → Apps.',
  ME02: 'MisPay did not receive the app secret (ME02). Check the MisPay app secret under Settings → Apps.',
  ME03: 'MisPay does not recognise this app id and secret (ME03). Check the MisPay credentials under Settings → Apps.',
  ME04: 'MisPay says the checkout is not in a state that allows this (ME04). Refresh the paylink to see its current state.',
  ME05: 'MisPay has no such checkout or finalized transaction (ME05). Refresh the paylink; it may not be finalized yet.',
  ME10: 'MisPay refused the access token (ME10).',
  ME11: 'MisPay says the access token expired (ME11).',
  ME97: 'MisPay refused the request as invalid (ME97): check the amount (200–5000 SAR), currency (SAR) and order reference.',
};

/** The MExx code in a MisPay error body `{status:"error : 400", result:"ExceptionType.ME01"}`. */
export function mispayErrorCode(err: unknown): string | undefined {
  if (!(err instanceof ProviderCallError) || !err.providerBody) return undefined;
  try {
    const body = JSON.parse(err.providerBody) as { result?: unknown };
    return typeof body.result === 'string' ? /\b(ME\d{2})\b/.exec(body.result)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

function explained(err: unknown): unknown {
  const code = mispayErrorCode(err);
  if (!code || !(err instanceof ProviderCallError)) return err;
  const message = MESSAGES[code] ?? `MisPay refused the request (${code}).`;
  const opts: { status?: number; body?: string; provider: string } = { provider: 'mispay' };
  if (err.httpStatus_ !== undefined) opts.status = err.httpStatus_;
  if (err.providerBody !== undefined) opts.body = err.providerBody;
  return new ProviderCallError(err.failure, message, opts);
}

export interface MispayClient {
  /** A valid JWT, from the cache or a fresh GET /v1/api/token. */
  accessToken(ctx: AdapterContext): Promise<string>;
  /** An authenticated call; a refused token is dropped and the call made once more with a fresh one. */
  call(ctx: AdapterContext, req: Omit<HttpRequest, 'url' | 'headers'> & { path: string }): Promise<HttpResponse>;
}

export function createMispayClient(cache: MispayTokenCache): MispayClient {
  const cacheKey = (ctx: AdapterContext) => `${mispayBase(ctx)}|${mispayCredential(ctx, 'app_id')}`;

  async function fetchToken(ctx: AdapterContext): Promise<CachedMispayToken> {
    const appId = mispayCredential(ctx, 'app_id');
    const appSecret = mispayCredential(ctx, 'app_secret');
    let res: HttpResponse;
    try {
      res = await ctx.http.request({ method: 'GET', url: `${mispayBase(ctx)}/v1/api/token`, headers: { 'x-app-id': appId, 'x-app-secret': appSecret } });
    } catch (err) {
      throw explained(err);
    }
    const token = res.json<{ result?: { token?: unknown } }>().result?.token;
    if (typeof token !== 'string') throw new AppError('provider_error', 'MisPay answered the token request without a token. Try again; if it persists, contact MisPay.');
    let payload: { token?: unknown; expiration?: unknown };
    try {
      payload = JSON.parse(await decryptMispayPayload(token, appSecret)) as typeof payload;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('provider_error', 'MisPay sent a token PayDesk could not read. Try again; if it persists, contact MisPay.');
    }
    if (typeof payload.token !== 'string') throw new AppError('provider_error', 'MisPay sent a token envelope without a token. Try again; if it persists, contact MisPay.');
    const expiresAtMs = typeof payload.expiration === 'string' ? Date.parse(payload.expiration) : Number.NaN;
    return { jwt: payload.token, expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : ctx.now().getTime() + FALLBACK_TOKEN_LIFETIME_MS };
  }

  async function accessToken(ctx: AdapterContext): Promise<string> {
    const key = cacheKey(ctx);
    const cached = cache.get(key);
    if (cached && cached.expiresAtMs - TOKEN_REFRESH_MARGIN_MS > ctx.now().getTime()) return cached.jwt;
    const fresh = await fetchToken(ctx);
    cache.set(key, fresh);
    return fresh.jwt;
  }

  async function call(ctx: AdapterContext, req: Omit<HttpRequest, 'url' | 'headers'> & { path: string }): Promise<HttpResponse> {
    const { path, ...rest } = req;
    for (let attempt = 1; ; attempt++) {
      const jwt = await accessToken(ctx);
      try {
        return await ctx.http.request({
          ...rest,
          url: `${mispayBase(ctx)}${path}`,
          headers: { authorization: `Bearer ${jwt}`, 'x-app-id': mispayCredential(ctx, 'app_id') },
        });
      } catch (err) {
        const code = mispayErrorCode(err);
        // A refused token means MisPay refused before acting, so even a money call is safe to repeat once.
        if (attempt === 1 && (code === 'ME10' || code === 'ME11')) {
          cache.delete(cacheKey(ctx));
          continue;
        }
        throw explained(err);
      }
    }
  }

  return { accessToken, call };
}
