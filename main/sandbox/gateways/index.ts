import type { FastifyInstance } from 'fastify';
import { isGatewayProvider, type GatewayProviderId } from '../../../shared/providers';
import { installFaults, type SandboxContext } from '../core';
import { dineroSimulator } from './dinero';
import { hyperpaySimulator } from './hyperpay';
import { moyasarSimulator } from './moyasar';
import { paypalSimulator } from './paypal';
import { seedGatewayDemoData, seedPayments, SeedError, type SeedSpec } from './seed';
import { simState, type GatewaySimulator, type SimPayment } from './state';
import { stripeSimulator } from './stripe';
import { tapSimulator } from './tap';

// The six gateway simulators under /sandbox/{gateway} (real paths, auth, paging, webhook signing)
// and their control API under /sandbox/_control/gateways/{gateway}/… (no faults there).

export const GATEWAY_SIMULATORS: Readonly<Record<GatewayProviderId, GatewaySimulator>> = {
  stripe: stripeSimulator,
  moyasar: moyasarSimulator,
  tap: tapSimulator,
  paypal: paypalSimulator,
  hyperpay: hyperpaySimulator,
  dinero: dineroSimulator,
};

export { gatewayDemoPlan, seedGatewayDemoData } from './seed';
export { simState as gatewaySimState } from './state';

function describe(p: SimPayment) {
  return {
    id: p.id,
    status: p.status,
    amount_minor: p.amountMinor,
    refunded_minor: p.refundedMinor,
    currency: p.currency,
    created_at: p.createdAt.toISOString(),
    reference: p.reference ?? null,
    extra: p.extra,
  };
}

export async function registerGatewaySimulators(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  for (const sim of Object.values(GATEWAY_SIMULATORS)) {
    await app.register(
      async (api) => {
        installFaults(api, ctx, sim.id);
        sim.register(api, ctx);
      },
      { prefix: `/${sim.id}` },
    );
  }

  // Demo mode with an external sandbox (PAYDESK_SANDBOX_URL): the engine asks for the demo day at start.
  app.post('/_control/gateways/demo-day', async () => ({ ok: true, seeded: seedGatewayDemoData(ctx, ctx.now(), { keepExisting: true }) }));

  await app.register(
    async (control) => {
      control.addHook('preHandler', async (request, reply) => {
        const gateway = (request.params as { gateway?: string }).gateway ?? '';
        if (!isGatewayProvider(gateway)) return reply.code(404).send({ error: `unknown sandbox gateway ${gateway}` });
        return undefined;
      });
      const simOf = (gateway: string) => GATEWAY_SIMULATORS[gateway as GatewayProviderId];

      control.post<{ Params: { gateway: string }; Body: SeedSpec | undefined }>('/:gateway/payments', async (request, reply) => {
        try {
          const seeded = seedPayments(ctx, simOf(request.params.gateway), request.body ?? {});
          return reply.code(201).send({ payments: seeded.map(describe), total: seeded.length });
        } catch (err) {
          if (err instanceof SeedError) return reply.code(400).send({ error: err.message });
          throw err;
        }
      });

      control.get<{ Params: { gateway: string } }>('/:gateway/payments', async (request) => {
        const payments = [...simState(ctx, simOf(request.params.gateway).id).payments.values()].map(describe);
        return { payments, total: payments.length };
      });

      control.delete<{ Params: { gateway: string } }>('/:gateway/payments', async (request) => {
        simState(ctx, simOf(request.params.gateway).id).payments.clear();
        return { ok: true };
      });

      // What happens later at the gateway: a pending payment gets paid, a refund is issued.
      control.patch<{ Params: { gateway: string; id: string }; Body: { status?: string; refunded_minor?: number; extra?: Record<string, string> } | undefined }>(
        '/:gateway/payments/:id',
        async (request, reply) => {
          const sim = simOf(request.params.gateway);
          const p = simState(ctx, sim.id).payments.get(request.params.id);
          if (!p) return reply.code(404).send({ error: `no ${sim.id} payment ${request.params.id}` });
          const body = request.body ?? {};
          if (body.status) p.status = sim.normalizeStatus?.(body.status) ?? body.status;
          if (typeof body.refunded_minor === 'number') p.refundedMinor = body.refunded_minor;
          if (body.extra) Object.assign(p.extra, body.extra);
          return describe(p);
        },
      );

      control.post<{ Params: { gateway: string }; Body: { count?: number } | undefined }>('/:gateway/rate-limit', async (request, reply) => {
        const count = request.body?.count ?? 1;
        if (!Number.isInteger(count) || count < 0 || count > 1000) return reply.code(400).send({ error: 'count must be 0-1000' });
        simState(ctx, simOf(request.params.gateway).id).rateLimitLeft = count;
        return { ok: true, count };
      });

      control.get<{ Params: { gateway: string } }>('/:gateway/stats', async (request) => {
        const state = simState(ctx, simOf(request.params.gateway).id);
        return { ...state.stats, rate_limit_left: state.rateLimitLeft, payments: state.payments.size };
      });

      control.post<{ Params: { gateway: string }; Body: { payment_id?: string; tamper?: boolean } | undefined }>('/:gateway/webhook', async (request, reply) => {
        const sim = simOf(request.params.gateway);
        const payment = simState(ctx, sim.id).payments.get(request.body?.payment_id ?? '');
        if (!payment) return reply.code(404).send({ error: `no ${sim.id} payment ${request.body?.payment_id ?? ''}` });
        if (!ctx.webhookBase()) return reply.code(409).send({ error: 'no webhook target: PUT /sandbox/_control/webhook-target first' });
        const hook = sim.webhookFor(payment, ctx, request.body?.tamper === true);
        await ctx.deliverWebhook(sim.id, { body: hook.body, headers: hook.headers, ...(hook.query ? { query: hook.query } : {}), attempts: 1 });
        const delivery = [...ctx.deliveries()].reverse().find((d) => d.provider === sim.id);
        return { ok: true, delivered_status: delivery?.status ?? null };
      });
    },
    { prefix: '/_control/gateways' },
  );
}
