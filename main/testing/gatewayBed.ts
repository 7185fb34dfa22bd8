import { createHmac } from 'node:crypto';
import type { GatewayProviderId } from '../../shared/providers';
import type { GatewayPaymentsView, GatewaySyncRunView } from '../../shared/views';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { startTestPayDesk } from './payDesk';

// A PayDesk in demo mode (in-process sandbox, real SQLite file) with helpers for the reconciliation
// tests: contract calls over the browser bridge as the demo manager, and the gateway simulators' control API.

export interface SandboxGatewayPayment {
  id: string;
  status: string;
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  created_at: string;
  reference: string | null;
}

export async function startGatewayPayDesk() {
  const pd = await startTestPayDesk();
  let session = '';

  async function bridge<T>(method: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
    const res = await fetch(`${pd.url}/bridge/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: pd.bridgeCookie, ...(session ? { 'x-paydesk-session': session } : {}) },
      body: JSON.stringify(input),
    });
    return (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  }
  async function must<T>(method: string, input: unknown): Promise<T> {
    const result = await bridge<T>(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  session = (await must<{ token: string }>('auth.signIn', { pin: '9999' })).token;

  async function control<T>(gateway: GatewayProviderId, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${pd.url}/sandbox/_control/gateways/${gateway}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  return {
    ...pd,
    bridge,
    sync: (input: { gateway?: GatewayProviderId; org_app_id?: string }) => must<GatewaySyncRunView[]>('gateways.sync', input),
    payments: (input: { gateway?: GatewayProviderId; from: number; to: number; matched?: boolean }) => must<GatewayPaymentsView>('gateways.payments', input),
    sandboxPayments: async (gateway: GatewayProviderId) => (await control<{ payments: SandboxGatewayPayment[] }>(gateway, 'GET', '/payments')).payments,
    seed: async (gateway: GatewayProviderId, payments: Record<string, unknown>[]) => (await control<{ payments: SandboxGatewayPayment[] }>(gateway, 'POST', '/payments', { payments })).payments,
    patch: (gateway: GatewayProviderId, id: string, body: Record<string, unknown>) => control(gateway, 'PATCH', `/payments/${encodeURIComponent(id)}`, body),
    rateLimit: (gateway: GatewayProviderId, count: number) => control(gateway, 'POST', '/rate-limit', { count }),
    stats: (gateway: GatewayProviderId) => control<{ api_requests: number; rate_limited: number }>(gateway, 'GET', '/stats'),
    /** Has the sandbox send its own signed notification about a payment to this PayDesk. */
    sandboxWebhook: (gateway: GatewayProviderId, paymentId: string, tamper = false) =>
      control<{ delivered_status: number | null }>(gateway, 'POST', '/webhook', { payment_id: paymentId, tamper }),
    /** Posts a Stripe event signed with the demo app's webhook secret (for replays and lying bodies). */
    postStripeEvent: (event: Record<string, unknown>) => {
      const body = JSON.stringify(event);
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac('sha256', SANDBOX_CREDENTIALS.stripe.webhook_secret).update(`${t}.${body}`).digest('hex');
      return pd.api('POST', '/api/v1/webhooks/stripe', { raw: body, token: null, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` } });
    },
  };
}

export type GatewayPayDesk = Awaited<ReturnType<typeof startGatewayPayDesk>>;
