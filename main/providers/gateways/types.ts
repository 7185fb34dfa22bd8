import type { Currency } from '../../../shared/money';
import type { GatewayProviderId } from '../../../shared/providers';
import type { PaylinkStatus } from '../../../shared/status';
import type { HttpClient } from '../http';
import type { WebhookRequest } from '../types';

// One interface for the six gateway-sync (reconciliation) providers. They only read: each adapter
// lists the store's card payments at its gateway and fetches one by id, mapped onto the unified
// status model so a manager sees the day's payments from every gateway in one place.

/** One payment as the gateway reports it now, in PayDesk's terms. */
export interface GatewayPayment {
  gateway: GatewayProviderId;
  /** The gateway's own id (pi_…, chg_…, capture id…): the deduplication key. */
  gatewayId: string;
  status: PaylinkStatus;
  /** Verbatim gateway status (or result code), for the manager and for support tickets. */
  gatewayStatus: string;
  amountMinor: number;
  refundedMinor: number;
  currency: Currency;
  /** ISO 8601, when the payment was created at the gateway. */
  createdAt: string;
  /** What matches it to an order: metadata order id, invoice_id, merchantTransactionId… */
  reference?: string;
  /** Facts a manager should notice: 'manual_review', 'refund_transaction', 'chargeback', … */
  flags?: string[];
}

export interface GatewayContext {
  /** Gateway API base, e.g. https://api.stripe.com or http://127.0.0.1:4780/sandbox/stripe */
  baseUrl: string;
  /** Decrypted credentials of the org app; never logged, never returned. */
  credentials: Readonly<Record<string, string>>;
  /** Non-secret settings: page_size, … */
  settings: Readonly<Record<string, string>>;
  /**
   * Build it with `createHttpClient({provider})`. Its own retries also cover 429 on GETs; whatever
   * 429 is left over is backed off by runGatewaySync, which can resume on the same page.
   */
  http: HttpClient;
  now(): Date;
  /** Kept by the caller across syncs of one org app (PayPal's OAuth token lives here). */
  cache?: Map<string, unknown>;
}

export interface ListWindow {
  from: Date;
  to: Date;
  /** Our order references, for gateways that can only be searched by them (HyperPay). */
  references?: readonly string[];
}

/** A listed item PayDesk could not take in (unsupported currency, amount with too many decimals). */
export interface SkippedItem {
  gatewayId: string;
  reason: string;
}

export interface GatewayPage {
  payments: GatewayPayment[];
  skipped: SkippedItem[];
  /** Opaque cursor for the next page of the same window; null at the end. */
  nextCursor: string | null;
}

/** A verified notification: which payment to re-fetch. Money state changes only after that re-fetch. */
export interface GatewayWebhookNotice {
  /** Event id, or a stable key built from the payload when the gateway sends none. */
  dedupeKey: string;
  paymentId: string;
  reference?: string;
  gatewayStatus?: string;
}

export interface GatewayAdapter {
  readonly id: GatewayProviderId;
  /** False for Dinero: there is no documented list API, only status by id. */
  readonly supportsList: boolean;
  /** HyperPay is searched by merchantTransactionId, so listing needs `window.references`. */
  readonly listsByReference?: boolean;
  /** Largest window one list call accepts (PayPal Transaction Search: 31 days). */
  readonly maxWindowMs?: number;
  /** Recent data the gateway may not report yet (PayPal: up to 3 h); sync stops before it. */
  readonly reportingDelayMs?: number;
  /**
   * One page of the window. Paging is page-at-a-time rather than a generator so a sync can retry
   * the same page after a 429 instead of starting the window again.
   */
  listPage(ctx: GatewayContext, window: ListWindow, cursor: string | null): Promise<GatewayPage>;
  getPayment(ctx: GatewayContext, id: string): Promise<GatewayPayment>;
  /** Throws AppError('unauthorized') when the notification is not authentic. */
  verifyWebhook(ctx: GatewayContext, req: WebhookRequest): Promise<GatewayWebhookNotice>;
}

export type { WebhookRequest };
