import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Currency } from '../../shared/money';
import { isPaylinkProvider } from '../../shared/providers';
import type { PaylinkEventView, PaylinkView } from '../../shared/views';
import { ProviderCallError } from '../providers/http';
import { finishMoneyCommand, getMoneyCommand } from '../store/moneyCommands';
import type { WebhookRequest } from '../providers/types';
import {
  appendPaylinkEvent,
  countPaylinks,
  deferPaylinkRefresh,
  findPaylinkByProviderRef,
  listPaylinkEvents,
  listPaylinks,
  listPaylinksDueForRefresh,
  recordWebhookReceipt,
  hasWebhookReceipt,
  updatePaylinkState,
  type PaylinkFilter,
} from '../store/paylinks';
import { countOpenUnmatchedPayments, insertUnmatchedPayment, listUnmatchedPayments } from '../store/unmatchedPayments';
import { actorLabel, type Actor, type PaylinkCore } from './paylinkCore';
import type { PaylinkCreation } from './paylinkCreate';
import { toEventView, toUnmatchedPaymentView } from './paylinkViews';

export interface ListPaylinksQuery extends Omit<PaylinkFilter, 'before' | 'limit'> {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Creating, reading, refreshing paylinks and taking provider notifications. */
export function createPaylinkQueries(core: PaylinkCore, creation: PaylinkCreation) {
  const { db, now } = core;

  /** Asks the provider and applies its answer. Failing to reach it leaves the record as it was. */
  async function refresh(id: string, actor: Actor = { kind: 'system' }): Promise<PaylinkView> {
    return core.withLock(id, async () => {
      const row = core.mustGet(id);
      if (row.pending_command === 'create') return core.view(await creation.resolveHeld(id, actor));
      if (!row.session_id) return core.view(row);
      const snap = await core.fetchSnapshot(row);
      return core.view(core.applySnapshot(id, snap, actor));
    });
  }

  /** GET refreshes from the provider when it can; when it cannot, it answers with what PayDesk knows. */
  async function get(id: string, opts: { refresh?: boolean } = {}): Promise<PaylinkView> {
    const row = core.mustGet(id);
    if (opts.refresh === false || !row.next_refresh_at) return core.view(row);
    // A create whose answer was just lost: give the provider a moment before asking it by our reference.
    if (row.pending_command === 'create' && now() - row.created_at < creation.firstCheckAfterMs) return core.view(row);
    try {
      return await refresh(id);
    } catch (err) {
      if (err instanceof ProviderCallError) return core.view(core.mustGet(id));
      throw err;
    }
  }

  function list(q: ListPaylinksQuery): { paylinks: PaylinkView[]; total: number; next_cursor: string | null } {
    const limit = q.limit ?? 50;
    const before = q.cursor ? decodeCursor(q.cursor) : undefined;
    const filter: PaylinkFilter = { ...q, limit, before };
    const rows = listPaylinks(db, filter);
    const last = rows[rows.length - 1];
    return {
      paylinks: rows.map(core.view),
      total: countPaylinks(db, { ...filter, before: undefined }),
      next_cursor: rows.length === limit && last ? Buffer.from(`${last.created_at}:${last.id}`).toString('base64url') : null,
    };
  }

  function timeline(id: string): PaylinkEventView[] {
    core.mustGet(id);
    return listPaylinkEvents(db, id).map(toEventView);
  }

  function recordPrint(id: string, outcome: 'printed' | 'failed' | 'reprinted', actor: Actor, data?: Record<string, unknown>): PaylinkView {
    const row = core.mustGet(id);
    appendPaylinkEvent(db, { paylink_id: id, type: outcome === 'failed' ? 'receipt_print_failed' : outcome === 'reprinted' ? 'receipt_reprinted' : 'receipt_printed', at: now(), actor: actorLabel(actor), ...(data ? { data } : {}) });
    return core.view(row);
  }

  /**
   * Verifies a provider notification, applies it once, and re-checks with the provider before money state moves.
   * It only touches paylinks of an org app whose secret verified it, and it is recorded (receipt + timeline row)
   * only when the re-check changed something: a flood of notifications that change nothing cannot grow the store.
   * One about a session no paylink holds is never dropped: it is kept as an unmatched provider payment.
   */
  async function handleWebhook(provider: string, req: WebhookRequest): Promise<{ status: 'applied' | 'duplicate' | 'ignored' | 'unmatched'; paylink_id?: string }> {
    if (!isPaylinkProvider(provider)) throw new AppError('unknown_provider', `PayDesk takes no webhooks for "${provider}".`);
    const apps = core.deps.orgApps.loadAll(provider);
    if (apps.length === 0) throw new AppError('not_found', `No ${provider} app is installed.`);
    const adapter = core.deps.adapters[provider];
    let notice: Awaited<ReturnType<typeof adapter.verifyWebhook>> | undefined;
    const verifiedBy = new Set<string>();
    for (const app of apps) {
      try {
        const verified = await adapter.verifyWebhook({ baseUrl: core.deps.resolveBaseUrl(app.row), credentials: app.credentials, settings: app.settings, http: core.deps.httpFor(provider), now: () => new Date(now()) }, req);
        notice ??= verified;
        verifiedBy.add(app.row.id);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'unauthorized') throw err;
      }
    }
    if (!notice) throw new AppError('unauthorized', `The ${provider} notification could not be verified; it was ignored.`);
    const dedupeKey = notice.dedupeKey || createHash('sha256').update(req.rawBody).digest('hex');
    const row = findPaylinkByProviderRef(db, provider, {
      ...(notice.sessionId ? { sessionId: notice.sessionId } : {}),
      ...(notice.paymentId ? { paymentId: notice.paymentId } : {}),
      ...(notice.reference ? { reference: notice.reference } : {}),
    });
    // A notification verified with one app's secret never moves another app's paylinks.
    if (row && !verifiedBy.has(row.org_app_id)) return { status: 'ignored' };
    if (hasWebhookReceipt(db, provider, dedupeKey)) return { status: 'duplicate' };
    const receivedAt = now();
    const kept = {
      provider,
      dedupe_key: dedupeKey,
      session_id: notice.sessionId ?? null,
      payment_id: notice.paymentId ?? null,
      reference: notice.reference ?? null,
      provider_status: notice.providerStatus ?? null,
      received_at: receivedAt,
    };
    // Kept for a manager (one row per notification), and claimed by the paylink that later adopts this session.
    if (!row) {
      insertUnmatchedPayment(db, kept);
      return { status: 'unmatched' };
    }
    // An id only the notification carries (MisPay's checkoutId, needed to finalize and refund) is kept once.
    if (row.session_id && notice.paymentId && !row.payment_id) updatePaylinkState(db, row.id, { ...row, payment_id: notice.paymentId });
    const before = `${row.status}|${row.provider_status ?? ''}|${row.session_id ?? ''}`;
    if (!row.session_id) {
      // A paylink whose create answer was lost: the notice is stored before anything else, so a failure while
      // adopting (provider unreachable, engine stopped) leaves it for the refresher instead of losing it.
      insertUnmatchedPayment(db, kept);
      try {
        await creation.adoptFromNotice(row.id, notice);
      } catch {
        // retried from the stored notice by the refresher
      }
    }
    try {
      await refresh(row.id, { kind: 'provider' });
    } catch (err) {
      if (!(err instanceof ProviderCallError)) throw err;
      // The refresher will ask again shortly; the notification is not lost.
    }
    if (notice.refundApplied) await settleRefundFromNotice(row.id, notice.refundApplied);
    const after = core.mustGet(row.id);
    if (`${after.status}|${after.provider_status ?? ''}|${after.session_id ?? ''}` === before) return { status: 'ignored', paylink_id: row.id };
    if (!recordWebhookReceipt(db, provider, dedupeKey, receivedAt)) return { status: 'duplicate', paylink_id: row.id };
    appendPaylinkEvent(db, { paylink_id: row.id, type: 'webhook_received', at: receivedAt, actor: 'provider', data: { provider_status: notice.providerStatus ?? null } });
    return { status: 'applied', paylink_id: row.id };
  }

