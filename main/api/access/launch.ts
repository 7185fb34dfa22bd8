import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { sendError } from '../http';
import { sessionCookie, type BridgeSessions } from './bridgeSessions';

/** `GET /launch?token=` — the launch link `npm run serve` prints: sets the bridge cookie and lands on the app. */
export function registerLaunchRoute(app: FastifyInstance, sessions: BridgeSessions): void {
  app.get<{ Querystring: { token?: string | string[] } }>('/launch', async (request, reply) => {
    const token = request.query.token;
    const session = sessions.launch(typeof token === 'string' ? token : undefined);
    reply.header('cache-control', 'no-store');
    if (!session) return sendError(reply, new AppError('forbidden', 'This launch link is not valid. Open the link PayDesk printed when it started.'));
    return reply.header('set-cookie', sessionCookie(session)).redirect('/', 303);
  });
}

/**
 * Paths that belong to the renderer's session: the bridge and its event stream. (QR images stay open: the
 * REST API hands their URLs to integrations as qr_code_url, and they only encode the customer's checkout link.)
 */
export function needsBridgeSession(path: string): boolean {
  return path.startsWith('/bridge/') || path === '/bridge';
}
