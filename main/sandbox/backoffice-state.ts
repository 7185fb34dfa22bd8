import type { ConfirmPaymentParams, CreatePaymentParams, UpdatePaymentParams } from './backoffice-schemas';

// In-memory state of the back-office simulator (seed 003's order payments): payments, the seeded
// payment methods and the ledger of every effect applied, so tests can prove exactly-once delivery.

export type BackofficePaymentStatus = 'pending' | 'complete' | 'reversed';
export type BackofficeOp = 'create' | 'update' | 'confirm' | 'delete';

export interface BackofficePayment {
  id: string;
  orderId: string;
  type: 'receipt' | 'refund';
  status: BackofficePaymentStatus;
  completedAt: string | null;
  reversedAt: string | null;
  custom: boolean;
  amount: number;
  methodUid: string;
  customerUid: string | null;
  sourcePaymentId: string | null;
  transactionRef: string | null;
  attrs: Record<string, unknown>;
  invoiceId: string | null;
  note: string | null;
  createdAt: string;
  createdVia: string;
  createdBy: string;
  updatedAt: string;
  updatedVia: string;
  updatedBy: string;
  can: string[];
}

export interface BackofficePaymentMethod {
  id: string;
  locales: { ar: { name: string; description: string }; en: { name: string; description: string } };
  visible: boolean;
  createdAt: string;
  createdVia: string;
  createdBy: string;
  updatedAt: string;
  updatedVia: string;
  updatedBy: string;
}

export interface BackofficeLedgerEntry {
  seq: number;
  op: BackofficeOp;
  payment_id: string;
  order_id: string;
  type: 'receipt' | 'refund';
  amount: number;
  at: string;
  /** True when the request repeated one already applied: nothing changed. */
  duplicate: boolean;
  idempotency_key: string | null;
}

/** A refusal the simulator answers with a 4xx, in the envelope. */
export class BackofficeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackofficeApiError';
  }
}

export interface OrderPayments {
  items: BackofficePayment[];
  paymentMethods: BackofficePaymentMethod[];
}

const SEED_METHODS: ReadonlyArray<[id: string, en: string, ar: string, descriptionEn: string, descriptionAr: string]> = [
  ['tabby', 'Tabby', 'تابي', 'Split in 4, no interest', 'قسّمها على 4 بدون فوائد'],
  ['tamara', 'Tamara', 'تمارا', 'Pay later or in instalments', 'ادفع لاحقاً أو على أقساط'],
  ['mispay', 'MisPay', 'مس باي', 'Buy now, pay later', 'اشترِ الآن وادفع لاحقاً'],
  ['paymennt', 'paymennt', 'بايمنت', 'Card and wallet payment links', 'روابط دفع بالبطاقة والمحفظة'],
  ['cash', 'Cash', 'نقداً', 'Paid at the till', 'مدفوع عند الصندوق'],
  // Gateways whose payments PayDesk syncs, so any provider the engine records is a known method.
  ['stripe', 'Stripe', 'سترايب', 'Card payments', 'مدفوعات البطاقات'],
  ['moyasar', 'Moyasar', 'ميسر', 'mada, cards and Apple Pay', 'مدى والبطاقات وApple Pay'],
  ['tap', 'Tap', 'تاب', 'Cards and local wallets', 'البطاقات والمحافظ المحلية'],
  ['paypal', 'PayPal', 'باي بال', 'PayPal wallet', 'محفظة باي بال'],
  ['hyperpay', 'HyperPay', 'هايبر باي', 'Cards and mada', 'البطاقات ومدى'],
  ['dinero', 'Dinero', 'دينيرو', 'Card payments', 'مدفوعات البطاقات'],
];

const AUDIT_VIA = 'api';
const AUDIT_BY = 'paydesk-integration';

function canFor(status: BackofficePaymentStatus): string[] {
  if (status === 'pending') return ['confirm', 'update', 'delete'];
  if (status === 'complete') return ['update', 'delete'];
  return [];
}

export interface BackofficeStore {
  paymentMethods(): BackofficePaymentMethod[];
  hasMethod(id: string): boolean;
  createPayment(params: CreatePaymentParams, idempotencyKey: string | null): { id: string; duplicate: boolean };
  updatePayment(uid: string, params: UpdatePaymentParams, idempotencyKey: string | null): { duplicate: boolean };
  confirmPayment(uid: string, params: ConfirmPaymentParams, idempotencyKey: string | null): OrderPayments;
  deletePayment(uid: string, idempotencyKey: string | null): OrderPayments;
  paymentsForOrder(orderId: string): OrderPayments;
  allPayments(): BackofficePayment[];
  ledger(): readonly BackofficeLedgerEntry[];
  reset(): void;
}

