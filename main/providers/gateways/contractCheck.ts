import { createDecipheriv } from 'node:crypto';
import type { z } from 'zod';
import type { GatewayProviderId } from '../../../shared/providers';
import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import { DINERO_ROUTES, DineroCallback } from '../contracts/dinero';
import { findRoute, type GatewayRoute } from '../contracts/gatewayRoutes';
import { HYPERPAY_HOOK_HEADERS, HYPERPAY_ROUTES, HyperPayNotification } from '../contracts/hyperpay';
import { MOYASAR_ROUTES, MoyasarWebhook } from '../contracts/moyasar';
import { PAYPAL_ROUTES, PayPalWebhookEvent } from '../contracts/paypal';
import { STRIPE_ROUTES, StripeEvent } from '../contracts/stripe';
import { TAP_ROUTES, TapCharge } from '../contracts/tap';

// Test support: holds the traffic an adapter really exchanged with a simulator, and the webhooks it
// received, to the gateway's contract. A field the contract does not document, a missing one, or
// an error not in the gateway's format is a problem.

export interface Exchange {
  method: string;
  /** Path under the gateway's base URL. */
  path: string;
  query: string;
  requestBody: string | undefined;
  status: number;
  responseText: string;
}

export const GATEWAY_CONTRACT_ROUTES: Readonly<Record<GatewayProviderId, readonly GatewayRoute[]>> = {
  stripe: STRIPE_ROUTES,
  moyasar: MOYASAR_ROUTES,
  tap: TAP_ROUTES,
  paypal: PAYPAL_ROUTES,
  hyperpay: HYPERPAY_ROUTES,
  dinero: DINERO_ROUTES,
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}${i.code === 'unrecognized_keys' ? ` ${i.keys.join(', ')}` : ''}`)
    .join('; ');
}

export function contractProblems(gateway: GatewayProviderId, exchanges: readonly Exchange[]): string[] {
  const problems: string[] = [];
  for (const ex of exchanges) {
    const where = `${ex.method} ${ex.path} → ${ex.status}`;
    const route = findRoute(GATEWAY_CONTRACT_ROUTES[gateway], ex.method, ex.path);
    if (!route) {
      problems.push(`${where}: the contract has no such route`);
      continue;
    }
    // 503s are the sandbox's injected faults, not the gateway's answers.
    if (ex.status >= 500) continue;
    let body: unknown;
    try {
      body = JSON.parse(ex.responseText);
    } catch {
      problems.push(`${where}: the answer is not JSON`);
      continue;
    }
    const parsed = (ex.status < 300 ? route.ok : route.error).safeParse(body);
    if (!parsed.success) problems.push(`${where}: ${describeIssues(parsed.error)}`);
  }
  return problems;
}

function hyperpayPlaintext(body: string, headers: Record<string, string | undefined>): unknown {
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(SANDBOX_CREDENTIALS.hyperpay.webhook_secret, 'hex'), Buffer.from(headers[HYPERPAY_HOOK_HEADERS.iv] ?? '', 'hex'));
  decipher.setAuthTag(Buffer.from(headers[HYPERPAY_HOOK_HEADERS.tag] ?? '', 'hex'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'hex')), decipher.final()]).toString('utf8'));
}

const WEBHOOK_SCHEMAS: Readonly<Record<GatewayProviderId, z.ZodType>> = {
  stripe: StripeEvent,
  moyasar: MoyasarWebhook,
  tap: TapCharge,
  paypal: PayPalWebhookEvent,
  hyperpay: HyperPayNotification,
  dinero: DineroCallback,
};

/** Webhooks as received; tampered ones (which fail their proof of origin) are checked only when they still parse. */
export function webhookProblems(gateway: GatewayProviderId, hooks: readonly { body: string; headers: Record<string, string | undefined> }[]): string[] {
  const problems: string[] = [];
  for (const [i, hook] of hooks.entries()) {
    let value: unknown;
    try {
      value = gateway === 'hyperpay' ? hyperpayPlaintext(hook.body, hook.headers) : JSON.parse(hook.body);
    } catch {
      continue; // a tampered HyperPay body does not decrypt: nothing to check
    }
    const parsed = WEBHOOK_SCHEMAS[gateway].safeParse(value);
    if (!parsed.success) problems.push(`webhook #${i + 1}: ${describeIssues(parsed.error)}`);
  }
  return problems;
}
