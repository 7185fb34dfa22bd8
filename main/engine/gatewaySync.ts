import { AppError, toErrorShape } from '../../shared/errors';
import { isGatewayProvider, type GatewayProviderId } from '../../shared/providers';
import type { GatewaySyncRunView } from '../../shared/views';
import { GATEWAY_ADAPTERS } from '../providers/gateways';
import type { GatewayContext, GatewayPayment } from '../providers/gateways/types';
import type { HttpClient } from '../providers/http';
import type { Db } from '../store/db';
import {
  findReferenceMatch,
  finishGatewaySyncRun,
  getGatewaySyncRun,
  insertGatewaySyncRun,
  lastFinishedGatewaySyncRun,
  listOpenGatewayPaymentIds,
  listOrderReferencesSince,
  listUnmatchedGatewayPayments,
  setGatewayPaymentMatches,
  upsertGatewayPayments,
  type GatewayPaymentInput,
  type GatewaySyncRunRow,
} from '../store/gatewayPayments';
import { listOrgApps, type OrgAppRow } from '../store/orgApps';
import { getSetting } from '../store/settings';
import { runGatewaySync } from '../sync/gatewaySync';
import type { LoadedOrgApp, OrgApps } from './orgApps';

// Reconciliation runs for the installed gateway apps (issue 7): read each gateway's payments since
// the last run, store them by the gateway's id, match them to PayDesk orders, record the run.
// One run per app at a time; a scheduler runs every app on an interval.

export const DEFAULT_GATEWAY_SYNC_INTERVAL_MS = 5 * 60_000;
/** Settings row holding {"interval_ms": n}; managers change it, the scheduler reads it at start. */
export const GATEWAY_SYNC_SETTING = 'gateway_sync';
/** Looked at again on every run: rows that arrive late or shift between pages land here. */
const DEFAULT_OVERLAP_MS = 10 * 60_000;
/** Open payments older than this are left to the manager rather than asked about on every run. */
const OPEN_PAYMENT_HORIZON_MS = 7 * 24 * 3_600_000;
const MAX_OPEN_REFETCH = 500;
const MAX_REFERENCES = 1_000;

export interface GatewaySyncDeps {
  db: Db;
  now: () => number;
  orgApps: OrgApps;
  httpFor: (provider: string) => HttpClient;
  resolveBaseUrl: (row: OrgAppRow) => string;
  overlapMs?: number;
  /** runGatewaySync's 429 back-off (tests shorten it). */
  backoff?: { baseMs?: number; maxMs?: number };
}

export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function toRunView(row: GatewaySyncRunRow): GatewaySyncRunView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    gateway: row.gateway,
    org_app_id: row.org_app_id,
    trigger: row.trigger,
    started_at: new Date(row.started_at).toISOString(),
    finished_at: iso(row.finished_at),
    window_from: iso(row.window_from),
    window_to: iso(row.window_to),
    pages: row.pages,
    fetched: row.fetched,
    inserted: row.inserted,
    updated: row.updated,
    refetched: row.refetched,
    rate_limited_retries: row.rate_limited_retries,
    errors: JSON.parse(row.errors) as string[],
    synced_until: iso(row.synced_until),
  };
}

/** Dinero has no list API: the app's `payment_ids` setting names the payments to keep refreshing. */
function configuredPaymentIds(settings: Record<string, string>): string[] {
  const raw = settings.payment_ids?.trim();
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string' && v !== '');
  } catch {
    // Not JSON: a comma- or space-separated list, as a person types it.
  }
  return raw.split(/[\s,]+/).filter(Boolean);
}

