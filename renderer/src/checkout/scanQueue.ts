import { parseScanInput } from '../../../shared/cart';
import { normalizeDigits } from '../../../shared/digits';
import type { ProductView } from '../../../shared/views';

// A barcode scanner types a code and Enter faster than React renders (2 ms a key). Every Enter takes the
// field's text at once, clears the field in the same keystroke, and queues the code: nothing typed
// after it can be lost or glued to it, and codes are rung up strictly in the order they were scanned.
// A + or − typed right after a scan waits in the same queue, so it changes the line that scan adds,
// not whichever line happened to be last while the look-up was still on its way; so does F4, which
// goes on to payment once the scans before it are in the cart.

const DIGITS_ONLY = /^\d+$/;

export interface ScanLookup {
  /** A product already known by its exact barcode or SKU, without waiting (the till's catalog index). */
  known(code: string): ProductView | undefined;
  /** Asks the engine: exact barcode/SKU match first; a name match only for codes that are not all digits. */
  fetch(code: string): Promise<ProductView | null>;
}

export type ScanOutcome =
  | { kind: 'added'; product: ProductView; quantity: number; code: string }
  | { kind: 'not_found'; code: string }
  | { kind: 'error'; code: string; error: unknown }
  | { kind: 'bump'; delta: 1 | -1 };

type Waiting = { kind: 'scan'; code: string; quantity: number } | { kind: 'bump'; delta: 1 | -1 } | { kind: 'then'; run: () => void };

export type ScanQueue = ReturnType<typeof createScanQueue>;

export function createScanQueue(lookup: ScanLookup, onOutcome: (outcome: ScanOutcome) => void) {
  const waiting: Waiting[] = [];
  let running = false;
  const idle = () => !running && waiting.length === 0;

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (waiting.length) {
        const next = waiting.shift()!;
        if (next.kind === 'then') {
          next.run();
          continue;
        }
        if (next.kind === 'bump') {
          onOutcome(next);
          continue;
        }
        const { code, quantity } = next;
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
      if (idle()) {
        const product = lookup.known(scan.code);
        if (product) {
          onOutcome({ kind: 'added', product, quantity: scan.quantity, code: scan.code });
          return true;
        }
      }
      waiting.push({ kind: 'scan', ...scan });
      void drain();
      return true;
    },
    /** One more (+1) or one less (−1) of the last line, once every scan before it has landed. */
    bump(delta: 1 | -1): void {
      if (idle()) onOutcome({ kind: 'bump', delta });
      else waiting.push({ kind: 'bump', delta });
    },
    /** Runs `run` once every scan queued before it has landed (at once when none is on its way). */
    afterScans(run: () => void): void {
      if (idle()) run();
      else waiting.push({ kind: 'then', run });
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
