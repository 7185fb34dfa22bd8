import { AppError } from '../../shared/errors';
import type { Currency } from '../../shared/money';
import { isPaylinkProvider, type PaylinkProviderId } from '../../shared/providers';
import { canTransition, isAwaitingOutcome, type PaylinkStatus } from '../../shared/status';
import type { PaylinkView } from '../../shared/views';
import type { HttpClient } from '../providers/http';
import type { AdapterContext, PaylinkAdapter, ProviderRef, ProviderSnapshot } from '../providers/types';
import { writeTransaction, type Db } from '../store/db';
import type { OrgAppRow } from '../store/orgApps';
import { appendPaylinkEvent, getPaylink, updatePaylinkState, type PaylinkRow } from '../store/paylinks';
import type { EventBus } from './events';
import type { OrgApps } from './orgApps';
import { toPaylinkView } from './paylinkViews';
import { enqueueMoneyMovements } from './syncRecords';

/** Who acted: shown on the timeline and used for role checks. */
export type Actor =
  | { kind: 'staff'; id: string; role: 'cashier' | 'manager'; /** the manager who approved, by PIN on this till */ approvedBy?: string }
  | { kind: 'api' }
  | { kind: 'provider' }
  | { kind: 'system' };

export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? actor.id : actor.kind;
}

export interface PaylinkDeps {
  db: Db;
  now: () => number;
  newId: (prefix: string) => string;
  orgApps: OrgApps;
  adapters: Readonly<Record<PaylinkProviderId, PaylinkAdapter>>;
  events: EventBus;
  httpFor: (provider: string) => HttpClient;
  /** Turns an org app's stored base URL into the one to call (demo apps point at the sandbox). */
  resolveBaseUrl: (row: OrgAppRow) => string;
  publicBase: () => string;
  /** Called after a commit that queued back-office records, so the sync worker drains now. */
  onOutboxChanged?: () => void;
}

const EVENT_FOR_STATUS: Partial<Record<PaylinkStatus, string>> = {
  authorized: 'authorized',
  captured: 'captured',
  cancelled: 'cancelled',
  expired: 'expired',
  rejected: 'rejected',
  partially_refunded: 'refunded',
  refunded: 'refunded',
  unknown: 'outcome_unknown',
};

