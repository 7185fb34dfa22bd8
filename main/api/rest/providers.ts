import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { COMMON_PAYLINK_FIELDS, findProvider, providerInfo, PROVIDERS } from '../../../shared/providers';

export function registerProviderRoutes(app: FastifyInstance): void {
  app.get('/api/v1/providers', async () => ({ providers: PROVIDERS.map(providerInfo), total: PROVIDERS.length }));

  app.get<{ Params: { provider: string } }>('/api/v1/providers/config/:provider', async (request) => {
    const spec = findProvider(request.params.provider);
    if (!spec) throw new AppError('unknown_provider', `There is no provider "${request.params.provider.slice(0, 40)}". GET /api/v1/providers lists them.`, { provider: request.params.provider.slice(0, 40) });
    const paylink = spec.type !== 'gateway_sync';
    return {
      success: true,
      provider: spec.id,
      name: spec.name,
      type: spec.type,
      app_slug: spec.app_slug,
      regions: spec.regions,
      checkout: spec.checkout,
      auto_capture: spec.autoCapture,
      currencies: spec.currencies,
      required_fields: paylink ? [...COMMON_PAYLINK_FIELDS.filter((f) => f.required), ...spec.providerFields.filter((f) => f.required)] : spec.providerFields.filter((f) => f.required),
      optional_fields: paylink ? COMMON_PAYLINK_FIELDS.filter((f) => !f.required) : [],
      provider_fields: spec.providerFields,
      credential_fields: spec.credentialFields,
      endpoints: {
        paylinks: paylink
          ? {
              create: 'POST /api/v1/providers/paylinks',
              status: 'GET /api/v1/providers/paylinks/{id}',
              list: 'GET /api/v1/providers/paylinks?provider=&org_app_id=',
              capture: 'POST /api/v1/providers/paylinks/{id}/capture',
              cancel: 'POST /api/v1/providers/paylinks/{id}/cancel',
              refund: 'POST /api/v1/providers/paylinks/{id}/refund',
            }
          : null,
        payment_orders: 'POST /api/v1/payments/orders',
        webhook: `POST /api/v1/webhooks/${spec.id}`,
        provider_api: spec.endpoints,
      },
      execute_endpoint: spec.executeEndpoint,
      execute_method: spec.executeMethod,
    };
  });

  // Removed: GET /api/v1/providers/{provider}/config → use /api/v1/providers/config/{provider}.
  app.get<{ Params: { provider: string } }>('/api/v1/providers/:provider/config', async (request) => {
    const p = encodeURIComponent(request.params.provider.slice(0, 40));
    throw new AppError('gone', `GET /api/v1/providers/${p}/config was removed. Use GET /api/v1/providers/config/${p}.`, {
      replacement: `GET /api/v1/providers/config/${p}`,
    });
  });
}
