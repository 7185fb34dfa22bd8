import { AppError } from '../../shared/errors';
import { parseAmountToMinor, parseCurrency, formatMinor, type Currency } from '../../shared/money';
import { normalizePhone, requireMobile } from '../../shared/phone';
import { findProvider, isGatewayProvider, isPaylinkProvider } from '../../shared/providers';
import type { CreatePaylinkRequest } from '../../shared/schemas';
import type { PaylinkView } from '../../shared/views';
import { ProviderCallError } from '../providers/http';
import { assertOrgAppEnabled } from '../setup/orgAppControl';
import type { AdapterContext, CreatedPaylink, CreatePaylinkInput, PaylinkAdapter, ProviderSnapshot, WebhookNotice } from '../providers/types';
import {
  adoptPaylinkSession,
  adoptUnchangedIntent,
  appendPaylinkEvent,
  deletePaylinkIntent,
  getPaylinkByCreateKey,
  insertPaylinkIntent,
  updatePaylinkState,
  type PaylinkRow,
} from '../store/paylinks';
import { listOpenUnmatchedFor, listUnmatchedNamingSessionlessPaylinks, markUnmatchedPaymentMatched } from '../store/unmatchedPayments';
import { actorLabel, type Actor, type PaylinkCore } from './paylinkCore';
import { enqueueMoneyMovements } from './syncRecords';
import { writeTransaction } from '../store/db';

export interface CreateResolutionOptions {
  /** First lookup after a lost answer: give the provider a moment to finish what it was doing. */
  firstCheckAfterMs: number;
  /** A lookup that finds nothing voids the paylink only this long after the create was sent (a slow create may still land). */
  voidAfterMs: number;
}

