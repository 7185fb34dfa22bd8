import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import QRCode from 'qrcode';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import { createHandlers, type Handlers } from '../engine/handlers';
import { secretsEqual } from '../engine/auth';
import { getPaylink } from '../store/paylinks';
import { checkHost, checkOrigin } from './access/hostGuard';
import { registerJsonBodyParser } from './input/jsonBody';
import { checkParamLengths, fastifyErrorOf, frameworkErrorOf, MAX_PARAM_LENGTH } from './input/routerErrors';
import { createBridgeSessions, newLaunchToken, type BridgeSession, type BridgeSessions } from './access/bridgeSessions';
import { needsBridgeSession, registerLaunchRoute } from './access/launch';
import { registerBridge } from './bridge';
import { registerDisplayRoutes } from '../display/routes';
import { headerValue, sendError } from './http';
import { guardStaffSession, isStaffSessionPath, registerCatalogLinkRoutes } from './rest/catalogLinks';
import { registerCatalogRoutes } from './rest/catalog';
import { registerPaylinkRoutes } from './rest/paylinks';
import { registerPaymentOrderRoutes } from './rest/paymentOrders';
import { registerProviderRoutes } from './rest/providers';
import { registerSessionRoutes } from './rest/session';
import { registerWebhookRoutes } from './rest/webhooks';

export interface ServerOptions {
  engine: Engine;
  apiToken: string;
  /** Built renderer (dist/renderer); served at / when present. */
  rendererDir?: string;
  /** Mounts extra route sets (the in-process sandbox in demo mode). */
  extraRoutes?: (app: FastifyInstance) => Promise<void>;
  bodyLimitBytes?: number;
  /** The contract's handlers when the host replaces some (a store database); default: createHandlers(engine). */
  handlers?: Handlers;
  /** Request and error logs (main/log.ts); none when absent. */
  log?: Logger;
  /** Who may use the browser bridge (the launch token's sessions); a random launch token when absent. */
  bridgeSessions?: BridgeSessions;
  /** Serve /launch, /bridge/* and the renderer (default true); the desktop app's renderer uses IPC instead. */
  browserBridge?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    bridgeSession?: BridgeSession;
  }
}

const REQUEST_ID = /^[\w.:-]{8,100}$/;

const PUBLIC_API_PATHS = [/^\/api\/v1\/auth\/sessions$/, /^\/api\/v1\/webhooks\//];

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as fastify's base logger so the instance keeps the one FastifyInstance type every route module takes.
    ...(opts.log ? { loggerInstance: opts.log as FastifyBaseLogger } : { logger: false }),
    // A caller's own x-request-id (a well-formed one) is kept, so its logs and ours share the id.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    return503OnClosing: true,
    // Limits set on purpose: a JSON body of a till or an integration is small; a request (headers and body)
    // that trickles in for more than 30 s is cut off; path segments are bounded before routing.
    bodyLimit: opts.bodyLimitBytes ?? 256 * 1024,
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err, request, reply) => {
      void sendError(reply, checkHost(app, request) ?? frameworkErrorOf(err));
    },
  });
  const { engine } = opts;
  const handlers = opts.handlers ?? createHandlers(engine);
  const bridgeSessions = opts.bridgeSessions ?? createBridgeSessions(newLaunchToken());

  // JSON only: fastify's default text/plain parser would let a mistyped body through as a string.
  app.removeAllContentTypeParsers();
  // Keep the raw body: webhooks are verified over the exact bytes the provider signed.
  registerJsonBodyParser(app);

  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof AppError) return sendError(reply, err);
    return sendError(reply, fastifyErrorOf(err as FastifyError) ?? err);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, new AppError('not_found', 'There is no such route. The paths PayDesk serves are listed in its README.')));
  app.addHook('preValidation', checkParamLengths);

  // Only this till's own names, then only its own origin, then the session each path needs.
  app.addHook('onRequest', async (request, reply) => {
    const refused = checkHost(app, request) ?? checkOrigin(request);
    if (refused) return sendError(reply, refused);
    // Decide on the route that matched, not the raw URL: "/%61pi/v1/…" routes to /api/v1/… too.
    const path = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/v1/') && !PUBLIC_API_PATHS.some((re) => re.test(path))) {
      const auth = headerValue(request, 'authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!match?.[1] || !secretsEqual(match[1], opts.apiToken)) {
        return sendError(reply, new AppError('unauthorized', 'Send the PayDesk API token as "Authorization: Bearer <token>".'));
      }
    }
    if (needsBridgeSession(path)) {
      const session = bridgeSessions.fromCookieHeader(request.headers.cookie);
      if (!session) return sendError(reply, new AppError('launch_required', 'Open PayDesk with the launch link it printed when it started (Open PayDesk: …/launch?token=…).'));
      request.bridgeSession = session;
    }
    if (isStaffSessionPath(path)) return guardStaffSession(request, reply, engine);
    return undefined;
  });
  // A request still running when the server starts closing (a provider webhook, say) must not leave its
  // keep-alive connection open behind it: close would wait for the client to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // The app's pages get the strict policy; the sandbox's hosted checkout page stands in for a provider's own
    // site (on the customer's phone) and wires its buttons with an inline script.
    const isSandboxPage = request.url.startsWith('/sandbox/');
    if (!isSandboxPage && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', CSP);
    return payload;
  });

  registerProviderRoutes(app);
  registerPaylinkRoutes(app, engine);
  registerCatalogRoutes(app, engine);
  registerSessionRoutes(app, engine);
  await registerWebhookRoutes(app, engine);
  registerPaymentOrderRoutes(app, engine);
  registerCatalogLinkRoutes(app, engine);
  const browserBridge = opts.browserBridge !== false;
  if (browserBridge) {
    registerLaunchRoute(app, bridgeSessions);
    registerBridge(app, engine, handlers, bridgeSessions);
    registerDisplayRoutes(app, engine.display, bridgeSessions);
  }

  app.get<{ Params: { file: string } }>('/qr/:file', async (request, reply) => {
    const id = request.params.file.replace(/\.svg$/, '');
    const row = getPaylink(engine.db, id);
    if (!row?.checkout_url) throw new AppError('not_found', 'No QR code for that paylink.');
    const svg = await QRCode.toString(row.checkout_url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
  });

  if (opts.extraRoutes) await opts.extraRoutes(app);

  if (!browserBridge) return app;
  if (opts.rendererDir && existsSync(opts.rendererDir)) {
    await app.register(fastifyStatic, { root: opts.rendererDir, prefix: '/', index: ['index.html'], wildcard: false });
    // The customer display is the same app at its own address (renderer/src/customer).
    app.get('/customer', (_request, reply) => reply.sendFile('index.html'));
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send('<!doctype html><title>PayDesk</title><p>The PayDesk UI is not built yet. Run <code>npm run build</code>, then reload.</p>'),
    );
  }
  return app;
}
