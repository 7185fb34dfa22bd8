import { create } from 'zustand';
import { addToCart, KSA_STANDARD_VAT_BP, setLineQuantity, vatRateToBp, type CartLine } from '../../../shared/cart';
import type { ProductView } from '../../../shared/views';

export type CheckoutStep = 'cart' | 'provider' | 'payment';

interface CheckoutState {
  step: CheckoutStep;
  /** Client-generated per sale; every provider attempt of this sale carries it. */
  orderId: string;
  /**
   * The sale being rung up. A line keeps the price the cashier scanned (the sale's own input, like a
   * form field) — the catalog itself and every paylink stay in react-query.
   */
  lines: CartLine[];
  providerId: string | null;
  /** Customer mobile for SMS providers (Tamara). */
  phone: string;
  /** The only engine reference kept here: the paylink now on screen; its data comes from react-query. */
  paylinkId: string | null;
  /**
   * The Idempotency-Key of this sale's create now in progress: a repeated Enter, or a retry after a lost
   * answer, asks for the same link instead of opening a second one. Cleared once the link is settled.
   */
  createKey: string | null;
  /** A create whose answer was lost: PayDesk is checking with the provider; no other link for this sale meanwhile. */
  checkingPaylinkId: string | null;
  quickAmountCount: number;

  addProduct(product: ProductView, quantity?: number): void;
  addQuickAmount(amountMinor: number, vatRateBp?: number): void;
  setQuantity(key: string, quantity: number): void;
  bumpLastLine(delta: number): void;
  removeLine(key: string): void;
  goToCart(): void;
  goToProviders(): void;
  chooseProvider(providerId: string): void;
  setPhone(phone: string): void;
  showPaylink(paylinkId: string): void;
  /** The key for the next create of this sale (the one in progress, if any). */
  createKeyForAttempt(): string;
  startChecking(paylinkId: string): void;
  /** The provider opened no link for the checked create: this sale may choose again with a new key. */
  checkingVoided(): void;
  /** After a cancel, decline or expiry: same sale, choose again. */
  tryAnotherProvider(): void;
  nextSale(): void;
}

export function newOrderId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `POS-${day}-${[...random].map((n) => n.toString(36)).join('').slice(0, 10).toUpperCase()}`;
}

const freshSale = () => ({ step: 'cart' as const, orderId: newOrderId(), lines: [], providerId: null, phone: '', paylinkId: null, createKey: null, checkingPaylinkId: null, quickAmountCount: 0 });

function newCreateKey(orderId: string): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${orderId}.${[...random].map((n) => n.toString(36)).join('')}`;
}

export const useCheckout = create<CheckoutState>((set, get) => ({
  ...freshSale(),
  addProduct: (product, quantity = 1) =>
    set((s) => ({
      lines: addToCart(
        s.lines,
        { key: product.id, productId: product.id, sku: product.sku, name_en: product.name_en, name_ar: product.name_ar, unitPriceMinor: product.price_minor, vatRateBp: vatRateToBp(product.vat_rate) },
        quantity,
      ),
    })),
  addQuickAmount: (amountMinor, vatRateBp = KSA_STANDARD_VAT_BP) =>
    set((s) => {
      const n = s.quickAmountCount + 1;
      // Numbered so the cashier, the customer and the receipt can tell "Amount 1" from "Amount 2".
      return { quickAmountCount: n, lines: addToCart(s.lines, { key: `quick-${n}`, productId: null, sku: null, name_en: `Amount ${n}`, name_ar: `مبلغ ${n}`, unitPriceMinor: amountMinor, vatRateBp }) };
    }),
  setQuantity: (key, quantity) => set((s) => ({ lines: setLineQuantity(s.lines, key, quantity) })),
  bumpLastLine: (delta) => {
    const last = get().lines.at(-1);
    if (last) set((s) => ({ lines: setLineQuantity(s.lines, last.key, last.quantity + delta) }));
  },
  removeLine: (key) => set((s) => ({ lines: setLineQuantity(s.lines, key, 0) })),
  goToCart: () => set({ step: 'cart', paylinkId: null }),
  goToProviders: () => set((s) => (s.lines.length > 0 ? { step: 'provider', paylinkId: null } : {})),
  chooseProvider: (providerId) => set({ providerId }),
  setPhone: (phone) => set({ phone }),
  showPaylink: (paylinkId) => set({ step: 'payment', paylinkId, createKey: null, checkingPaylinkId: null }),
  createKeyForAttempt: () => {
    const current = get().createKey;
    if (current) return current;
    const key = newCreateKey(get().orderId);
    set({ createKey: key });
    return key;
  },
  startChecking: (paylinkId) => set({ checkingPaylinkId: paylinkId }),
  checkingVoided: () => set({ checkingPaylinkId: null, createKey: null }),
  tryAnotherProvider: () => set({ step: 'provider', paylinkId: null, createKey: null }),
  nextSale: () => set(freshSale()),
}));
