import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { BridgeSession, BridgeSessions } from '../api/access/bridgeSessions';
import { readCookie } from '../api/access/bridgeSessions';
import { eventStreams } from '../api/eventStream';
import { sendError } from '../api/http';
import type { DisplayHub } from './hub';

// The customer display's own door, beside the bridge: POST /display/pair exchanges the till's six-digit
// code for a display session, whose cookie is scoped to /display so it neither reaches the bridge nor
// replaces the till's own cookie when both screens share a browser. GET /display/state and the event
// stream GET /display/events then give that till's display view, and nothing else.

export const DISPLAY_COOKIE = 'paydesk_display';

function displaySession(request: FastifyRequest, sessions: BridgeSessions): BridgeSession {
  const id = readCookie(request.headers.cookie, DISPLAY_COOKIE);
  const session = id ? sessions.get(id) : undefined;
  if (!session || session.kind !== 'display' || !session.scope) throw new AppError('pairing_required', 'Type the pairing code shown on the till to follow it on this screen.');
  return session;
}

export function registerDisplayRoutes(app: FastifyInstance, hub: DisplayHub, sessions: BridgeSessions): void {
  const streams = eventStreams(app);

  app.post<{ Body: { code?: unknown } }>('/display/pair', async (request, reply) => {
    const code = (request.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) return sendError(reply, new AppError('validation_failed', 'The pairing code is the six digits shown on the till.', { field: 'code' }));
    const tillId = hub.redeemCode(code.trim());
    if (!tillId) return sendError(reply, new AppError('pairing_code_invalid', 'That code is not valid any more. Ask the cashier for the code on the till now.'));
    const session = sessions.open('display', tillId);
    reply.header('set-cookie', `${DISPLAY_COOKIE}=${session.id}; Path=/display; HttpOnly; SameSite=Strict`).header('cache-control', 'no-store');
    return { paired: true };
  });

  app.get('/display/state', async (request, reply) => {
    const session = displaySession(request, sessions);
    return reply.header('cache-control', 'no-store').send(hub.view(session.scope!));
  });

  app.get('/display/events', (request, reply) => {
    const session = displaySession(request, sessions);
    streams.open(request, reply, (write) => {
      const send = (view: unknown) => write(`event: display\ndata: ${JSON.stringify(view)}\n\n`);
      send(hub.view(session.scope!));
      return hub.subscribe(session.scope!, send);
    });
  });
}
