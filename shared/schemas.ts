import { z } from 'zod';

// One zod schema per input, shared by the REST routes, IPC handlers and the browser bridge.

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
export const amountInput = z.union([z.string().max(32), z.number()]);

export const lineItemInput = z.object({
  name: text(200),
  quantity: z.number().int().min(1).max(10_000),
  unit_price: amountInput,
  sku: optionalText(64),
});

export const metadataInput = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 50, { message: 'metadata may have at most 50 keys' });

export const createPaylinkInput = z.object({
  provider: text(32),
  org_app_id: text(64),
  order_id: z.string().trim().min(1).max(64).regex(/^[\w.:\-/#]+$/, 'order_id may contain letters, digits and . _ - : / #'),
  amount: amountInput,
  currency: text(3),
  description: optionalText(500),
  buyer_name: optionalText(200),
  buyer_email: z.string().trim().email().max(254).optional(),
  buyer_phone: optionalText(32),
  lang: z.enum(['ar', 'en']).optional(),
  items: z.array(lineItemInput).max(200).optional(),
  metadata: metadataInput.optional(),
  // Tamara
  phone_number: optionalText(32),
  payment_type: z.enum(['pay_by_instalments', 'pay_by_later']).optional(),
  store_code: optionalText(64),
  locale: z.enum(['ar_SA', 'en_US']).optional(),
  // paymennt
  send_sms: z.boolean().optional(),
  send_email: z.boolean().optional(),
  expires_in_minutes: z.number().int().min(5).max(10_080).optional(),
});
export type CreatePaylinkRequest = z.infer<typeof createPaylinkInput>;

export const captureInput = z.object({
  amount: amountInput.optional(),
  reference_id: z.string().trim().min(1).max(128).regex(/^[\w.:\-]+$/, 'reference_id may contain letters, digits and . _ - :').optional(),
});
export const refundInput = captureInput.extend({ reason: optionalText(300) });

export const listPaylinksInput = z.object({
  provider: optionalText(32),
  org_app_id: optionalText(64),
  status: optionalText(32),
  cashier_id: optionalText(64),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: optionalText(200),
});

export const signInInput = z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits') });

export const installOrgAppInput = z.object({
  provider: text(32),
  name: optionalText(100),
  environment: z.enum(['sandbox', 'live']).default('live'),
  base_url: z.string().url().max(300).optional(),
  settings: z.record(z.string().max(64), z.string().max(300)).optional(),
  credentials: z.record(z.string().max(64), z.string().min(1).max(4096)),
});

export const idInput = z.object({ id: text(64) });
