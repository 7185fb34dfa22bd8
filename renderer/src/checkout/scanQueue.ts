import { parseScanInput } from '../../../shared/cart';
import { normalizeDigits } from '../../../shared/digits';
import type { ProductView } from '../../../shared/views';

// A barcode scanner types a code and Enter faster than React renders (2 ms a key). Every Enter takes the
// field's text at once, clears the field in the same keystroke, and queues the code: nothing typed
// after it can be lost or glued to it, and codes are rung up strictly in the order they were scanned.

const DIGITS_ONLY = /^\d+$/;

export interface ScanLookup {
  /** A product already known by its exact barcode or SKU, without waiting (the till's catalog index). */
  known(code: string): ProductView | undefined;
  /** Asks the engine: exact barcode/SKU match first; a name match only for codes that are not all digits. */
  fetch(code: string): Promise<ProductView | null>;
}

export type ScanOutcome = { kind: 'added'; product: ProductView; quantity: number; code: string } | { kind: 'not_found'; code: string } | { kind: 'error'; code: string; error: unknown };

export function createScanQueue(lookup: ScanLookup, onOutcome: (outcome: ScanOutcome) => void) {
  const waiting: { code: string; quantity: number }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (waiting.length) {
        const { code, quantity } = waiting.shift()!;
        try {
          const product = lookup.known(code) ?? (await lookup.fetch(code));
          onOutcome(product ? { kind: 'added', product, quantity, code } : { kind: 'not_found', code });
        } catch (error) {
          onOutcome({ kind: 'error', code, error });
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    /** Queues what the field held when Enter was pressed. Known codes are added before this returns. */
    push(text: string): boolean {
      const scan = parseScanInput(normalizeDigits(text));
      if (!scan) return false;
      if (!running && waiting.length === 0) {
        const product = lookup.known(scan.code);
        if (product) {
          onOutcome({ kind: 'added', product, quantity: scan.quantity, code: scan.code });
          return true;
        }
      }
      waiting.push(scan);
      void drain();
      return true;
    },
  };
}

/** Index of the catalog by barcode and SKU, for lookups that need no round trip. */
export function indexProducts(products: readonly ProductView[]): Map<string, ProductView> {
  const index = new Map<string, ProductView>();
  for (const p of products) {
    index.set(p.sku.toLowerCase(), p);
    if (p.barcode) index.set(p.barcode, p);
  }
  return index;
}

export function isDigitsOnly(code: string): boolean {
  return DIGITS_ONLY.test(code);
}
