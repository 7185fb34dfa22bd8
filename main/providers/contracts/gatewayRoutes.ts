import type { z } from 'zod';

// The shape every gateway contract exports: which calls PayDesk makes, what each may carry and what
// the gateway answers. The simulators enforce `query`/`body`; the adapter tests check real traffic
// against `ok` and `error`. Imports zod only, so both sides can use it without touching each other.

export interface GatewayRoute {
  method: 'GET' | 'POST';
  /** Path under the gateway's base URL, e.g. /^\/v1\/payment_intents$/ */
  path: RegExp;
  /** Where this route is described (repository + path, or doc page). */
  source: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A 2xx answer. */
  ok: z.ZodType;
  /** A 4xx answer, in the gateway's own error format. */
  error: z.ZodType;
}

/** One zod failure as a short sentence a simulator can put in the gateway's own error message. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  if (!issue) return { path, message: 'invalid request' };
  if (issue.code === 'unrecognized_keys') return { path: issue.keys.join(', '), message: `unknown parameter ${issue.keys.join(', ')}` };
  return { path, message: path ? `${path}: ${issue.message}` : issue.message };
}

export function findRoute(routes: readonly GatewayRoute[], method: string, path: string): GatewayRoute | undefined {
  return routes.find((r) => r.method === method && r.path.test(path));
}
