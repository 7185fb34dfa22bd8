import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { AppError } from '../../../shared/errors';
import { createCatalogLinkInput, listCatalogLinksInput, startCatalogLinkInput, updateCatalogLinkInput } from '../../../shared/schemas';
import type { StaffView } from '../../../shared/views';
import type { Engine } from '../../engine';
import type { Actor } from '../../engine/paylinkCore';
import { headerValue, objectBody, parseWith, sendError } from '../http';

// Seed 004: catalog payment links. Merchant routes take a staff session (`Authorization: Token <access_token>`);
// the public preview and start routes take nothing.

const BASE = '/api/payment-links';
const MERCHANT_PATH = /^\/api\/payment-links(\/|$)/;
const PUBLIC_PATH = /^\/api\/payment-links\/public(\/|$)/;

const staffByRequest = new WeakMap<FastifyRequest, StaffView>();

export function isStaffSessionPath(path: string): boolean {
  return MERCHANT_PATH.test(path) && !PUBLIC_PATH.test(path);
}

/**
 * onRequest guard for the merchant link routes. The integration API token is refused with 403, as seed 004 says
 * ("Do not use Api-Key for these routes"): links are tied to staff, not to integrations.
 */
export function guardStaffSession(request: FastifyRequest, reply: FastifyReply, engine: Engine): FastifyReply | undefined {
  const auth = (headerValue(request, 'authorization') ?? '').trim();
  const [scheme = '', token = ''] = auth.split(/\s+/, 2);
  if (/^(bearer|api-key)$/i.test(scheme)) {
    return sendError(reply, new AppError('forbidden', 'Payment links are managed with a staff session, not the API token. Sign in (POST /api/v1/auth/sessions) and send "Authorization: Token <access_token>".'));
  }
  const staff = /^token$/i.test(scheme) && token ? engine.auth.resolveSession(token) : undefined;
  if (!staff) {
    return sendError(reply, new AppError('unauthorized', 'Sign in with a staff PIN (POST /api/v1/auth/sessions) and send "Authorization: Token <access_token>".'));
  }
  staffByRequest.set(request, staff);
  return undefined;
}

function actorOf(request: FastifyRequest): Actor {
  const staff = staffByRequest.get(request);
  if (!staff) throw new AppError('unauthorized', 'Sign in with a staff PIN first.');
  return { kind: 'staff', id: staff.id, role: staff.role };
}

export function registerCatalogLinkRoutes(app: FastifyInstance, engine: Engine): void {
  const links = engine.catalogLinks;
  // The seed's paths end in "/"; the same route answers without it too.
  const route = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: RouteHandlerMethod) => {
    app.route({ method, url: `${BASE}${path}/`, handler });
    app.route({ method, url: `${BASE}${path}`, handler });
  };

  route('GET', '', async (request) => {
    actorOf(request);
    return links.list(parseWith(listCatalogLinksInput, request.query));
  });

  route('POST', '', async (request, reply) => {
    const input = parseWith(createCatalogLinkInput, objectBody(request));
    return reply.code(201).send(links.create(input, actorOf(request)));
  });

  route('GET', '/:id', async (request) => {
    actorOf(request);
    return links.get((request.params as { id: string }).id);
  });

  route('PATCH', '/:id', async (request) => {
    const input = parseWith(updateCatalogLinkInput, objectBody(request));
    return links.update((request.params as { id: string }).id, input, actorOf(request));
  });

  route('DELETE', '/:id', async (request, reply) => {
    links.remove((request.params as { id: string }).id, actorOf(request));
    return reply.code(204).send();
  });

  route('GET', '/:id/payments', async (request) => {
    actorOf(request);
    return links.payments((request.params as { id: string }).id);
  });

  route('GET', '/public/:id', async (request) => links.preview((request.params as { id: string }).id));

  route('POST', '/public/:id/start', async (request, reply) => {
    const input = parseWith(startCatalogLinkInput, objectBody(request));
    return reply.code(201).send(await links.start((request.params as { id: string }).id, input));
  });
}
