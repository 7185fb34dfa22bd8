import type { FastifyInstance } from 'fastify';
import { isGatewayProvider } from '../../../shared/providers';
import type { Engine } from '../../engine';
import type { WebhookRequest } from '../../providers/types';

/** Provider notifications. Bodies are read as text and kept verbatim: signatures cover the exact bytes. */
const WEBHOOK_TEXT_TYPES = ['text/plain', 'application/octet-stream'];

/**
 * `POST /api/v1/webhooks/{provider}`. HyperPay posts hex AES-GCM ciphertext as text/plain or
 * application/octet-stream, so this route, and only this route, takes those types: it lives in its
 * own plugin, and every other route keeps answering 415 for a body that is not JSON.
 */
export async function registerWebhookRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(WEBHOOK_TEXT_TYPES, { parseAs: 'string' }, (request, body, done) => {
      (request as { rawBody?: string }).rawBody = body as string;
      done(null, body);
    });

    scoped.post<{ Params: { provider: string } }>('/api/v1/webhooks/:provider', async (request) => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const req: WebhookRequest = { headers, query: request.query as Record<string, string | undefined>, rawBody: (request as { rawBody?: string }).rawBody ?? '' };
      const provider = request.params.provider.toLowerCase();
      // Gateway notifications only trigger a re-fetch of the payment; paylink ones refresh the paylink.
      const result = isGatewayProvider(provider) ? await engine.gatewayWebhooks.handleGatewayWebhook(provider, req) : await engine.paylinks.handleWebhook(provider, req);
      return { success: true, ...result };
    });
  });
}
