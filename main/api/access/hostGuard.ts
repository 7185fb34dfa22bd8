import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';

/**
 * DNS rebinding defence: a web page whose hostname resolves to 127.0.0.1 reaches this server with its own
 * hostname in `Host`. Only the two names PayDesk itself prints are answered, with the listening port.
 */
export function checkHost(app: FastifyInstance, request: FastifyRequest): AppError | undefined {
  const address = app.server.address() as AddressInfo | string | null;
  const port = address && typeof address === 'object' ? address.port : undefined;
  const host = (request.headers.host ?? '').toLowerCase();
  if (port !== undefined && (host === `127.0.0.1:${port}` || host === `localhost:${port}`)) return undefined;
  return new AppError('misdirected_request', `PayDesk answers only at http://127.0.0.1:${port ?? '<port>'} or http://localhost:${port ?? '<port>'}.`);
}

/** Browsers on other origins must not drive the till: the Origin (when sent) must be this server's own. */
export function checkOrigin(request: FastifyRequest): AppError | undefined {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== `http://${request.headers.host}`) || site === 'cross-site') {
    return new AppError('forbidden', 'Cross-origin requests are not accepted.');
  }
  return undefined;
}
