import { createKeepAliveFetch } from '../providers/keepAliveFetch';
import { createHttpClient, ProviderCallError, type HttpClient, type HttpRequest } from '../providers/http';
import type { OutboxItem } from '../store/outbox';
import { PermanentDeliveryError, type OutboxHandler } from './outboxWorker';

// Client of the back office's order-payments API (seed 003). Every write carries a client-generated id
// (and an idempotency-key header, PayDesk's extension), so any call may be repeated safely; the outbox
// worker owns retrying, this client only says whether a failure is worth retrying.

export type BackofficePaymentType = 'receipt' | 'refund';

export interface CreatePaymentParams {
  /** Client-generated payment id: a repeated create returns the same payment. */
  id: string;
  orderId: string;
  type: BackofficePaymentType;
  /** Major units of the order's currency. */
  amount: number;
  methodId: string;
  status?: 'pending' | 'complete';
  custom?: boolean;
  customerUid?: string;
  sourcePaymentId?: string;
  transactionRef?: string;
  attrs?: Record<string, unknown>;
  invoiceId?: string;
  note?: string;
}

export interface UpdatePaymentParams {
  id: string;
  orderId?: string;
  amount?: number;
  methodId?: string;
  custom?: boolean;
  /** Needed to change a payment that is already complete. */
  correction?: boolean;
  customerUid?: string;
  status?: 'pending' | 'complete';
  sourcePaymentId?: string;
  transactionRef?: string;
  attrs?: Record<string, unknown>;
  note?: string;
}

export interface ConfirmPaymentParams {
  id: string;
  orderId?: string;
  customerUid?: string;
  transactionRef?: string;
  attrs?: Record<string, unknown>;
}

export interface DeletePaymentParams {
  id: string;
  orderId?: string;
}

export interface BackofficePaymentRecord {
  id: string;
  type: BackofficePaymentType;
  status: string;
  amount: number;
  methodUid: string;
  completedAt: string | null;
  reversedAt: string | null;
  can: string[];
  [field: string]: unknown;
}

export interface BackofficePaymentMethod {
  id: string;
  locales: { ar: { name: string; description?: string }; en: { name: string; description?: string } };
  visible: boolean;
  [field: string]: unknown;
}

export interface OrderPayments {
  items: BackofficePaymentRecord[];
  paymentMethods: BackofficePaymentMethod[];
}

export interface WriteOptions {
  /** Sent as the idempotency-key header; the outbox passes its item id. */
  idempotencyKey?: string;
}

export interface BackofficeClient {
  createPayment(params: CreatePaymentParams, opts?: WriteOptions): Promise<{ id: string }>;
  updatePayment(params: UpdatePaymentParams, opts?: WriteOptions): Promise<{ success: true }>;
  confirmPayment(params: ConfirmPaymentParams, opts?: WriteOptions): Promise<OrderPayments>;
  deletePayment(params: DeletePaymentParams, opts?: WriteOptions): Promise<OrderPayments>;
  listPayments(orderId: string): Promise<OrderPayments>;
  /** Closes the client's idle keep-alive connections (at shutdown). */
  close(): void;
}

export interface BackofficeClientOptions {
  /** e.g. `http://127.0.0.1:4781/backoffice` for the simulator. */
  baseUrl: string;
  apiKey: string;
  organizationId: string;
  http?: HttpClient;
  timeoutMs?: number;
}

interface Envelope<T> {
  data?: T;
  warnings?: Array<{ code?: string; message?: string }>;
  error?: { code?: string; message?: string };
}

// 408, 409 and 429 say "not now" rather than "never".
const RETRYABLE_4XX = new Set([408, 409, 429]);

function saysAlreadyExists(err: ProviderCallError): boolean {
  return /already[ _-]?exists/i.test(err.providerBody ?? '');
}

function refusalMessage(err: ProviderCallError): string {
  try {
    const body = JSON.parse(err.providerBody ?? '') as Envelope<unknown>;
    const message = body.error?.message ?? body.warnings?.find((w) => w.message)?.message;
    if (message) return `The back office refused the request (HTTP ${err.httpStatus_}): ${message}`;
  } catch {
    // Not our envelope; fall back to the helper's summary.
  }
  return err.message;
}

/** The body is already in memory; a full WHATWG Response (streams and all) would cost more than the call. */


