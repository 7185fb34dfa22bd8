import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors';

/** Path parameters (ids) longer than this are refused with a clear 400 before any handler sees them. */
export const MAX_ID_LENGTH = 128;
/** The router's own limit: a path segment longer than this never reaches a route (414). */
export const MAX_PARAM_LENGTH = 512;

/**
 * What the router and the HTTP layer refuse, in PayDesk's envelope and without repeating the request back.
 * `frameworkErrors` runs before any hook, so the Host check is repeated here.
 */
export function frameworkErrorOf(err: FastifyError): AppError {
  switch (err.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('uri_too_long', `A path segment is too long (at most ${MAX_PARAM_LENGTH} characters).`);
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_request', 'The path has a broken %-escape. Encode it with encodeURIComponent.');
    default:
      return new AppError('bad_request', 'The request could not be read.');
  }
}

/** Fastify's own errors (body, content type, timeouts) as envelope errors that echo nothing. */
export function fastifyErrorOf(err: FastifyError): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The request body does not match its Content-Length.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', 'The request body is not valid JSON. Check quotes, commas and brackets.');
    default:
      return err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? new AppError('bad_request', 'The request could not be read.') : undefined;
  }
}

/** preValidation: ids in the path longer than MAX_ID_LENGTH get a clear 400. */
export async function checkParamLengths(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const params = request.params as Record<string, unknown> | undefined;
  if (!params) return;
  for (const value of Object.values(params)) {
    if (typeof value === 'string' && value.length > MAX_ID_LENGTH) {
      throw new AppError('validation_failed', `An id in the path is too long (at most ${MAX_ID_LENGTH} characters).`);
    }
  }
  void reply;
}
