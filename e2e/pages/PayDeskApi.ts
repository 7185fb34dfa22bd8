import type { Page } from '@playwright/test';
import { SANDBOX_CREDENTIALS } from '../../main/sandbox/credentials';
import type { BridgeServer } from './CheckoutSupport';

// What happens around the till during a manager spec: sales made through the REST API, the customer's
// approval through the sandbox control API, and the back office looked at from the outside.

export interface CreatedPaylink {
  paylink_id: string;
  session_id: string;
  order_id: string;
  provider: string;
}

export class PayDeskApi {
  private readonly baseUrl: string;
  private readonly apiToken: string;
  private readonly bridgeCookie: string;

  constructor(server: BridgeServer & { apiToken: string }) {
    this.baseUrl = server.url;
    this.apiToken = server.apiToken;
    this.bridgeCookie = server.bridgeCookie;
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  }

  private rest<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiToken}` }, body: JSON.stringify(body) });
  }

  createPaylink(provider: 'tabby' | 'paymennt', orderId: string, amount: string): Promise<CreatedPaylink> {
    return this.rest('/api/v1/providers/paylinks', { provider, org_app_id: `app_${provider}_sandbox`, order_id: orderId, amount, currency: 'SAR', description: `e2e ${orderId}` });
  }

  /** The customer approves on their phone (sandbox), then the till captures through the API. */
  async approveAndCapture(link: CreatedPaylink): Promise<void> {
    await this.json(`/sandbox/_control/${link.provider}/sessions/${encodeURIComponent(link.session_id)}/approve`, { method: 'POST' });
    await this.rest(`/api/v1/providers/paylinks/${link.paylink_id}/capture`, {});
  }

  /** A sale from start to money captured. */
  async sell(provider: 'tabby' | 'paymennt', orderId: string, amount: string): Promise<CreatedPaylink> {
    const link = await this.createPaylink(provider, orderId, amount);
    await this.approveAndCapture(link);
    return link;
  }

  /** A contract method through the browser bridge with a session of the given PIN; answers the raw Result. */
  async bridgeAs(pin: string, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    const headers = { 'content-type': 'application/json', cookie: this.bridgeCookie };
    const signIn = await this.json<{ value: { token: string } }>('/bridge/auth.signIn', { method: 'POST', headers, body: JSON.stringify({ pin }) });
    return this.json('/bridge/' + method, { method: 'POST', headers: { ...headers, 'x-paydesk-session': signIn.value.token }, body: JSON.stringify(input) });
  }

  backOfficeDown(): Promise<unknown> {
    return this.json('/backoffice/_control/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error_rate: 1 }) });
  }

  backOfficeUp(): Promise<unknown> {
    return this.json('/backoffice/_control/faults', { method: 'DELETE' });
  }

  /** The back office's own view of an order's payments, with the integration's credentials. */
  async backOfficePayments(orderId: string): Promise<{ id: string; type: string; status: string; amount: number }[]> {
    const { api_key, organization_id } = SANDBOX_CREDENTIALS.backoffice;
    const body = await this.json<{ data: { items: { id: string; type: string; status: string; amount: number }[] } }>(`/backoffice/v1/om/payments?orderId=${encodeURIComponent(orderId)}`, {
      headers: { 'api-key': api_key, 'organization-id': organization_id },
    });
    return body.data.items;
  }

  async backOfficeLedger(): Promise<{ op: string; payment_id: string; order_id: string; duplicate: boolean }[]> {
    return (await this.json<{ entries: { op: string; payment_id: string; order_id: string; duplicate: boolean }[] }>('/backoffice/_control/ledger')).entries;
  }
}

/** A contract call with the page's own signed-in session, as the renderer would send it; answers the raw Result. */
export function bridgeFromPage(page: Page, method: string, input: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return page.evaluate(
    async ([m, body]) => {
      const res = await fetch(`/bridge/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paydesk-session': sessionStorage.getItem('paydesk.session') ?? '' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; error?: { code: string } };
    },
    [method, input] as const,
  );
}
