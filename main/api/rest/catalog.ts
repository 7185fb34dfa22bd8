import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createProductInput, updateProductInput } from '../../../shared/schemas';
import type { Engine } from '../../engine';
import { objectBody, parseWith } from '../http';

const listQuery = z.object({ q: z.string().max(100).optional() });

/** DESIGN §3: the local product catalog (what the till scans; what catalog links snapshot). */
export function registerCatalogRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/v1/catalog/products', async (request) => {
    const { q } = parseWith(listQuery, request.query);
    const products = engine.catalog.list(q);
    return { products: products.map(({ price_minor: _minor, ...p }) => p), total: products.length };
  });

  app.get<{ Params: { id: string } }>('/api/v1/catalog/products/:id', async (request) => {
    const { price_minor: _minor, ...product } = engine.catalog.get(request.params.id);
    return product;
  });

  app.post('/api/v1/catalog/products', async (request, reply) => {
    const input = parseWith(createProductInput, objectBody(request));
    const { price_minor: _minor, ...product } = engine.catalog.create(input);
    return reply.code(201).send({ success: true, product });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/catalog/products/:id', async (request) => {
    const input = parseWith(updateProductInput, objectBody(request));
    const { price_minor: _minor, ...product } = engine.catalog.update(request.params.id, input);
    return { success: true, product };
  });
}
