import { createHash } from 'node:crypto';
import { assertOrgAppEnabled } from '../setup/orgAppControl';
import { AppError } from '../../shared/errors';
import { parseAmountToMinor, parseCurrency, formatMinor, type Currency } from '../../shared/money';
import { normalizePhone, requireMobile } from '../../shared/phone';
import { findProvider, isGatewayProvider, isPaylinkProvider } from '../../shared/providers';
import type { CreatePaylinkRequest } from '../../shared/schemas';
import type { PaylinkEventView, PaylinkView } from '../../shared/views';
import { ProviderCallError } from '../providers/http';
import { finishMoneyCommand, getMoneyCommand } from '../store/moneyCommands';
import type { WebhookRequest } from '../providers/types';
import {
  appendPaylinkEvent,
  countPaylinks,
  deferPaylinkRefresh,
  findPaylinkByProviderRef,
  getPaylinkByCreateKey,
  insertPaylink,
  listPaylinkEvents,
  listPaylinks,
  listPaylinksDueForRefresh,
  recordWebhookReceipt,
  hasWebhookReceipt,
  updatePaylinkState,
  type PaylinkFilter,
  type PaylinkRow,
} from '../store/paylinks';
import { actorLabel, type Actor, type PaylinkCore } from './paylinkCore';
import { toEventView } from './paylinkViews';

