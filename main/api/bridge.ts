import type { FastifyInstance } from 'fastify';
import { EVENT_NAMES, isMethodName } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import { dispatch, type Handlers } from '../engine/handlers';
import type { BridgeSessions } from './access/bridgeSessions';
import { eventStreams } from './eventStream';
import { headerValue } from './http';

export const SESSION_HEADER = 'x-paydesk-session';

/**
 * The browser bridge: the same contract the preload exposes over IPC, served as
 * POST /bridge/{method} (body = input, answer = Result) and pushed events over SSE.
 */
export function registerBridge(app: FastifyInstance, engine: Engine, handlers: Handlers, sessions: BridgeSessions): void {
  const streams = eventStreams(app);

  app.post<{ Params: { method: string } }>('/bridge/:method', async (request) => {
    const method = request.params.method;
    if (!isMethodName(method)) return { ok: false, error: { code: 'not_found', message: 'There is no such method.' } };
    const session = request.bridgeSession;
    if (!session || !sessions.mayCall(session, method)) return { ok: false, error: { code: 'forbidden', message: 'This screen may not do that.' } };
    return dispatch(engine, handlers, method, request.body, { sessionToken: headerValue(request, SESSION_HEADER), source: { channel: 'browser', id: sessions.sourceName(session) }, log: request.log as unknown as Logger });
  });

  app.get<{ Querystring: { session?: string } }>('/bridge/events', (request, reply) => {
    // EventSource cannot send headers, so the session comes as a query parameter.
    const session = request.bridgeSession;
    if (!session) throw new AppError('launch_required', 'Open PayDesk with its launch link first.');
    const staff = request.query.session ? engine.auth.resolveSession(request.query.session) : undefined;
    if (!staff) throw new AppError('unauthorized', 'Sign in with your PIN first.');
    streams.open(request, reply, (write) => {
      write(': connected\n\n');
      return engine.events.subscribe((event, payload) => {
        if (EVENT_NAMES.includes(event) && sessions.mayReceive(session, event)) write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
    });
  });
}
