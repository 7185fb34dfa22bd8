import { z } from 'zod';

// Store setup by a manager (issue 12): the store profile, staff and their PINs. One schema per input.

const text = (max: number) => z.string().trim().min(1).max(max);

/** ZATCA: the VAT registration number is 15 digits, starting and ending with 3. */
export const VAT_NUMBER = /^3\d{13}3$/;

export const storeProfileInput = z.object({
  name_en: text(120),
  name_ar: text(120),
  branch: text(120),
  address: z.string().trim().max(300).optional(),
  vat_number: z.string().trim().regex(VAT_NUMBER, 'The VAT number is 15 digits and starts and ends with 3, e.g. 300000000000003.'),
  /** Commercial registration: 10 digits. */
  cr_number: z
    .string()
    .trim()
    .regex(/^\d{10}$/, 'The CR number is 10 digits.')
    .optional()
    .or(z.literal('')),
});
export type StoreProfileInput = z.infer<typeof storeProfileInput>;

const pin = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.');

/** A PIN is typed twice; the two must match. It is never shown again, never returned. */
const pinTwice = z.object({ pin, pin_confirm: z.string() }).refine((v) => v.pin === v.pin_confirm, { message: 'The two PINs do not match. Type the same PIN twice.', path: ['pin_confirm'] });

export const createStaffInput = z.object({ name: text(100), role: z.enum(['cashier', 'manager']) }).and(pinTwice);
export const setStaffPinInput = z.object({ id: text(64) }).and(pinTwice);
export const staffIdInput = z.object({ id: text(64) });

export interface StaffMemberView {
  id: string;
  name: string;
  role: 'cashier' | 'manager';
  active: boolean;
}

/** End of day beyond the per-provider totals: VAT summary, cashiers, refunds and the links that did not pay. */
export interface EndOfDayDetailView {
  from: string;
  to: string;
  /** Net, VAT and gross of what was kept (captured − refunded), per currency and VAT rate. */
  vat: { currency: string; rate_percent: number; net: string; vat: string; gross: string }[];
  cashiers: { cashier_id: string | null; name: string; currency: string; count: number; paid_count: number; captured: string; refunded: string }[];
  refunds: { currency: string; count: number; amount: string }[];
  outcomes: { declined: number; expired: number; cancelled: number };
}

export const endOfDayRangeInput = z.object({ from: z.number().int().nonnegative(), to: z.number().int().positive() });

/** One catalog payment link in full for the manager: the absolute public URL to share and the payments it collected. */
export interface CatalogLinkDetailView {
  public_url: string;
  payments: import('./views').CatalogLinkPaymentView[];
}