export interface ListPaylinksQuery extends Omit<PaylinkFilter, 'before' | 'limit'> {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Creating, reading, refreshing paylinks and taking provider notifications. */
export function createPaylinkQueries(core: PaylinkCore) {
  const { db, now } = core;

  function validateCreate(input: CreatePaylinkRequest) {
    const providerId = input.provider.toLowerCase();
    if (isGatewayProvider(providerId)) {
      throw new AppError(
        'provider_not_paylink',
        `${providerId} is a gateway-sync (reconciliation) provider and cannot create paylinks. Use POST /api/v1/payments/orders for ${providerId}.`,
        { field: 'provider', see: '/api/v1/payments/orders' },
      );
    }
    if (!isPaylinkProvider(providerId)) {
      throw new AppError('validation_failed', `provider "${input.provider}" is not a paylink provider. Use one of tabby, tamara, mispay, paymennt.`, { field: 'provider' });
    }
    const spec = findProvider(providerId)!;
    const currency = parseCurrency(input.currency);
    if (!spec.currencies.includes(currency)) {
      throw new AppError('unsupported_currency', `${spec.name} does not take ${currency}. It takes ${spec.currencies.join(', ')}.`, { field: 'currency' });
    }
    const amountMinor = parseAmountToMinor(input.amount, currency);
    const bounds = spec.amountBoundsMinor?.[currency];
    if (bounds && (amountMinor < bounds.min || amountMinor > bounds.max)) {
      throw new AppError('invalid_amount', `${spec.name} takes ${currency} ${formatMinor(bounds.min, currency)} to ${formatMinor(bounds.max, currency)}.`, { field: 'amount' });
    }
    // An SMS must reach the number: a mobile of a country the provider serves (a landline is refused).
    const smsPhone = input.phone_number
      ? spec.smsCountries
        ? requireMobile(input.phone_number, spec.smsCountries, 'phone_number', spec.name)
        : normalizePhone(input.phone_number, 'phone_number')
      : undefined;
    const buyerPhone = input.buyer_phone ? normalizePhone(input.buyer_phone, 'buyer_phone') : undefined;
    if (spec.checkout === 'sms' && !smsPhone) {
      throw new AppError('validation_failed', `${spec.name} sends the link by SMS, so phone_number is required.`, { field: 'phone_number' });
    }
    const items = (input.items ?? []).map((item, i) => ({
      name: item.name,
      quantity: item.quantity,
      unitPriceMinor: parseAmountToMinor(item.unit_price, currency, `items.${i}.unit_price`),
      ...(item.sku ? { sku: item.sku } : {}),
    }));
    return { providerId, spec, currency, amountMinor, phone: smsPhone ?? buyerPhone, items };
  }

  async function create(input: CreatePaylinkRequest, actor: Actor, createKey?: string): Promise<PaylinkView> {
    assertOrgAppEnabled(db, input.org_app_id);
    if (createKey) {
      const existing = getPaylinkByCreateKey(db, createKey);
      if (existing) return core.view(existing);
    }
    const v = validateCreate(input);
    const { adapter, ctx } = core.adapterFor(input.org_app_id, v.providerId);
    const id = core.deps.newId('pl_');
    const lang = input.lang ?? (input.locale === 'en_US' ? 'en' : 'ar');
    const created = await adapter.createPaylink(ctx, {
      paylinkId: id,
      orderId: input.order_id,
      amountMinor: v.amountMinor,
      currency: v.currency,
      ...(input.description ? { description: input.description } : {}),
      buyer: { ...(input.buyer_name ? { name: input.buyer_name } : {}), ...(input.buyer_email ? { email: input.buyer_email } : {}), ...(v.phone ? { phoneE164: v.phone } : {}) },
      lang,
      items: v.items,
      ...(input.metadata ? { metadata: input.metadata } : {}),
      options: {
        ...(input.payment_type ? { payment_type: input.payment_type } : {}),
        ...(input.store_code ? { store_code: input.store_code } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        ...(input.send_sms !== undefined ? { send_sms: input.send_sms } : {}),
        ...(input.send_email !== undefined ? { send_email: input.send_email } : {}),
        ...(input.expires_in_minutes ? { expires_in_minutes: input.expires_in_minutes } : {}),
      },
    });
    const at = now();
    const row: PaylinkRow = {
      id,
      create_key: createKey ?? null,
      provider: v.providerId,
      org_app_id: input.org_app_id,
      order_id: input.order_id,
      amount_minor: v.amountMinor,
      currency: v.currency,
      description: input.description ?? null,
      buyer_name: input.buyer_name ?? null,
      buyer_email: input.buyer_email ?? null,
      buyer_phone: v.phone ?? null,
      lang,
      items: JSON.stringify(v.items.map((i) => ({ name: i.name, quantity: i.quantity, unit_price_minor: i.unitPriceMinor, ...(i.sku ? { sku: i.sku } : {}) }))),
      metadata: JSON.stringify(input.metadata ?? {}),
      session_id: created.ref.sessionId,
      payment_id: created.ref.paymentId ?? null,
      provider_extra: JSON.stringify({ ...(created.ref.extra ? { ref_extra: created.ref.extra } : {}), ...(created.smsSentTo ? { sms_sent_to: created.smsSentTo } : {}) }),
      checkout_url: created.checkoutUrl,
      expires_at: created.expiresAt ? Date.parse(created.expiresAt) : null,
      status: created.status,
      provider_status: created.providerStatus,
      captured_minor: created.capturedMinor,
      refunded_minor: created.refundedMinor,
      pending_command: null,
      cashier_id: actor.kind === 'staff' ? actor.id : null,
      created_at: at,
      updated_at: at,
      next_refresh_at: null,
    };
    row.next_refresh_at = core.nextRefreshAt(row, row.status, at);
    db.transaction(() => {
      insertPaylink(db, row);
      appendPaylinkEvent(db, { paylink_id: id, type: 'created', at, actor: actorLabel(actor), data: { provider: v.providerId, amount_minor: v.amountMinor, currency: v.currency } });
      if (created.smsSentTo) appendPaylinkEvent(db, { paylink_id: id, type: 'sms_sent', at, actor: actorLabel(actor), data: { to: created.smsSentTo } });
      if (created.status === 'rejected') appendPaylinkEvent(db, { paylink_id: id, type: 'rejected', at, actor: 'provider', data: { provider_status: created.providerStatus } });
    }).immediate();
    const result = core.view(row);
    core.deps.events.emit('paylink.updated', { paylink: result });
    return result;
  }

  /** Asks the provider and applies its answer. Failing to reach it leaves the record as it was. */
  async function refresh(id: string, actor: Actor = { kind: 'system' }): Promise<PaylinkView> {
    return core.withLock(id, async () => {
      const row = core.mustGet(id);
      if (!row.session_id) return core.view(row);
      const snap = await core.fetchSnapshot(row);
      return core.view(core.applySnapshot(id, snap, actor));
    });
  }

  /** GET refreshes from the provider when it can; when it cannot, it answers with what PayDesk knows. */
  async function get(id: string, opts: { refresh?: boolean } = {}): Promise<PaylinkView> {
    const row = core.mustGet(id);
    if (opts.refresh === false || !row.next_refresh_at) return core.view(row);
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
   */
  async function handleWebhook(provider: string, req: WebhookRequest): Promise<{ status: 'applied' | 'duplicate' | 'ignored'; paylink_id?: string }> {
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
    if (!row || !verifiedBy.has(row.org_app_id)) return { status: 'ignored' };
    if (hasWebhookReceipt(db, provider, dedupeKey)) return { status: 'duplicate' };
    // An id only the notification carries (MisPay's checkoutId, needed to finalize and refund) is kept once.
    if (notice.paymentId && !row.payment_id) updatePaylinkState(db, row.id, { ...row, payment_id: notice.paymentId });
    const receivedAt = now();
    const before = `${row.status}|${row.provider_status ?? ''}`;
    try {
      await refresh(row.id, { kind: 'provider' });
    } catch (err) {
      if (!(err instanceof ProviderCallError)) throw err;
      // The refresher will ask again shortly; the notification is not lost.
    }
    if (notice.refundApplied) await settleRefundFromNotice(row.id, notice.refundApplied);
    const after = core.mustGet(row.id);
    if (`${after.status}|${after.provider_status ?? ''}` === before) return { status: 'ignored', paylink_id: row.id };
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

  return { create, get, refresh, list, timeline, recordPrint, handleWebhook, refreshDue };
}

function decodeCursor(cursor: string): { created_at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':', 2);
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('validation_failed', 'cursor is not valid; use next_cursor from the previous page.', { field: 'cursor' });
  return { created_at: Number(at), id };
}

export type { Currency };