export function createGatewaySync(deps: GatewaySyncDeps) {
  const { db, now } = deps;
  const inFlight = new Map<string, Promise<GatewaySyncRunView>>();
  /** Per-app cache the adapters keep between calls (PayPal's OAuth token). */
  const caches = new Map<string, Map<string, unknown>>();

  function contextFor(app: LoadedOrgApp): GatewayContext {
    let cache = caches.get(app.row.id);
    if (!cache) caches.set(app.row.id, (cache = new Map()));
    return { baseUrl: deps.resolveBaseUrl(app.row), credentials: app.credentials, settings: app.settings, http: deps.httpFor(app.row.provider), now: () => new Date(now()), cache };
  }

  function loadGatewayApp(orgAppId: string): LoadedOrgApp & { gateway: GatewayProviderId } {
    const app = deps.orgApps.load(orgAppId);
    const gateway = app.row.provider;
    if (!isGatewayProvider(gateway)) {
      throw new AppError('validation_failed', `"${app.row.name}" is a ${gateway} app; only gateway-sync apps (Stripe, Moyasar, Tap, PayPal, HyperPay, Dinero) are synced.`, { field: 'org_app_id' });
    }
    return { ...app, gateway };
  }

  function toInput(app: LoadedOrgApp, payment: GatewayPayment): GatewayPaymentInput {
    const match = payment.reference ? findReferenceMatch(db, payment.reference) : undefined;
    return {
      gateway: payment.gateway,
      gateway_id: payment.gatewayId,
      org_app_id: app.row.id,
      status: payment.status,
      gateway_status: payment.gatewayStatus,
      amount_minor: payment.amountMinor,
      refunded_minor: payment.refundedMinor,
      currency: payment.currency,
      created_at: Date.parse(payment.createdAt),
      reference: payment.reference ?? null,
      flags: JSON.stringify(payment.flags ?? []),
      matched_order_id: match?.orderId ?? null,
      matched_paylink_id: match?.paylinkId ?? null,
    };
  }

  /** Stores payments read from the gateway (a sync page or a webhook's re-fetch). */
  function storePayments(app: LoadedOrgApp, payments: readonly GatewayPayment[]): { inserted: number; updated: number } {
    return upsertGatewayPayments(db, { payments: payments.map((p) => toInput(app, p)), nowMs: now() });
  }

  /** An order created after its payment was read matches it on the next run. */
  function rematch(app: LoadedOrgApp, sinceMs: number): void {
    const matches = [];
    for (const row of listUnmatchedGatewayPayments(db, { orgAppId: app.row.id, sinceMs, limit: 1_000 })) {
      const match = findReferenceMatch(db, row.reference as string);
      if (match) matches.push({ gateway: row.gateway, gateway_id: row.gateway_id, matched_order_id: match.orderId, matched_paylink_id: match.paylinkId });
    }
    if (matches.length) setGatewayPaymentMatches(db, { matches, nowMs: now() });
  }

  async function syncOnce(orgAppId: string, trigger: GatewaySyncRunRow['trigger']): Promise<GatewaySyncRunView> {
    const app = loadGatewayApp(orgAppId);
    const adapter = GATEWAY_ADAPTERS[app.gateway];
    const startedAt = now();
    const dayStart = startOfLocalDay(startedAt);
    const since = lastFinishedGatewaySyncRun(db, app.row.id)?.synced_until ?? dayStart;
    const overlapMs = deps.overlapMs ?? DEFAULT_OVERLAP_MS;
    const runId = insertGatewaySyncRun(db, { gateway: app.gateway, orgAppId: app.row.id, trigger, startedAtMs: startedAt });
    const nonTerminalIds = [...listOpenGatewayPaymentIds(db, { orgAppId: app.row.id, sinceMs: startedAt - OPEN_PAYMENT_HORIZON_MS, limit: MAX_OPEN_REFETCH }), ...configuredPaymentIds(app.settings)];
    const references = adapter.listsByReference ? listOrderReferencesSince(db, { sinceMs: Math.min(since, dayStart) - overlapMs, limit: MAX_REFERENCES }) : undefined;
    let outcome;
    try {
      const result = await runGatewaySync({
        adapter,
        ctx: contextFor(app),
        since: new Date(since),
        until: new Date(startedAt),
        overlapMs,
        nonTerminalIds,
        ...(references ? { references } : {}),
        ...(deps.backoff?.baseMs !== undefined ? { backoffBaseMs: deps.backoff.baseMs } : {}),
        ...(deps.backoff?.maxMs !== undefined ? { backoffMaxMs: deps.backoff.maxMs } : {}),
      });
      const { inserted, updated } = storePayments(app, result.payments);
      rematch(app, Math.min(since, dayStart) - overlapMs);
      const first = result.windows[0];
      const last = result.windows.at(-1);
      outcome = {
        window_from: first ? first.from.getTime() : null,
        window_to: last ? last.to.getTime() : null,
        pages: result.pages,
        fetched: result.payments.length,
        inserted,
        updated,
        refetched: result.refetched,
        rate_limited_retries: result.rateLimitedRetries,
        errors: JSON.stringify(result.errors),
        synced_until: result.syncedUntil.getTime(),
      };
    } catch (err) {
      // Storage or an unexpected adapter failure: the run is recorded, the next one starts from the same place.
      outcome = { window_from: null, window_to: null, pages: 0, fetched: 0, inserted: 0, updated: 0, refetched: 0, rate_limited_retries: 0, errors: JSON.stringify([toErrorShape(err).message]), synced_until: since };
    }
    finishGatewaySyncRun(db, runId, { ...outcome, finished_at: now() });
    return toRunView(getGatewaySyncRun(db, runId) as GatewaySyncRunRow);
  }

  /** Single-flight per app: a second request while a run is going joins it instead of starting another. */
  function runSyncForApp(orgAppId: string, trigger: GatewaySyncRunRow['trigger'] = 'manual'): Promise<GatewaySyncRunView> {
    const running = inFlight.get(orgAppId);
    if (running) return running;
    const run = syncOnce(orgAppId, trigger).finally(() => inFlight.delete(orgAppId));
    inFlight.set(orgAppId, run);
    return run;
  }

  function gatewayApps(gateway?: string): OrgAppRow[] {
    return listOrgApps(db, gateway).filter((a) => isGatewayProvider(a.provider));
  }

  /** Runs every installed gateway app (or those of one gateway) side by side. */
  async function syncApps(filter: { gateway?: string | undefined }, trigger: GatewaySyncRunRow['trigger']): Promise<GatewaySyncRunView[]> {
    const apps = gatewayApps(filter.gateway);
    if (filter.gateway && apps.length === 0) throw new AppError('org_app_not_found', `No ${filter.gateway} app is installed. Install one in Settings → Apps.`, { field: 'gateway' });
    const settled = await Promise.allSettled(apps.map((a) => runSyncForApp(a.id, trigger)));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  function intervalMs(): number {
    const saved = JSON.parse(getSetting(db, GATEWAY_SYNC_SETTING) ?? '{}') as { interval_ms?: unknown };
    const n = saved.interval_ms;
    return typeof n === 'number' && Number.isInteger(n) && n >= 10_000 ? n : DEFAULT_GATEWAY_SYNC_INTERVAL_MS;
  }

  let timer: NodeJS.Timeout | undefined;
  let schedulerRun: Promise<unknown> | undefined;
  function startScheduler(everyMs = intervalMs()): void {
    if (timer) return;
    timer = setInterval(() => {
      if (schedulerRun) return; // the previous round is still going: skip this tick
      schedulerRun = syncApps({}, 'schedule')
        .catch(() => undefined)
        .finally(() => (schedulerRun = undefined));
    }, everyMs);
    timer.unref();
  }
  async function stopScheduler(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    await Promise.allSettled([...inFlight.values()]);
  }

  return {
    runSyncForApp,
    syncApps,
    storePayments,
    contextFor,
    loadGatewayApp,
    gatewayApps,
    isRunning: (orgAppId: string) => inFlight.has(orgAppId),
    intervalMs,
    startScheduler,
    stopScheduler,
  };
}

export type GatewaySync = ReturnType<typeof createGatewaySync>;