export function createBackofficeClient(options: BackofficeClientOptions): BackofficeClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const transport = options.http ? undefined : createKeepAliveFetch();
  // One quick retry for a dropped keep-alive socket; real retrying is the outbox worker's job.
  const httpClient = options.http ?? createHttpClient({ provider: 'back office', maxAttempts: 2, retryBaseMs: 50, defaultTimeoutMs: options.timeoutMs ?? 10_000, fetchImpl: transport?.fetch });
  const headers = { 'api-key': options.apiKey, 'organization-id': options.organizationId };

  /** `recover` turns a refusal that in fact means "already done" into the answer the caller wanted. */
  async function send<T>(req: Omit<HttpRequest, 'headers' | 'idempotent' | 'timeoutMs'>, opts: WriteOptions = {}, recover?: (err: ProviderCallError) => T | undefined): Promise<T> {
    const request: HttpRequest = {
      ...req,
      headers: opts.idempotencyKey ? { ...headers, 'idempotency-key': opts.idempotencyKey } : headers,
      // Safe to repeat: every write names its payment by a client id and carries an idempotency key.
      idempotent: true,
    };
    if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
    try {
      const res = await httpClient.request(request);
      const body = res.json<Envelope<T>>();
      if (body.data === undefined || body.data === null) {
        throw new ProviderCallError('server', 'The back office answered without data; PayDesk will try again.', { status: res.status, provider: 'back office' });
      }
      return body.data;
    } catch (err) {
      if (!(err instanceof ProviderCallError) || err.failure !== 'rejected') throw err;
      const recovered = recover?.(err);
      if (recovered !== undefined) return recovered;
      if (RETRYABLE_4XX.has(err.httpStatus_ ?? 0)) throw err;
      throw new PermanentDeliveryError(refusalMessage(err), { status: err.httpStatus_ });
    }
  }

  const paymentUrl = (id: string, suffix = '') => `${baseUrl}/v1/om/payments/${encodeURIComponent(id)}${suffix}`;

  return {
    async createPayment(params, opts) {
      // A back office that refuses the id as taken has the payment already: the outcome we wanted.
      const data = await send<{ id?: unknown }>({ method: 'POST', url: `${baseUrl}/v1/om/payments`, json: { params } }, opts, (err) => (saysAlreadyExists(err) ? { id: params.id } : undefined));
      return { id: typeof data.id === 'string' ? data.id : params.id };
    },
    async updatePayment(params, opts) {
      await send({ method: 'PATCH', url: paymentUrl(params.id), json: { params } }, opts);
      return { success: true };
    },
    confirmPayment(params, opts) {
      return send<OrderPayments>({ method: 'PATCH', url: paymentUrl(params.id, '/confirm'), json: { params } }, opts);
    },
    deletePayment(params, opts) {
      return send<OrderPayments>({ method: 'DELETE', url: paymentUrl(params.id) }, opts);
    },
    listPayments(orderId) {
      return send<OrderPayments>({ method: 'GET', url: `${baseUrl}/v1/om/payments?orderId=${encodeURIComponent(orderId)}` });
    },
    close() {
      transport?.close();
    },
  };
}

export const BACKOFFICE_TOPICS = {
  create: 'backoffice.payment.create',
  update: 'backoffice.payment.update',
  confirm: 'backoffice.payment.confirm',
  delete: 'backoffice.payment.delete',
} as const;

/** The payload must name its payment; anything else will never be deliverable. */
function paymentPayload<T extends { id: string }>(item: OutboxItem): T {
  const payload = item.payload as { id?: unknown } | null;
  if (!payload || typeof payload !== 'object' || typeof payload.id !== 'string' || !payload.id) {
    throw new PermanentDeliveryError(`Sync queue item ${item.id} (${item.topic}) has no payment id in its payload; it cannot be sent.`, undefined, 'validation_failed');
  }
  return payload as T;
}

/** Outbox topics → back-office calls. The payload is seed 003's `params` (with the payment id); the item id is the idempotency key. */
export function backofficeHandlers(client: BackofficeClient): Record<string, OutboxHandler> {
  return {
    [BACKOFFICE_TOPICS.create]: async (item) => {
      await client.createPayment(paymentPayload<CreatePaymentParams>(item), { idempotencyKey: item.id });
    },
    [BACKOFFICE_TOPICS.update]: async (item) => {
      await client.updatePayment(paymentPayload<UpdatePaymentParams>(item), { idempotencyKey: item.id });
    },
    [BACKOFFICE_TOPICS.confirm]: async (item) => {
      await client.confirmPayment(paymentPayload<ConfirmPaymentParams>(item), { idempotencyKey: item.id });
    },
    [BACKOFFICE_TOPICS.delete]: async (item) => {
      await client.deletePayment(paymentPayload<DeletePaymentParams>(item), { idempotencyKey: item.id });
    },
  };
}

export { createKeepAliveFetch };