/** Shared plumbing of the paylink services: loading, adapter contexts, applying provider truth. */
export function createPaylinkCore(deps: PaylinkDeps) {
  const { db, now } = deps;
  const locks = new Map<string, Promise<unknown>>();

  function mustGet(id: string): PaylinkRow {
    const row = getPaylink(db, id);
    if (!row) throw new AppError('not_found', `There is no paylink with id "${id}".`, { id });
    return row;
  }

  function view(row: PaylinkRow): PaylinkView {
    return toPaylinkView(row, deps.publicBase());
  }

  function adapterFor(orgAppId: string, provider?: string): { adapter: PaylinkAdapter; ctx: AdapterContext; app: OrgAppRow } {
    const loaded = deps.orgApps.load(orgAppId);
    const id = loaded.row.provider;
    if (!isPaylinkProvider(id)) throw new AppError('provider_not_paylink', `Org app ${orgAppId} is a ${id} app, which cannot create paylinks.`, { field: 'org_app_id' });
    if (provider && provider !== id) {
      throw new AppError('validation_failed', `Org app ${orgAppId} belongs to ${id}, not ${provider}. Use an org app of ${provider}.`, { field: 'org_app_id' });
    }
    return {
      adapter: deps.adapters[id],
      app: loaded.row,
      ctx: {
        baseUrl: deps.resolveBaseUrl(loaded.row),
        credentials: loaded.credentials,
        settings: loaded.settings,
        http: deps.httpFor(id),
        now: () => new Date(now()),
      },
    };
  }

  function refOf(row: PaylinkRow): ProviderRef {
    const extra = JSON.parse(row.provider_extra) as { ref_extra?: Record<string, string> };
    return { sessionId: row.session_id ?? '', ...(row.payment_id ? { paymentId: row.payment_id } : {}), ...(extra.ref_extra ? { extra: extra.ref_extra } : {}) };
  }

  /** Serializes money commands and refreshes per paylink so two of them never race at the provider. */
  async function withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(id, tail);
    try {
      return await run;
    } finally {
      if (locks.get(id) === tail) locks.delete(id);
    }
  }

  function nextRefreshAt(row: Pick<PaylinkRow, 'created_at' | 'expires_at'>, status: PaylinkStatus, at: number): number | null {
    if (!isAwaitingOutcome(status)) return null;
    // Past expiry (plus a grace period for the provider to say so) polling stops; a webhook or a manual refresh still works.
    if (status === 'created' && row.expires_at !== null && at > row.expires_at + 5 * 60_000) return null;
    const age = Math.max(0, at - row.created_at);
    return at + Math.min(Math.max(2_000, Math.round(age / 10)), 60_000);
  }

  /**
   * Applies what the provider says inside one transaction, with its timeline event. A snapshot that
   * would move a paylink backwards (stale or out-of-order data) is ignored and noted.
   */
  function applySnapshot(id: string, snap: ProviderSnapshot, actor: Actor, extraChange: Partial<PaylinkRow> = {}): PaylinkRow {
    const result = writeTransaction(db, () => {
      const row = mustGet(id);
      const at = now();
      const captured = Math.max(row.captured_minor, snap.capturedMinor);
      const refunded = Math.max(row.refunded_minor, snap.refundedMinor);
      let status = snap.status;
      if (!canTransition(row.status, status)) {
        appendPaylinkEvent(db, { paylink_id: id, type: 'stale_status_ignored', at, actor: actorLabel(actor), data: { ours: row.status, provider: snap.providerStatus } });
        status = row.status;
      }
      const changed = status !== row.status || captured !== row.captured_minor || refunded !== row.refunded_minor || snap.providerStatus !== row.provider_status;
      const next: PaylinkRow = {
        ...row,
        ...extraChange,
        status,
        provider_status: snap.providerStatus,
        captured_minor: captured,
        refunded_minor: refunded,
        session_id: snap.ref?.sessionId ?? row.session_id,
        payment_id: snap.ref?.paymentId ?? row.payment_id,
        updated_at: changed ? at : row.updated_at,
      };
      next.next_refresh_at = nextRefreshAt(next, status, at);
      updatePaylinkState(db, id, next);
      enqueueMoneyMovements(db, row, next, at);
      if (status !== row.status || captured !== row.captured_minor || refunded !== row.refunded_minor) {
        const type = status === row.status && captured > row.captured_minor ? 'captured' : (EVENT_FOR_STATUS[status] ?? status);
        appendPaylinkEvent(db, {
          paylink_id: id,
          type,
          at,
          actor: actorLabel(actor),
          data: { from: row.status, to: status, provider_status: snap.providerStatus, captured_minor: captured, refunded_minor: refunded },
        });
      }
      return { row: next, changed: changed || extraChange.pending_command !== undefined, moneyMoved: captured !== row.captured_minor || refunded !== row.refunded_minor };
    });
    if (result.changed) deps.events.emit('paylink.updated', { paylink: view(result.row) });
    if (result.moneyMoved) deps.onOutboxChanged?.();
    return result.row;
  }

  async function fetchSnapshot(row: PaylinkRow): Promise<ProviderSnapshot> {
    const { adapter, ctx } = adapterFor(row.org_app_id);
    return adapter.getStatus(ctx, refOf(row), row.amount_minor, row.currency as Currency);
  }

  return { db, deps, now, mustGet, view, adapterFor, refOf, withLock, applySnapshot, fetchSnapshot, nextRefreshAt };
}

export type PaylinkCore = ReturnType<typeof createPaylinkCore>;
