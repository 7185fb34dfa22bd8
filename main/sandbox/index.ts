import Fastify, { type FastifyInstance } from 'fastify';
import { findProvider } from '../../shared/providers';
import { createSandboxContext, installFaults, renderCheckoutPage, type CustomerAction, type FaultConfig, type ProviderSimulator, type SandboxContext } from './core';
import { tabbySimulator } from './tabby';
import { tamaraSimulator } from './tamara';
import { mispaySimulator } from './mispay';
import { paymenntSimulator } from './paymennt';
import { registerBackoffice } from './backoffice';
import { registerGatewaySimulators } from './gateways';
import { registerPrinterSimulator } from '../printing/simulatorRoutes';

export const PAYLINK_SIMULATORS: readonly ProviderSimulator[] = [tabbySimulator, tamaraSimulator, mispaySimulator, paymenntSimulator];
const ACTIONS: readonly CustomerAction[] = ['approve', 'decline', 'expire', 'cancel'];

/**
 * Mounts the provider simulators under `/sandbox/{provider}`, their control API under `/sandbox/_control`
 * and the back-office simulator under `/backoffice`. Used in-process by demo mode and standalone.
 */
export async function registerSandbox(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  for (const sim of PAYLINK_SIMULATORS) {
    await app.register(
      async (scoped) => {
        scoped.get<{ Params: { id: string } }>('/checkout/:id', async (request, reply) => {
          const session = ctx.findSession(sim.id, request.params.id);
          if (!session) return reply.code(404).type('text/html').send('<h1>This checkout link does not exist.</h1>');
          return reply.type('text/html; charset=utf-8').send(renderCheckoutPage(session, findProvider(sim.id)?.name ?? sim.id));
        });
        await scoped.register(async (api) => {
          installFaults(api, ctx, sim.id);
          sim.register(api, ctx);
        });
      },
      { prefix: `/sandbox/${sim.id}` },
    );
  }
  await app.register(async (gw) => registerGatewaySimulators(gw, ctx), { prefix: '/sandbox' });

  app.post<{ Params: { provider: string; id: string; action: string } }>('/sandbox/_control/:provider/sessions/:id/:action', async (request, reply) => {
    const { provider, id, action } = request.params;
    const sim = PAYLINK_SIMULATORS.find((s) => s.id === provider);
    if (!sim) return reply.code(404).send({ error: `unknown sandbox provider ${provider}` });
    if (!ACTIONS.includes(action as CustomerAction)) return reply.code(400).send({ error: `action must be one of ${ACTIONS.join(', ')}` });
    const session = ctx.findSession(provider, id);
    if (!session) return reply.code(404).send({ error: `no ${provider} session ${id}` });
    if (session.state !== 'pending') return reply.code(409).send({ error: `session is already ${session.state}`, state: session.state });
    await sim.onCustomerAction(session, action as CustomerAction, ctx);
    return { ok: true, state: session.state, provider_status: session.providerStatus };
  });

  app.get<{ Params: { provider: string; id: string } }>('/sandbox/_control/:provider/sessions/:id', async (request, reply) => {
    const session = ctx.findSession(request.params.provider, request.params.id);
    if (!session) return reply.code(404).send({ error: 'no such session' });
    return session;
  });

  app.post<{ Body: Partial<FaultConfig> & { provider?: string } }>('/sandbox/_control/faults', async (request) => {
    const body = (request.body ?? {}) as Partial<FaultConfig> & { provider?: string };
    ctx.setFaults(body.provider, body);
    return { ok: true, faults: ctx.faultsFor(body.provider ?? '*') };
  });
  app.delete('/sandbox/_control/faults', async () => {
    ctx.clearFaults();
    return { ok: true };
  });
  app.get<{ Querystring: { provider?: string } }>('/sandbox/_control/ledger', async (request) => {
    const provider = request.query.provider;
    const entries = ctx.ledger().filter((e) => !provider || e.provider === provider);
    return { entries, total: entries.length };
  });
  app.put<{ Body: { url?: string } }>('/sandbox/_control/webhook-target', async (request, reply) => {
    const url = (request.body as { url?: unknown } | undefined)?.url;
    if (url !== undefined && url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url))) return reply.code(400).send({ error: 'url must be an http(s) URL' });
    ctx.setWebhookBase(typeof url === 'string' ? url : undefined);
    return { ok: true, url: ctx.webhookBase() ?? null };
  });
  app.get('/sandbox/_control/webhooks', async () => ({ deliveries: ctx.deliveries() }));

  await app.register(async (bo) => registerBackoffice(bo, ctx), { prefix: '/backoffice' });
  await registerPrinterSimulator(app);
}

export interface RunningSandbox {
  url: string;
  ctx: SandboxContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Standalone sandbox (`npm run sandbox`, tests): its own port, its own state. */
export async function startSandboxServer(opts: { port?: number; host?: string; webhookBase?: string } = {}): Promise<RunningSandbox> {
  // Closing cuts every connection: a request held by a timeout fault must not keep a test's teardown waiting.
  const app = Fastify({ logger: false, bodyLimit: 1_048_576, forceCloseConnections: true });
  const ctx = createSandboxContext(opts.webhookBase ? { webhookBase: opts.webhookBase } : {});
  await registerSandbox(app, ctx);
  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  return { url: address.replace('localhost', '127.0.0.1'), ctx, app, close: () => app.close() };
}