export function createBackofficeStore(now: () => Date, newPaymentId: () => string): BackofficeStore {
  const payments = new Map<string, BackofficePayment>();
  const byOrder = new Map<string, string[]>();
  // Idempotency-Key header (PayDesk's extension) → the operation it first performed.
  const seenKeys = new Map<string, { op: BackofficeOp; paymentId: string }>();
  const entries: BackofficeLedgerEntry[] = [];
  const seededAt = now().toISOString();
  const methods: BackofficePaymentMethod[] = SEED_METHODS.map(([id, en, ar, descriptionEn, descriptionAr]) => ({
    id,
    locales: { ar: { name: ar, description: descriptionAr }, en: { name: en, description: descriptionEn } },
    visible: true,
    createdAt: seededAt,
    createdVia: 'seed',
    createdBy: 'sandbox',
    updatedAt: seededAt,
    updatedVia: 'seed',
    updatedBy: 'sandbox',
  }));

  function record(op: BackofficeOp, payment: BackofficePayment, duplicate: boolean, key: string | null): void {
    entries.push({ seq: entries.length + 1, op, payment_id: payment.id, order_id: payment.orderId, type: payment.type, amount: payment.amount, at: now().toISOString(), duplicate, idempotency_key: key });
  }

  function mustFind(uid: string): BackofficePayment {
    const payment = payments.get(uid);
    if (!payment) throw new BackofficeApiError(404, 'payment_not_found', `Payment ${uid} does not exist.`);
    return payment;
  }

  /** Returns the payment a repeated Idempotency-Key already acted on, or undefined for a fresh key. */
  function replayed(op: BackofficeOp, key: string | null, uid: string | undefined): BackofficePayment | undefined {
    if (!key) return undefined;
    const seen = seenKeys.get(key);
    if (!seen) return undefined;
    if (seen.op !== op || (uid !== undefined && seen.paymentId !== uid)) {
      throw new BackofficeApiError(422, 'idempotency_key_reused', `Idempotency-Key ${key} was already used for a ${seen.op} of payment ${seen.paymentId}; use a new key for a different request.`);
    }
    return payments.get(seen.paymentId);
  }

  function checkSameOrder(payment: BackofficePayment, orderId: string | undefined): void {
    if (orderId !== undefined && orderId !== payment.orderId) {
      throw new BackofficeApiError(422, 'order_mismatch', `Payment ${payment.id} belongs to order ${payment.orderId}, not ${orderId}.`);
    }
  }

  function touch(payment: BackofficePayment): void {
    payment.updatedAt = now().toISOString();
    payment.updatedVia = AUDIT_VIA;
    payment.updatedBy = AUDIT_BY;
    payment.can = canFor(payment.status);
  }

  function paymentsForOrder(orderId: string): OrderPayments {
    const ids = byOrder.get(orderId) ?? [];
    return { items: ids.map((id) => ({ ...(payments.get(id) as BackofficePayment) })), paymentMethods: methods };
  }

  return {
    paymentMethods: () => methods,
    hasMethod: (id) => methods.some((m) => m.id === id),

    createPayment(params, key) {
      const previous = replayed('create', key, params.id) ?? (params.id ? payments.get(params.id) : undefined);
      if (previous) {
        record('create', previous, true, key);
        return { id: previous.id, duplicate: true };
      }
      const at = now().toISOString();
      const status = params.status ?? 'pending';
      const payment: BackofficePayment = {
        id: params.id ?? newPaymentId(),
        orderId: params.orderId,
        type: params.type,
        status,
        completedAt: status === 'complete' ? at : null,
        reversedAt: null,
        custom: params.custom ?? false,
        amount: params.amount,
        methodUid: params.methodId,
        customerUid: params.customerUid ?? null,
        sourcePaymentId: params.sourcePaymentId ?? null,
        transactionRef: params.transactionRef ?? null,
        attrs: params.attrs ?? {},
        invoiceId: params.invoiceId ?? null,
        note: params.note ?? null,
        createdAt: at,
        createdVia: AUDIT_VIA,
        createdBy: AUDIT_BY,
        updatedAt: at,
        updatedVia: AUDIT_VIA,
        updatedBy: AUDIT_BY,
        can: canFor(status),
      };
      payments.set(payment.id, payment);
      const orderIds = byOrder.get(payment.orderId);
      if (orderIds) orderIds.push(payment.id);
      else byOrder.set(payment.orderId, [payment.id]);
      if (key) seenKeys.set(key, { op: 'create', paymentId: payment.id });
      record('create', payment, false, key);
      return { id: payment.id, duplicate: false };
    },

    updatePayment(uid, params, key) {
      const previous = replayed('update', key, uid);
      if (previous) {
        record('update', previous, true, key);
        return { duplicate: true };
      }
      const payment = mustFind(uid);
      checkSameOrder(payment, params.orderId);
      if (payment.status === 'reversed') throw new BackofficeApiError(422, 'payment_reversed', `Payment ${uid} was reversed and can no longer be changed.`);
      if (payment.status === 'complete' && params.correction !== true) {
        throw new BackofficeApiError(422, 'correction_required', `Payment ${uid} is complete; send correction: true to change it.`);
      }
      const changes: Partial<BackofficePayment> = {};
      if (params.amount !== undefined) changes.amount = params.amount;
      if (params.methodId !== undefined) changes.methodUid = params.methodId;
      if (params.custom !== undefined) changes.custom = params.custom;
      if (params.customerUid !== undefined) changes.customerUid = params.customerUid;
      if (params.sourcePaymentId !== undefined) changes.sourcePaymentId = params.sourcePaymentId;
      if (params.transactionRef !== undefined) changes.transactionRef = params.transactionRef;
      if (params.attrs !== undefined) changes.attrs = params.attrs;
      if (params.note !== undefined) changes.note = params.note;
      if (params.status !== undefined && params.status !== payment.status) {
        changes.status = params.status;
        changes.completedAt = params.status === 'complete' ? now().toISOString() : null;
      }
      const changed = Object.entries(changes).some(([field, value]) => JSON.stringify(payment[field as keyof BackofficePayment]) !== JSON.stringify(value));
      if (changed) {
        Object.assign(payment, changes);
        touch(payment);
      }
      if (key) seenKeys.set(key, { op: 'update', paymentId: uid });
      record('update', payment, !changed, key);
      return { duplicate: !changed };
    },

    confirmPayment(uid, params, key) {
      const previous = replayed('confirm', key, uid);
      if (previous) {
        record('confirm', previous, true, key);
        return paymentsForOrder(previous.orderId);
      }
      const payment = mustFind(uid);
      checkSameOrder(payment, params.orderId);
      if (payment.status === 'reversed') throw new BackofficeApiError(422, 'payment_reversed', `Payment ${uid} was reversed and cannot be confirmed.`);
      const duplicate = payment.status === 'complete';
      if (!duplicate) {
        if (params.customerUid !== undefined) payment.customerUid = params.customerUid;
        if (params.transactionRef !== undefined) payment.transactionRef = params.transactionRef;
        if (params.attrs !== undefined) payment.attrs = { ...payment.attrs, ...params.attrs };
        payment.status = 'complete';
        payment.completedAt = now().toISOString();
        touch(payment);
      }
      if (key) seenKeys.set(key, { op: 'confirm', paymentId: uid });
      record('confirm', payment, duplicate, key);
      return paymentsForOrder(payment.orderId);
    },

    deletePayment(uid, key) {
      const previous = replayed('delete', key, uid);
      if (previous) {
        record('delete', previous, true, key);
        return paymentsForOrder(previous.orderId);
      }
      const payment = mustFind(uid);
      // Deleting reverses: the record stays for the audit trail, and a repeated delete changes nothing.
      const duplicate = payment.status === 'reversed';
      if (!duplicate) {
        payment.status = 'reversed';
        payment.reversedAt = now().toISOString();
        touch(payment);
      }
      if (key) seenKeys.set(key, { op: 'delete', paymentId: uid });
      record('delete', payment, duplicate, key);
      return paymentsForOrder(payment.orderId);
    },

    paymentsForOrder,
    allPayments: () => [...payments.values()].map((p) => ({ ...p })),
    ledger: () => entries,
    reset() {
      payments.clear();
      byOrder.clear();
      seenKeys.clear();
      entries.length = 0;
    },
  };
}
