import type { FastifyInstance } from 'fastify';
import { installOrgAppInput, signInInput } from '../../../shared/schemas';
import type { Engine } from '../../engine';
import { objectBody, parseWith } from '../http';

export function registerSessionRoutes(app: FastifyInstance, engine: Engine): void {
  app.post('/api/v1/auth/sessions', async (request, reply) => {
    const { pin } = parseWith(signInInput, objectBody(request));
    const { token, staff } = engine.auth.signIn(pin, { channel: 'api', id: request.ip });
    return reply.code(201).send({ access_token: token, staff });
  });

  app.get('/api/v1/org-apps', async () => {
    const apps = engine.orgApps.list();
    return { org_apps: apps, total: apps.length };
  });

  app.post('/api/v1/org-apps', async (request, reply) => {
    const input = parseWith(installOrgAppInput, objectBody(request));
    return reply.code(201).send({ success: true, org_app: engine.orgApps.install(input) });
  });
}
