import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, httpStatusOf, toErrorShape, type AppErrorShape } from '../../shared/errors';
import { validationError } from '../../shared/contract';

/**
 * `{success:false, error:{code,message,details?}, request_id}` with the status that fits the code. Never a
 * stack trace in the answer; every 5xx is logged with its cause under the same request id.
 */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const shape: AppErrorShape = toErrorShape(err);
  const status = httpStatusOf(shape.code);
  if (status >= 500) {
    const line = { err, code: shape.code, statusCode: status };
    if (shape.code === 'internal') reply.log.error(line, `answered ${status} ${shape.code}: ${err instanceof Error ? err.message : String(err)}`);
    else reply.log.warn(line, `answered ${status} ${shape.code}: ${shape.message}`);
  }
  return reply.code(status).send({ success: false, error: shape, request_id: reply.request.id });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const shape = validationError(result.error.issues);
    throw new AppError(shape.code, shape.message, shape.details);
  }
  return result.data;
}

/** JSON bodies must be objects: arrays, strings and numbers at the top level are a client bug. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('validation_failed', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
