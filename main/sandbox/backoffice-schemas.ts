import { z } from 'zod';

// Request bodies of seed 003's `/v1/om/payments` routes, validated strictly so a client that sends a
// misspelt or renamed field hears about it instead of having it silently ignored.

const ID_PATTERN = /^[\w.:\-]+$/;
const id = z.string().min(1).max(128).regex(ID_PATTERN, 'ids may contain letters, digits and . _ - :');
const text = (max: number) => z.string().min(1).max(max);

/** Major units of the order's currency; up to 3 decimals (KWD, BHD, OMR). */
const amount = z
  .number()
  .finite()
  .positive()
  .max(1_000_000_000)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, { message: 'amount may have at most 3 decimals' });

const attrs = z
  .record(z.string().max(64), z.unknown())
  .refine((v) => Object.keys(v).length <= 50, { message: 'attrs may have at most 50 keys' })
  .refine((v) => JSON.stringify(v).length <= 4096, { message: 'attrs may be at most 4096 characters as JSON' });

export const createPaymentParams = z
  .strictObject({
    /** PayDesk's extension: a client-generated id; a repeated create with it returns the same payment. */
    id: id.optional(),
    orderId: id,
    type: z.enum(['receipt', 'refund']),
    custom: z.boolean().optional(),
    amount,
    methodId: id,
    customerUid: id.optional(),
    status: z.enum(['pending', 'complete']).optional(),
    sourcePaymentId: id.optional(),
    transactionRef: text(128).optional(),
    attrs: attrs.optional(),
    invoiceId: id.optional(),
    note: z.string().max(1000).optional(),
  })
  .refine((p) => p.type !== 'refund' || p.sourcePaymentId !== undefined, {
    message: 'a refund needs sourcePaymentId: the receipt payment it refunds',
    path: ['sourcePaymentId'],
  });
export type CreatePaymentParams = z.infer<typeof createPaymentParams>;

export const updatePaymentParams = z.strictObject({
  id: id.optional(),
  orderId: id.optional(),
  amount: amount.optional(),
  methodId: id.optional(),
  custom: z.boolean().optional(),
  /** Required to change a payment that is already complete. */
  correction: z.boolean().optional(),
  customerUid: id.optional(),
  status: z.enum(['pending', 'complete']).optional(),
  sourcePaymentId: id.optional(),
  transactionRef: text(128).optional(),
  attrs: attrs.optional(),
  note: z.string().max(1000).optional(),
});
export type UpdatePaymentParams = z.infer<typeof updatePaymentParams>;

export const confirmPaymentParams = z.strictObject({
  id: id.optional(),
  orderId: id.optional(),
  customerUid: id.optional(),
  transactionRef: text(128).optional(),
  attrs: attrs.optional(),
});
export type ConfirmPaymentParams = z.infer<typeof confirmPaymentParams>;

/** Every body is `{params:{…}}` and nothing else. */
export function paramsEnvelope<T extends z.ZodType>(params: T) {
  return z.strictObject({ params });
}

export const uidParam = id;
export const idempotencyKeyHeader = z.string().min(1).max(128).regex(ID_PATTERN, 'Idempotency-Key may contain letters, digits and . _ - :');

/** Turns zod issues into one sentence an integrator can act on, naming each field. */
export function describeIssues(error: z.ZodError): { message: string; fields: Array<{ field: string; message: string }> } {
  const fields = error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'body', message: issue.message }));
  const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return { message: `The request is invalid — ${message}.`, fields };
}
