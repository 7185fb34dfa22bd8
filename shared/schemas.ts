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
  /** A store with several tills: only this till's paylinks. */
  till_id: optionalText(64),
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

// Payment orders (seed 000). `providers` entries are free strings: unknown ones are ignored, not errors.
export const createPaymentOrderInput = z.object({
  providers: z.array(z.string().max(64)).min(1, 'list at least one provider id, e.g. ["tabby"]').max(20),
  order: z.object({
    total_amount: amountInput,
    currency: text(3),
    line_items: z
      .array(
        z.object({
          sku: optionalText(64),
          name: text(200),
          qty: z.number().int().min(1).max(10_000),
          price: amountInput,
        }),
      )
      .min(1, 'an order needs at least one line item')
      .max(200),
  }),
});
export type CreatePaymentOrderRequest = z.infer<typeof createPaymentOrderInput>;

export const confirmPaymentOrderInput = z.object({ provider: text(32) });

// Catalog payment links (seed 004).
const isoDateTime = z.iso.datetime({ offset: true, message: 'use an ISO 8601 date-time such as 2030-01-31T23:59:00Z' });
const pricingMode = z.enum(['TAX_INCLUSIVE', 'TAX_EXCLUSIVE']);

export const createCatalogLinkInput = z.object({
  name: text(200),
  products: z
    .array(z.object({ product_id: text(64), quantity: z.number().int().min(1).max(1_000) }))
    .min(1, 'a payment link needs at least one product')
    .max(50),
  currency: text(3).optional(),
  pricing_mode: pricingMode.optional(),
  expires_at: isoDateTime.nullable().optional(),
  max_uses: z.number().int().min(1).max(1_000_000).nullable().optional(),
  metadata: metadataInput.optional(),
  provider: text(32).optional(),
});
export type CreateCatalogLinkRequest = z.infer<typeof createCatalogLinkInput>;

/** Only these fields change after creation: products, prices and currency are a snapshot. */
export const updateCatalogLinkInput = z.strictObject(
  {
    name: text(200).optional(),
    is_active: z.boolean().optional(),
    expires_at: isoDateTime.nullable().optional(),
    max_uses: z.number().int().min(1).max(1_000_000).nullable().optional(),
    metadata: metadataInput.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `only name, is_active, expires_at, max_uses and metadata can be changed (got ${issue.keys.join(', ')})` : undefined) },
);
export type UpdateCatalogLinkRequest = z.infer<typeof updateCatalogLinkInput>;

export const listCatalogLinksInput = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

const redirectUrl = z.url({ protocol: /^https?$/, message: 'use an http(s) URL' }).max(500).optional();

export const startCatalogLinkInput = z.object({
  first_name: optionalText(100),
  last_name: optionalText(100),
  email: z.string().trim().email().max(254).optional(),
  phone: optionalText(32),
  currency: text(3).optional(),
  lang: z.enum(['ar', 'en']).optional(),
  success_url: redirectUrl,
  cancel_url: redirectUrl,
  failure_url: redirectUrl,
});
export type StartCatalogLinkRequest = z.infer<typeof startCatalogLinkInput>;

const productFields = {
  sku: z.string().trim().min(1).max(64),
  barcode: z.string().trim().regex(/^\d{6,14}$/, 'barcode is 6 to 14 digits').nullable(),
  name_en: z.string().trim().min(1).max(200),
  name_ar: z.string().trim().min(1).max(200),
  price: amountInput,
  currency: z.string().trim().length(3),
  vat_rate: z.number().min(0).max(1),
  active: z.boolean(),
};
export const createProductInput = z.object({ ...productFields, barcode: productFields.barcode.optional(), vat_rate: productFields.vat_rate.optional(), active: productFields.active.optional() });
export const updateProductInput = z.object(productFields).partial().refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });
