import { z } from 'zod';
import type { Currency } from './money';
import { receiptLineInput } from './printing';
import type { PaylinkStatus } from './status';

// The customer display (DESIGN §6): a second screen facing the customer that follows one till. It gets
// only what the customer may see — names, amounts, the QR's link, a masked phone — never an internal id.

export type CustomerDisplayPhase = 'idle' | 'cart' | 'pay' | 'paid' | 'declined' | 'expired' | 'cancelled';

export interface CustomerDisplayLine {
  name_en: string;
  name_ar: string;
  quantity: number;
  /** Line amount in major units, e.g. "130.00". */
  amount: string;
}

export interface CustomerDisplayPayment {
  provider_name: string;
  checkout: 'qr' | 'sms';
  /** What the QR encodes (the provider's checkout page); null for SMS. */
  checkout_url: string | null;
  /** "+9665•••••001": enough for the customer to recognise their number. */
  sms_to: string | null;
  expires_at: string | null;
  amount: string;
}

export interface CustomerDisplayView {
  /** Increases with every change of this till's display, so a late event never overwrites a newer one. */
  seq: number;
  store: { name_en: string; name_ar: string };
  phase: CustomerDisplayPhase;
  currency: Currency;
  lines: CustomerDisplayLine[];
  total: string;
  vat: string;
  payment: CustomerDisplayPayment | null;
}

/** What the till tells its display: the sale's lines and the payment link on screen, if any. */
export const displayPublishInput = z.object({
  lines: z.array(receiptLineInput).max(200),
  paylink_id: z.string().trim().min(1).max(64).nullable().optional(),
});

export interface DisplayPairingView {
  /** Six digits the customer display types in; single use. */
  code: string;
  expires_at: string;
  /** Displays following this till now. */
  displays: number;
}

/** Keeps the country prefix, the first digit and the last three: +966500000001 → +9665•••••001. */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  if (compact.length <= 8) return compact.replace(/\d(?=\d{2})/g, '•');
  return `${compact.slice(0, 5)}${'•'.repeat(Math.max(1, compact.length - 8))}${compact.slice(-3)}`;
}

/** What the customer is shown for a payment link's status. */
export function displayPhaseOf(status: PaylinkStatus): CustomerDisplayPhase {
  switch (status) {
    case 'authorized':
    case 'captured':
    case 'partially_refunded':
    case 'refunded':
      return 'paid';
    case 'rejected':
      return 'declined';
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'pay';
  }
}

/** Desktop app: whether to open the customer window, and on which screen (null = the first one that is not the till's). */
export const displaySettingsInput = z.object({
  enabled: z.boolean().optional(),
  display_id: z.number().int().nonnegative().nullable().optional(),
});

export interface DisplayScreenView {
  id: number;
  label: string;
  primary: boolean;
  width: number;
  height: number;
}

export interface DisplaySettingsView {
  enabled: boolean;
  display_id: number | null;
  /** The screens the desktop app sees; empty in browser mode (open /customer there instead). */
  screens: DisplayScreenView[];
}
