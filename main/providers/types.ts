import type { Currency } from '../../shared/money';
import type { PaylinkProviderId } from '../../shared/providers';
import type { PaylinkStatus } from '../../shared/status';
import type { HttpClient } from './http';

// One interface for every paylink provider. An adapter file holds only what is specific to its
// provider: paths, field names, status map, signature check.

export interface AdapterContext {
  /** Provider API base, e.g. https://api.tabby.sa or http://127.0.0.1:4780/sandbox/tabby */
  baseUrl: string;
  /** Decrypted credentials of the org app; never logged, never returned. */
  credentials: Readonly<Record<string, string>>;
  /** Non-secret org-app settings (merchant_code, store_code, header names…). */
  settings: Readonly<Record<string, string>>;
  http: HttpClient;
  now(): Date;
}

export interface LineItem {
  name: string;
  quantity: number;
  unitPriceMinor: number;
  sku?: string;
}

export interface CreatePaylinkInput {
  /** PayDesk's paylink id: client-generated, sent to the provider as our reference. */
  paylinkId: string;
  orderId: string;
  amountMinor: number;
  currency: Currency;
  description?: string;
  buyer: { name?: string; email?: string; phoneE164?: string };
  lang: 'ar' | 'en';
  items: LineItem[];
  metadata?: Record<string, unknown>;
  /** Provider-specific options, already validated (Tamara payment_type, paymennt send_sms…). */
  options: Readonly<Record<string, unknown>>;
}

/** Identifiers the provider gave us; enough to query, capture, cancel and refund. */
export interface ProviderRef {
  sessionId: string;
  paymentId?: string;
  /** Extra ids some providers need (e.g. MisPay trackId). */
  extra?: Readonly<Record<string, string>>;
}

/** What the provider says now, mapped onto the unified model. */
export interface ProviderSnapshot {
  status: PaylinkStatus;
  /** Verbatim provider status string. */
  providerStatus: string;
  capturedMinor: number;
  refundedMinor: number;
  ref?: Partial<ProviderRef>;
}

export interface CreatedPaylink extends ProviderSnapshot {
  ref: ProviderRef;
  checkoutUrl: string;
  /** A URL that shows the QR for checkoutUrl, when the provider offers one. */
  qrCodeUrl?: string;
  expiresAt?: string;
  /** For SMS checkout: where the link was sent (E.164). */
  smsSentTo?: string;
}

export interface MoneyCommand {
  amountMinor: number;
  currency: Currency;
  /** Persisted before the first attempt; reused on every retry. */
  idempotencyKey: string;
  reason?: string;
}

export type MoneyCallKind = 'create' | 'capture' | 'refund' | 'cancel';

export interface MoneyCallDeclaration {
  /** The provider answers a repeat with the same key as the first call instead of acting twice. */
  dedupes: boolean;
  /** getStatus shows whether this call took effect (captured/refunded totals, cancelled status). */
  readBack: boolean;
  /** Where this is stated (repository + path, doc page), or "assumed: <why>". */
  source: string;
}

export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  rawBody: string;
}

/** A verified notification: who it is about. The engine then re-checks with the provider API. */
export interface WebhookNotice {
  /** Provider's id for deduplication (delivery id, or a hash of the body when there is none). */
  dedupeKey: string;
  sessionId?: string;
  paymentId?: string;
  /** Our paylink id / order reference, when the provider echoes it. */
  reference?: string;
  providerStatus?: string;
  /**
   * The notification itself is the provider's only record that a refund was applied (MisPay MP03: its status read
   * shows no refunds). The engine uses it to settle a refund of this paylink whose answer was lost.
   */
  refundApplied?: { full: boolean };
}

export interface PaylinkAdapter {
  readonly id: PaylinkProviderId;
  /**
   * Per money call: whether the provider dedupes a repeat by the key PayDesk sends (then a lost answer may be
   * retried as is), and whether its status read shows the call's effect (then a lost answer is settled by
   * reading back). A call that is neither deduped nor readable is never sent again after a lost answer.
   */
  readonly moneyCalls: Readonly<Record<MoneyCallKind, MoneyCallDeclaration>>;
  /** Whether a capture may be for less than the authorized amount (then the rest later). */
  readonly partialCapture: boolean;
  createPaylink(ctx: AdapterContext, input: CreatePaylinkInput): Promise<CreatedPaylink>;
  getStatus(ctx: AdapterContext, ref: ProviderRef, amountMinor: number, currency: Currency): Promise<ProviderSnapshot>;
  capture(ctx: AdapterContext, ref: ProviderRef, cmd: MoneyCommand): Promise<ProviderSnapshot>;
  cancel(ctx: AdapterContext, ref: ProviderRef, cmd: { idempotencyKey: string; orderId: string; amountMinor: number; currency: Currency }): Promise<ProviderSnapshot>;
  /** `refundedMinor`: what was refunded before this refund (for providers whose status read shows no refunds). */
  refund(ctx: AdapterContext, ref: ProviderRef, cmd: MoneyCommand & { orderId: string; capturedMinor: number; refundedMinor?: number }): Promise<ProviderSnapshot>;
  /** SMS providers: send the link again. */
  resend?(ctx: AdapterContext, ref: ProviderRef, phoneE164: string): Promise<void>;
  /**
   * After a create whose answer was lost: asks the provider for the session it opened for
   * `input.paylinkId` (the reference PayDesk sent: Tamara order reference id, paymennt requestId, …).
   * Resolves to the session when the provider has one, `null` when the provider says it has none
   * (then the create can be retried or voided). Absent when the provider offers no lookup; the paylink
   * then stays `unknown` until a webhook or the cashier settles it. The adapter's contract names the source.
   */
  findCreatedPaylink?(ctx: AdapterContext, input: CreatePaylinkInput): Promise<CreatedPaylink | null>;
  /** Throws AppError('unauthorized') when the notification is not authentic. */
  verifyWebhook(ctx: AdapterContext, req: WebhookRequest): Promise<WebhookNotice>;
}
