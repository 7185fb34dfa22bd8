import type { z } from 'zod';

// The shape every paylink provider contract exports: the calls PayDesk makes, what each must carry and what the
// provider answers. The simulators enforce `body`/`query`; the adapter tests check real traffic against all of it.
// Imports zod only, so the adapter side and the simulator side can both use it without touching each other.

export interface PaylinkRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the provider's base URL as PayDesk calls it, e.g. /^\/mer\/v2\.0\/checkout\/qr$/ */
  path: RegExp;
  /** Where this route is described (repository + path, or doc page). */
  source: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success answer (the whole body, envelope included). */
  ok: z.ZodType;
}

export function findPaylinkRoute(routes: readonly PaylinkRoute[], method: string, path: string): PaylinkRoute | undefined {
  return routes.find((r) => r.method === method && r.path.test(path));
}

/**
 * One zod failure as a short sentence for a provider-style error message ("phone_number is required"). Pass the
 * input that was checked so a missing field reads as missing whatever its schema (enum, literal, object).
 */
export function firstIssueText(error: z.ZodError, input?: unknown): { field: string; text: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '', text: 'invalid request' };
  if (issue.code === 'unrecognized_keys') return { field: issue.keys.join(', '), text: `unrecognized field(s): ${issue.keys.join(', ')}` };
  const field = issue.path.map(String).join('.');
  const missing = input === undefined ? /received undefined/.test(issue.message) : valueAt(input, issue.path) === undefined;
  if (missing && field) return { field, text: `${field} is required` };
  return { field, text: field ? `${field}: ${issue.message}` : issue.message };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
