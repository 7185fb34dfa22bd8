import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { sealForMerchant } from './mispay-crypto';
import { SANDBOX_CREDENTIALS } from './credentials';
import type { SandboxContext } from './core';

// MisPay's auth as the sandbox emulates it: GET /token with x-app-id + x-app-secret answers an
// encrypted {token: <JWT>, expiration}; every other call needs `Authorization: Bearer <JWT>` + x-app-id.

/** MisPay result codes for refusals (bnpl.md §3), with the HTTP status the sandbox answers them with. */
export const MISPAY_ERROR_HTTP = {
  ME01: 400, // app id missing
  ME02: 400, // app secret missing
  ME03: 401, // app not found (also used for a wrong secret: never say which half was wrong)
  ME04: 400, // invalid session: the checkout is not in a state that allows the call
  ME05: 404, // transaction not found
  ME10: 401, // bad token
  ME11: 401, // token session expired
  ME97: 400, // invalid request
} as const;
export type MispayErrorCode = keyof typeof MISPAY_ERROR_HTTP;

/** MisPay's refusal body. `why` goes to the sandbox's log header only: MisPay's body carries nothing but the code. */
export function sendMispayError(reply: FastifyReply, code: MispayErrorCode, why?: string): FastifyReply {
  const http = MISPAY_ERROR_HTTP[code];
  if (why) void reply.header('x-sandbox-reason', why.slice(0, 200));
  return reply.code(http).send({ status: `error : ${http}`, result: `ExceptionType.${code}` });
}

export const MISPAY_TOKEN_LIFETIME_SECONDS = 3600;

// One signing key per sandbox process: a restarted sandbox invalidates old tokens (ME10), which
// exercises the adapter's "drop the cached token and fetch a new one" path like a key rotation would.
const JWT_SIGNING_KEY = randomBytes(32);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GET /v1/api/token: the encrypted token envelope, or the refusal code. */
export async function issueMispayToken(request: FastifyRequest, ctx: SandboxContext): Promise<{ token: string } | { error: MispayErrorCode }> {
  const appId = header(request, 'x-app-id');
  const appSecret = header(request, 'x-app-secret');
  if (!appId) return { error: 'ME01' };
  if (!appSecret) return { error: 'ME02' };
  const expected = SANDBOX_CREDENTIALS.mispay;
  if (!sameText(appId, expected.app_id) || !sameText(appSecret, expected.app_secret)) return { error: 'ME03' };
  const issuedAt = Math.floor(ctx.now().getTime() / 1000);
  const expiresAt = issuedAt + MISPAY_TOKEN_LIFETIME_SECONDS;
  const jwt = await new SignJWT({ appId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(appId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(JWT_SIGNING_KEY);
  const plaintext = JSON.stringify({ token: jwt, expiration: new Date(expiresAt * 1000).toISOString() });
  return { token: await sealForMerchant(plaintext, expected.app_secret) };
}

/** Checks Bearer JWT + x-app-id on an API call; returns the refusal code, or undefined when allowed. */
export async function checkMispayBearer(request: FastifyRequest, ctx: SandboxContext): Promise<MispayErrorCode | undefined> {
  const appId = header(request, 'x-app-id');
  if (!appId) return 'ME01';
  const match = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '');
  if (!match?.[1]) return 'ME10';
  try {
    const { payload } = await jwtVerify(match[1], JWT_SIGNING_KEY, { algorithms: ['HS256'], currentDate: ctx.now() });
    return payload.sub === appId ? undefined : 'ME10';
  } catch (err) {
    return err instanceof joseErrors.JWTExpired ? 'ME11' : 'ME10';
  }
}