export function validateCreateRequest(input: CreatePaylinkRequest) {
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

/** True when the provider certainly did not open a session: it refused, was never reached, or failed before acting. */
function createCertainlyFailed(err: unknown): boolean {
  if (err instanceof ProviderCallError) {
    if (err.failure === 'unreachable' || err.failure === 'rejected') return true;
    // A 5xx or 429 is the provider failing before it acted; an unreadable 2xx may hide a session.
    return err.failure === 'server' && (err.httpStatus_ ?? 0) >= 429;
  }
  return err instanceof AppError;
}

function createOptions(input: CreatePaylinkRequest): Record<string, unknown> {
  return {
    ...(input.payment_type ? { payment_type: input.payment_type } : {}),
    ...(input.store_code ? { store_code: input.store_code } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.send_sms !== undefined ? { send_sms: input.send_sms } : {}),
    ...(input.send_email !== undefined ? { send_email: input.send_email } : {}),
    ...(input.expires_in_minutes ? { expires_in_minutes: input.expires_in_minutes } : {}),
  };
}

/** What the adapter is given for a new create: the recorded row's fields, and the request's items and options. */
function createInputFor(row: PaylinkRow, v: ReturnType<typeof validateCreateRequest>, metadata: Record<string, unknown>, options: Record<string, unknown>): CreatePaylinkInput {
  return {
    paylinkId: row.id,
    orderId: row.order_id,
    amountMinor: row.amount_minor,
    currency: v.currency,
    ...(row.description ? { description: row.description } : {}),
    buyer: { ...(row.buyer_name ? { name: row.buyer_name } : {}), ...(row.buyer_email ? { email: row.buyer_email } : {}), ...(row.buyer_phone ? { phoneE164: row.buyer_phone } : {}) },
    lang: row.lang,
    items: v.items,
    metadata,
    options,
  };
}

/** What was sent to the provider, rebuilt from the recorded create (for the lookup by our reference). */
export function createInputOf(row: PaylinkRow): CreatePaylinkInput {
  const extra = JSON.parse(row.provider_extra) as { create_options?: Record<string, unknown> };
  const items = JSON.parse(row.items) as { name: string; quantity: number; unit_price_minor: number; sku?: string }[];
  return {
    paylinkId: row.id,
    orderId: row.order_id,
    amountMinor: row.amount_minor,
    currency: row.currency as Currency,
    ...(row.description ? { description: row.description } : {}),
    buyer: { ...(row.buyer_name ? { name: row.buyer_name } : {}), ...(row.buyer_email ? { email: row.buyer_email } : {}), ...(row.buyer_phone ? { phoneE164: row.buyer_phone } : {}) },
    lang: row.lang,
    items: items.map((i) => ({ name: i.name, quantity: i.quantity, unitPriceMinor: i.unit_price_minor, ...(i.sku ? { sku: i.sku } : {}) })),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    options: extra.create_options ?? {},
  };
}

/**
 * Create is a command like capture: the paylink (its id is the reference the provider gets) is recorded
 * before the provider call. A lost answer leaves it `unknown`; the engine then looks the session up by that
 * reference and adopts it, or voids the paylink when the provider has none. One Idempotency-Key, one session.
 */
export function createPaylinkCreation(core: PaylinkCore, opts: CreateResolutionOptions) {
  const { db, now } = core;
  const inflight = new Map<string, Promise<PaylinkView>>();

  function assertSameRequest(existing: PaylinkRow, input: CreatePaylinkRequest, key: string): void {
    const currency = existing.currency as Currency;
    let amountMinor: number | undefined;
    try {
      amountMinor = parseAmountToMinor(input.amount, currency);
    } catch {
      amountMinor = undefined;
    }
    const same = existing.provider === input.provider.toLowerCase() && existing.org_app_id === input.org_app_id && existing.order_id === input.order_id && existing.currency === input.currency.toUpperCase() && existing.amount_minor === amountMinor;
    if (!same) {
      throw new AppError('idempotency_conflict', `Idempotency-Key "${key}" was already used for another paylink (${existing.id}). Use a new key for a different request.`, {
        field: 'Idempotency-Key',
        paylink_id: existing.id,
      });
    }
  }

  /** A repeated create: the first one's answer, the one still running, or (a lost answer) a fresh look at the provider. */
  async function repeat(existing: PaylinkRow, input: CreatePaylinkRequest, key: string, actor: Actor): Promise<PaylinkView> {
    assertSameRequest(existing, input, key);
    const running = inflight.get(existing.id);
    if (running) return running;
    if (existing.pending_command !== 'create') return core.view(existing);
    try {
      return await resolve(existing.id, actor);
    } catch (err) {
      if (err instanceof ProviderCallError) return core.view(core.mustGet(existing.id)); // still checking; the refresher asks again
      throw err;
    }
  }

  async function create(input: CreatePaylinkRequest, actor: Actor, createKey?: string): Promise<PaylinkView> {
    if (createKey) {
      const existing = getPaylinkByCreateKey(db, createKey);
      if (existing) return repeat(existing, input, createKey, actor);
    }
    const v = validateCreateRequest(input);
    const { adapter, ctx } = core.adapterFor(input.org_app_id, v.providerId);
    const id = core.deps.newId('pl_');
    const lang = input.lang ?? (input.locale === 'en_US' ? 'en' : 'ar');
    const options = createOptions(input);
    const metadata = input.metadata ?? {};
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
      metadata: JSON.stringify(metadata),
      session_id: null,
      payment_id: null,
      provider_extra: JSON.stringify(Object.keys(options).length ? { create_options: options } : {}),
      checkout_url: null,
      expires_at: null,
      status: 'unknown',
      provider_status: null,
      captured_minor: 0,
      refunded_minor: 0,
      pending_command: 'create',
      cashier_id: actor.kind === 'staff' ? actor.id : null,
      created_at: at,
      updated_at: at,
      // If this process stops (or its disk fills) before the answer is stored, the refresher asks the provider then.
      next_refresh_at: at + opts.voidAfterMs,
    };
    // The switch-off is read in the transaction that records the create, so a manager's switch-off can't slip between.
    const inserted = writeTransaction(db, () => {
      assertOrgAppEnabled(db, input.org_app_id);
      return insertPaylinkIntent(db, row);
    });
    if (!inserted) return repeat(getPaylinkByCreateKey(db, createKey!)!, input, createKey!, actor);
    const run = core.withLock(id, () => send(row, adapter, ctx, createInputFor(row, v, metadata, options), actor));
    inflight.set(id, run);
    try {
      return await run;
    } finally {
      inflight.delete(id);
    }
  }

  async function send(row: PaylinkRow, adapter: PaylinkAdapter, ctx: AdapterContext, input: CreatePaylinkInput, actor: Actor): Promise<PaylinkView> {
    let created: CreatedPaylink;
    try {
      created = await adapter.createPaylink(ctx, input);
    } catch (err) {
      if (createCertainlyFailed(err)) {
        writeTransaction(db, () => deletePaylinkIntent(db, row.id));
        throw err;
      }
      return core.view(markUnknown(row.id, err, actor));
    }
    return adopt(row.id, created, actor, 'answer', row).view;
  }

  function markUnknown(id: string, err: unknown, actor: Actor): PaylinkRow {
    const at = now();
    const next = writeTransaction(db, () => {
      const row = core.mustGet(id);
      const changed: PaylinkRow = { ...row, updated_at: at, next_refresh_at: at + opts.firstCheckAfterMs };
      updatePaylinkState(db, id, changed);
      appendPaylinkEvent(db, { paylink_id: id, type: 'create_outcome_unknown', at, actor: actorLabel(actor), data: { reason: (err as Error)?.message ?? 'no answer' } });
      return changed;
    });
    core.deps.events.emit('paylink.updated', { paylink: core.view(next) });
    return next;
  }

  /**
   * Gives the recorded create its provider session; claims notifications that arrived for it before PayDesk
   * knew the session. `recorded` is the intent as this create wrote it: stored over unread when the row is
   * still exactly that (the usual answer), otherwise the row is read and adopted as it now is.
   */
  function adopt(
    id: string,
    created: Omit<CreatedPaylink, 'checkoutUrl'> & { checkoutUrl?: string },
    actor: Actor,
    via: 'answer' | 'lookup' | 'notification',
    recorded?: PaylinkRow,
  ): { row: PaylinkRow; view: PaylinkView } {
    const at = now();
    const withSession = (row: PaylinkRow): PaylinkRow => {
      const more = created.ref.extra || created.smsSentTo;
      const next: PaylinkRow = {
        ...row,
        session_id: created.ref.sessionId,
        payment_id: created.ref.paymentId ?? null,
        provider_extra: more
          ? JSON.stringify({ ...(JSON.parse(row.provider_extra) as Record<string, unknown>), ...(created.ref.extra ? { ref_extra: created.ref.extra } : {}), ...(created.smsSentTo ? { sms_sent_to: created.smsSentTo } : {}) })
          : row.provider_extra,
        checkout_url: created.checkoutUrl || null,
        expires_at: created.expiresAt ? Date.parse(created.expiresAt) : null,
        status: created.status,
        provider_status: created.providerStatus,
        captured_minor: Math.max(row.captured_minor, created.capturedMinor),
        refunded_minor: Math.max(row.refunded_minor, created.refundedMinor),
        pending_command: null,
        updated_at: at,
      };
      next.next_refresh_at = core.nextRefreshAt(next, next.status, at);
      return next;
    };
    const result = writeTransaction(db, () => {
      let row: PaylinkRow;
      let next: PaylinkRow;
      if (recorded && adoptUnchangedIntent(db, id, recorded.updated_at, (next = withSession(recorded)))) {
        row = recorded;
      } else {
        row = core.mustGet(id);
        if (row.session_id) return { row, moneyMoved: false };
        next = withSession(row);
        adoptPaylinkSession(db, id, next);
      }
      const by = actorLabel(actor);
      if (via === 'answer') appendPaylinkEvent(db, { paylink_id: id, type: 'created', at, actor: by, data: { provider: row.provider, amount_minor: row.amount_minor, currency: row.currency } });
      else appendPaylinkEvent(db, { paylink_id: id, type: 'create_adopted', at, actor: via === 'lookup' ? 'system' : 'provider', data: { via, from: row.status, session_id: next.session_id, provider_status: next.provider_status } });
      if (created.smsSentTo) appendPaylinkEvent(db, { paylink_id: id, type: 'sms_sent', at, actor: by, data: { to: created.smsSentTo } });
      if (next.status !== 'created' && next.status !== 'unknown') appendPaylinkEvent(db, { paylink_id: id, type: next.status, at, actor: 'provider', data: { provider_status: next.provider_status, captured_minor: next.captured_minor } });
      enqueueMoneyMovements(db, row, next, at);
      claimNotices(next, at);
      return { row: next, moneyMoved: next.captured_minor !== row.captured_minor || next.refunded_minor !== row.refunded_minor };
    });
    const view = core.view(result.row);
    core.deps.events.emit('paylink.updated', { paylink: view });
    if (result.moneyMoved) core.deps.onOutboxChanged?.();
    return { row: result.row, view };
  }

  /** Notifications kept for this paylink's session (or naming it) belong to it now. */
  function claimNotices(row: PaylinkRow, at: number): void {
    for (const notice of listOpenUnmatchedFor(db, row.provider, [row.session_id ?? '', row.payment_id ?? '', row.id])) {
      markUnmatchedPaymentMatched(db, notice.id, row.id, at);
      appendPaylinkEvent(db, { paylink_id: row.id, type: 'unmatched_notification_matched', at, actor: 'system', data: { received_at: notice.received_at, provider_status: notice.provider_status } });
    }
  }

  /** The provider has no session for this create: nothing can be paid, the sale goes back to the provider choice. */
  function voidIntent(id: string, reason: 'provider_has_no_session' | 'cancelled_before_confirmed', actor: Actor): PaylinkRow {
    const at = now();
    const next = writeTransaction(db, () => {
      const row = core.mustGet(id);
      const changed: PaylinkRow = { ...row, status: 'cancelled', pending_command: null, updated_at: at, next_refresh_at: null };
      updatePaylinkState(db, id, changed);
      appendPaylinkEvent(db, { paylink_id: id, type: 'create_voided', at, actor: actorLabel(actor), data: { reason } });
      return changed;
    });
    core.deps.events.emit('paylink.updated', { paylink: core.view(next) });
    return next;
  }

  /** Where no lookup exists the paylink stays `unknown` (visible, not polled) until a notification or the cashier settles it. */
  function awaitSettling(row: PaylinkRow): PaylinkRow {
    if (row.next_refresh_at === null) return row;
    const at = now();
    const changed: PaylinkRow = { ...row, next_refresh_at: null, updated_at: at };
    writeTransaction(db, () => {
      updatePaylinkState(db, row.id, changed);
      appendPaylinkEvent(db, { paylink_id: row.id, type: 'create_awaiting_notification', at, actor: 'system', data: { provider: row.provider } });
    });
    return changed;
  }

  /** Asks the provider for the session of an unconfirmed create; call with the paylink's lock held. */
  async function resolveHeld(id: string, actor: Actor, mode: 'check' | 'cashier_cancel' = 'check'): Promise<PaylinkRow> {
    const row = core.mustGet(id);
    if (row.pending_command !== 'create') return row;
    const { adapter, ctx } = core.adapterFor(row.org_app_id);
    if (!adapter.findCreatedPaylink) return mode === 'cashier_cancel' ? voidIntent(id, 'cancelled_before_confirmed', actor) : awaitSettling(row);
    let found: CreatedPaylink | null;
    try {
      found = await adapter.findCreatedPaylink(ctx, createInputOf(row));
    } catch (err) {
      if (mode !== 'cashier_cancel' || !(err instanceof ProviderCallError)) throw err;
      // The cashier's cancel waits for the provider's answer: say so with a provider code, the link stays as it was.
      throw new AppError('provider_unreachable', `${row.provider} could not be asked whether it opened this link, so it was not cancelled yet. Try again in a moment; PayDesk keeps checking.`, {
        provider: row.provider,
      });
    }
    if (found) return adopt(id, found, actor, 'lookup').row;
    if (mode === 'cashier_cancel') return voidIntent(id, 'cancelled_before_confirmed', actor);
    if (now() - row.created_at >= opts.voidAfterMs) return voidIntent(id, 'provider_has_no_session', actor);
    const next: PaylinkRow = { ...row, next_refresh_at: Math.max(now() + opts.firstCheckAfterMs, row.created_at + opts.voidAfterMs) };
    updatePaylinkState(db, id, next);
    return next;
  }

  async function resolve(id: string, actor: Actor = { kind: 'system' }): Promise<PaylinkView> {
    return core.withLock(id, async () => core.view(await resolveHeld(id, actor)));
  }

  /**
   * A verified notification about a paylink that has no session yet (its create answer was lost, or it was
   * voided before the provider confirmed): the session it names is adopted, with the provider's status.
   */
  async function adoptFromNotice(id: string, notice: WebhookNotice): Promise<void> {
    await core.withLock(id, async () => {
      const row = core.mustGet(id);
      if (row.session_id) {
        writeTransaction(db, () => claimNotices(row, now()));
        return;
      }
      const { adapter, ctx } = core.adapterFor(row.org_app_id);
      const found = adapter.findCreatedPaylink
        ? await adapter.findCreatedPaylink(ctx, createInputOf(row)).catch((err: unknown) => {
            if (err instanceof ProviderCallError) return null; // the notice itself names the session
            throw err;
          })
        : null;
      if (found) {
        adopt(id, found, { kind: 'provider' }, 'notification');
        return;
      }
      const sessionId = notice.sessionId ?? notice.paymentId;
      if (!sessionId) return;
      const ref = { sessionId, ...(notice.paymentId ? { paymentId: notice.paymentId } : {}) };
      let snap: ProviderSnapshot;
      try {
        snap = await adapter.getStatus(ctx, ref, row.amount_minor, row.currency as Currency);
      } catch (err) {
        if (!(err instanceof ProviderCallError)) throw err;
        // The session is known now even if its state is not: keep it, and let the refresher read the state.
        snap = { status: 'unknown', providerStatus: notice.providerStatus ?? 'notified', capturedMinor: 0, refundedMinor: 0 };
      }
      adopt(id, { ...snap, ref: { ...ref, ...snap.ref, sessionId: snap.ref?.sessionId ?? sessionId } }, { kind: 'provider' }, 'notification');
    });
  }

  /** Stored notifications naming a paylink that still has no session: adopt again (the first try failed). */
  async function adoptStoredNotices(limit: number): Promise<void> {
    for (const notice of listUnmatchedNamingSessionlessPaylinks(db, limit)) {
      try {
        await adoptFromNotice(notice.reference!, {
          dedupeKey: notice.dedupe_key,
          ...(notice.session_id ? { sessionId: notice.session_id } : {}),
          ...(notice.payment_id ? { paymentId: notice.payment_id } : {}),
          reference: notice.reference!,
          ...(notice.provider_status ? { providerStatus: notice.provider_status } : {}),
        });
      } catch {
        // still not reachable; the next pass tries again
      }
    }
  }

  return { create, resolve, resolveHeld, adoptFromNotice, adoptStoredNotices, firstCheckAfterMs: opts.firstCheckAfterMs };
}

export type PaylinkCreation = ReturnType<typeof createPaylinkCreation>;
