import { toErrorShape } from '../../shared/errors';
import { ProviderCallError } from '../providers/http';
import type { GatewayAdapter, GatewayContext, GatewayPayment, ListWindow } from '../providers/gateways/types';

// One reconciliation run for one installed gateway app: list the window (widened backwards by the
// overlap so nothing falls between runs), deduplicate by the gateway's id, then re-fetch payments
// still in flight, because lists are ordered by creation and would never show their later changes.
// No storage here: the caller persists `payments` and the next `since`.

export interface GatewaySyncInput {
  adapter: GatewayAdapter;
  ctx: GatewayContext;
  /** End of the previous successful run (its `syncedUntil`). */
  since: Date;
  until: Date;
  /** How far before `since` to look again: late-arriving rows and page shifts land here. */
  overlapMs: number;
  /** Gateway ids stored as not final (created, authorized, unknown…) to ask about one by one. */
  nonTerminalIds: readonly string[];
  /** Order references, for gateways searched by reference (HyperPay). */
  references?: readonly string[];
  sleep?: (ms: number) => Promise<void>;
  /** Retries of one call after 429 before giving up on it. */
  maxRateLimitRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Called after each page (progress; tests use it to change the world mid-sync). */
  onPage?: (info: { window: ListWindow; pageNumber: number; count: number }) => void | Promise<void>;
}

export interface GatewaySyncResult {
  /** Deduplicated by gatewayId; the last answer about a payment wins. */
  payments: GatewayPayment[];
  pages: number;
  refetched: number;
  rateLimitedRetries: number;
  /** What went wrong, in words an integrator can act on (never secrets). */
  errors: string[];
  /** The windows actually listed (PayPal: ≤31-day chunks, ending before its reporting delay). */
  windows: { from: Date; to: Date }[];
  /** Listing covered everything up to here: the next run's `since`. Equals `since` if listing failed. */
  syncedUntil: Date;
}

const DEFAULT_MAX_RATE_LIMIT_RETRIES = 5;
const DEFAULT_BACKOFF_BASE_MS = 500;
const DEFAULT_BACKOFF_MAX_MS = 30_000;
/** A runaway cursor (a gateway repeating itself) must not spin forever. */
const MAX_PAGES_PER_WINDOW = 10_000;

export function isRateLimited(err: unknown): boolean {
  return err instanceof ProviderCallError && err.httpStatus_ === 429;
}

/** Splits [from, to] into consecutive windows of at most maxMs; neighbours share their boundary. */
export function splitWindow(from: Date, to: Date, maxMs: number | undefined): { from: Date; to: Date }[] {
  if (!maxMs || to.getTime() - from.getTime() <= maxMs) return [{ from, to }];
  const windows: { from: Date; to: Date }[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += maxMs) {
    windows.push({ from: new Date(start), to: new Date(Math.min(start + maxMs, to.getTime())) });
  }
  return windows;
}

export async function runGatewaySync(input: GatewaySyncInput): Promise<GatewaySyncResult> {
  const { adapter, ctx } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = input.random ?? Math.random;
  const maxRetries = input.maxRateLimitRetries ?? DEFAULT_MAX_RATE_LIMIT_RETRIES;
  const baseMs = input.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const maxMs = input.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;

  const byId = new Map<string, GatewayPayment>();
  const listedIds = new Set<string>();
  const errors: string[] = [];
  const windows: { from: Date; to: Date }[] = [];
  let pages = 0;
  let refetched = 0;
  let rateLimitedRetries = 0;

  const remember = (p: GatewayPayment) => {
    byId.delete(p.gatewayId); // re-insert so iteration order follows the latest answer
    byId.set(p.gatewayId, p);
  };

  /** Runs one call; on 429 waits (exponential, jittered, capped) and runs the same call again. */
  async function withRateLimitBackoff<T>(call: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await call();
      } catch (err) {
        if (!isRateLimited(err) || retry >= maxRetries) throw err;
        rateLimitedRetries++;
        const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
        await sleep(ceiling / 2 + random() * (ceiling / 2));
      }
    }
  }

  let syncedUntil = input.since;
  if (adapter.supportsList) {
    const from = new Date(input.since.getTime() - Math.max(0, input.overlapMs));
    const delayCutoff = adapter.reportingDelayMs ? ctx.now().getTime() - adapter.reportingDelayMs : Number.POSITIVE_INFINITY;
    const to = new Date(Math.min(input.until.getTime(), delayCutoff));
    const needsReferences = adapter.listsByReference && (input.references?.length ?? 0) === 0;
    let complete = true;
    if (from < to && !needsReferences) {
      for (const chunk of splitWindow(from, to, adapter.maxWindowMs)) {
        const window: ListWindow = { ...chunk, ...(input.references ? { references: [...new Set(input.references)] } : {}) };
        windows.push(chunk);
        const ok = await listWindow(window);
        if (!ok) {
          complete = false;
          break; // later chunks would leave a hole behind syncedUntil
        }
        syncedUntil = chunk.to;
      }
      if (!complete) syncedUntil = input.since;
    }
  }

  async function listWindow(window: ListWindow): Promise<boolean> {
    let cursor: string | null = null;
    const seenCursors = new Set<string>();
    for (let pageNumber = 1; pageNumber <= MAX_PAGES_PER_WINDOW; pageNumber++) {
      let page;
      try {
        page = await withRateLimitBackoff(() => adapter.listPage(ctx, window, cursor));
      } catch (err) {
        errors.push(`Listing ${adapter.id} payments stopped at page ${pageNumber}: ${toErrorShape(err).message}`);
        return false;
      }
      pages++;
      for (const payment of page.payments) {
        remember(payment);
        listedIds.add(payment.gatewayId);
      }
      for (const skip of page.skipped) errors.push(`${adapter.id} payment ${skip.gatewayId} was not taken in: ${skip.reason}`);
      await input.onPage?.({ window, pageNumber, count: page.payments.length });
      if (!page.nextCursor) return true;
      if (seenCursors.has(page.nextCursor)) {
        errors.push(`${adapter.id} returned the same page cursor twice; listing stopped to avoid a loop.`);
        return false;
      }
      seenCursors.add(page.nextCursor);
      cursor = page.nextCursor;
    }
    errors.push(`${adapter.id} listing exceeded ${MAX_PAGES_PER_WINDOW} pages; narrow the sync window.`);
    return false;
  }

  // Listed in this run means already fresh; only the others need their own call.
  for (const id of new Set(input.nonTerminalIds)) {
    if (listedIds.has(id)) continue;
    try {
      remember(await withRateLimitBackoff(() => adapter.getPayment(ctx, id)));
      refetched++;
    } catch (err) {
      errors.push(`Refreshing ${adapter.id} payment ${id} failed: ${toErrorShape(err).message}`);
    }
  }

  return { payments: [...byId.values()], pages, refetched, rateLimitedRetries, errors, windows, syncedUntil };
}
