import type { z } from 'zod';
import { firstIssue } from '../../providers/contracts/gatewayRoutes';

// How a gateway simulator holds a request to its contract: parse it, or say what is wrong so the
// route can answer in that gateway's own error format.

export type Checked<T> = { ok: true; data: T } | { ok: false; path: string; message: string };

export function checkAgainst<S extends z.ZodType>(schema: S, value: unknown): Checked<z.infer<S>> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, ...firstIssue(parsed.error) };
}

/** Query strings as fastify parses them, minus the prototype-less object quirks zod does not need. */
export function plainQuery(query: unknown): Record<string, unknown> {
  return { ...(query as Record<string, unknown>) };
}