  /**
   * A refund whose answer was lost, at a provider that neither dedupes nor shows refunds (MisPay), stays pending; the
   * provider's refund notification is then the evidence it was applied. Only the one pending refund is settled (the
   * engine never has two), with the amount PayDesk asked for, or everything captured when the provider says "full".
   */
  async function settleRefundFromNotice(id: string, applied: { full: boolean }): Promise<void> {
    await core.withLock(id, async () => {
      const row = core.mustGet(id);
      if (row.pending_command !== 'refund') return;
      const keys = listPaylinkEvents(db, id)
        .filter((e) => e.type === 'refund_requested')
        .map((e) => (JSON.parse(e.data) as { idempotency_key?: string }).idempotency_key);
      const cmd = keys.map((k) => (k ? getMoneyCommand(db, k) : undefined)).find((c) => c?.status === 'pending' && c.kind === 'refund');
      if (!cmd) return;
      const refundedMinor = applied.full ? row.captured_minor : cmd.baseline_minor + cmd.amount_minor;
      db.transaction(() => {
        finishMoneyCommand(db, cmd.idempotency_key, { status: 'succeeded', result: { provider_status: row.provider_status, settled_by: 'notification' }, at: now() });
        core.applySnapshot(
          id,
          { status: refundedMinor >= row.captured_minor ? 'refunded' : 'partially_refunded', providerStatus: row.provider_status ?? '', capturedMinor: row.captured_minor, refundedMinor },
          { kind: 'provider' },
          { pending_command: null },
        );
      })();
    });
  }

  /** One pass of the background refresher over paylinks still waiting on an outcome. */
  async function refreshDue(limit = 20): Promise<number> {
    await creation.adoptStoredNotices(limit);
    const due = listPaylinksDueForRefresh(db, now(), limit);
    await Promise.all(
      due.map(async (row) => {
        try {
          await refresh(row.id);
        } catch {
          // Back off: push the next attempt out so an unreachable provider is not hammered.
          deferPaylinkRefresh(db, row.id, now() + 30_000);
        }
      }),
    );
    return due.length;
  }

  /** Provider notifications no paylink held when they came, newest first (the manager's list). */
  function unmatched(q: { open?: boolean | undefined; limit?: number | undefined }) {
    return { payments: listUnmatchedPayments(db, { open: q.open ?? false, limit: q.limit ?? 100 }).map(toUnmatchedPaymentView), open: countOpenUnmatchedPayments(db) };
  }

  return { unmatched, create: creation.create, get, refresh, list, timeline, recordPrint, handleWebhook, refreshDue };
}

function decodeCursor(cursor: string): { created_at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':', 2);
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('validation_failed', 'cursor is not valid; use next_cursor from the previous page.', { field: 'cursor' });
  return { created_at: Number(at), id };
}

export type { Currency };
