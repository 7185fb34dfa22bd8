import { AppError, toErrorShape, type ErrorCode } from '../../shared/errors';
import { formatMinor, parseAmountToMinor, type Currency } from '../../shared/money';
import type { PaylinkView } from '../../shared/views';
import { ProviderCallError } from '../providers/http';
import type { ProviderSnapshot } from '../providers/types';
import { deferMoneyCommand, findPendingMoneyCommand, finishMoneyCommand, getMoneyCommand, insertMoneyCommand, listDueMoneyCommands, type MoneyCommandRow } from '../store/moneyCommands';
import { appendPaylinkEvent, listPaylinkEvents, updatePaylinkState, type PaylinkRow } from '../store/paylinks';
import { actorLabel, type Actor, type PaylinkCore } from './paylinkCore';
import type { PaylinkCreation } from './paylinkCreate';
import { writeTransaction } from '../store/db';

type Kind = MoneyCommandRow['kind'];
const ATTEMPTS_PER_CALL = 3;

/**
 * Capture, refund and cancel. Each command's idempotency key is persisted before the first attempt
 * and reused on every retry; a repeated request with the same key returns the first result.
 * An unknown outcome is settled by asking the provider, never by guessing.
 */
export function createPaylinkCommands(core: PaylinkCore, creation: PaylinkCreation) {
  const { db, now } = core;

  /** Whether the provider's state shows the command took effect. */
  function applied(kind: Kind, _row: PaylinkRow, cmd: MoneyCommandRow, snap: ProviderSnapshot): boolean {
    if (kind === 'capture') return snap.capturedMinor >= cmd.baseline_minor + cmd.amount_minor;
    if (kind === 'refund') return snap.refundedMinor >= cmd.baseline_minor + cmd.amount_minor;
    return snap.status === 'cancelled' || snap.status === 'expired';
  }

  function setPending(id: string, pending: PaylinkRow['pending_command']): void {
    const row = core.mustGet(id);
    updatePaylinkState(db, id, { ...row, pending_command: pending, updated_at: now() });
  }

  function start(row: PaylinkRow, kind: Kind, key: string, amountMinor: number, actor: Actor, note: { reason?: string | undefined } = {}): MoneyCommandRow {
    // The timeline says why (a refund's reason) and who approved it (a manager's PIN on a cashier's till).
    const approvedBy = actor.kind === 'staff' ? actor.approvedBy : undefined;
    const extra = { ...(note.reason ? { reason: note.reason } : {}), ...(approvedBy ? { approved_by: approvedBy } : {}) };
    const at = now();
    writeTransaction(db, () => {
      const baseline = kind === 'capture' ? row.captured_minor : kind === 'refund' ? row.refunded_minor : 0;
      insertMoneyCommand(db, { idempotency_key: key, paylink_id: row.id, kind, amount_minor: amountMinor, baseline_minor: baseline, status: 'pending', created_at: at });
      setPending(row.id, kind);
      appendPaylinkEvent(db, { paylink_id: row.id, type: `${kind}_requested`, at, actor: actorLabel(actor), data: { amount_minor: amountMinor, idempotency_key: key, ...extra } });
    });
    return getMoneyCommand(db, key)!;
  }

  function succeed(row: PaylinkRow, cmd: MoneyCommandRow, found: ProviderSnapshot, actor: Actor): PaylinkView {
    // A cancel PayDesk asked for, settled by a read that shows the session ended (Tabby shows it EXPIRED): cancelled.
    const snap: ProviderSnapshot = cmd.kind === 'cancel' && found.status === 'expired' ? { ...found, status: 'cancelled' } : found;
    const updated = db.transaction(() => {
      finishMoneyCommand(db, cmd.idempotency_key, { status: 'succeeded', result: { provider_status: snap.providerStatus }, at: now() });
      return core.applySnapshot(row.id, snap, actor, { pending_command: null });
    })();
    return core.view(updated);
  }

  function fail(row: PaylinkRow, cmd: MoneyCommandRow, err: AppError): never {
    writeTransaction(db, () => {
      finishMoneyCommand(db, cmd.idempotency_key, { status: 'failed', error: err.toJSON(), at: now() });
      setPending(row.id, null);
      appendPaylinkEvent(db, { paylink_id: row.id, type: `${cmd.kind}_failed`, at: now(), actor: 'provider', data: { code: err.code, message: err.message } });
    });
    core.deps.events.emit('paylink.updated', { paylink: core.view(core.mustGet(row.id)) });
    throw err;
  }

  /**
   * The reason a refund is sent with: what the manager typed (kept on its refund_requested event, so a
   * resumed refund sends the same text), else "Refund for order <id>". Some providers require one (paymennt `note`).
   */
  function refundReason(row: PaylinkRow, cmd: MoneyCommandRow): string {
    for (const e of listPaylinkEvents(db, row.id)) {
      if (e.type !== 'refund_requested') continue;
      const data = JSON.parse(e.data) as { idempotency_key?: unknown; reason?: unknown };
      if (data.idempotency_key === cmd.idempotency_key && typeof data.reason === 'string' && data.reason.trim() !== '') return data.reason.trim();
    }
    return `Refund for order ${row.order_id}`;
  }

  async function callProvider(row: PaylinkRow, cmd: MoneyCommandRow): Promise<ProviderSnapshot> {
    const { adapter, ctx } = core.adapterFor(row.org_app_id);
    const ref = core.refOf(row);
    const currency = row.currency as Currency;
    if (cmd.kind === 'capture') return adapter.capture(ctx, ref, { amountMinor: cmd.amount_minor, currency, idempotencyKey: cmd.idempotency_key });
    if (cmd.kind === 'refund') {
      const reason = refundReason(row, cmd);
      return adapter.refund(ctx, ref, { amountMinor: cmd.amount_minor, currency, idempotencyKey: cmd.idempotency_key, reason, orderId: row.order_id, capturedMinor: row.captured_minor, refundedMinor: cmd.baseline_minor });
    }
    return adapter.cancel(ctx, ref, { idempotencyKey: cmd.idempotency_key, orderId: row.order_id, amountMinor: row.amount_minor, currency });
  }

  /**
   * Runs a pending command to an outcome, or leaves it queued (with its key) when the provider cannot be reached.
   * A resumed command (after a restart, a lost answer or a repeated request) first asks the provider whether it
   * already took effect: only some providers dedupe money calls by key, so calling again blindly could move money twice.
   */
  async function execute(row: PaylinkRow, cmd: MoneyCommandRow, actor: Actor, resumed = false): Promise<PaylinkView> {
    // Whether sending this call again after a lost answer is safe: the provider dedupes it by our key, or its
    // status read shows the effect (so "not applied" on the read means it did not happen).
    const declared = core.adapterFor(row.org_app_id).adapter.moneyCalls[cmd.kind];
    const resendable = declared.dedupes || declared.readBack;
    if (resumed) {
      const snap = await core.fetchSnapshot(row).catch(() => undefined);
      if (snap && applied(cmd.kind, row, cmd, snap)) return succeed(row, cmd, snap, actor);
      if (!snap) {
        // Keep what is known about the earlier attempt (lost answer or not) while the provider cannot be asked.
        const earlier = cmd.error ? ((JSON.parse(cmd.error) as { code?: ErrorCode }).code ?? 'provider_unreachable') : 'outcome_unknown';
        return defer(row, cmd, new AppError(earlier, `${row.provider} could not be reached to check the earlier ${cmd.kind}`));
      }
      if (!resendable && mayHaveApplied(cmd)) return defer(row, cmd, undecidable(row, cmd));
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS_PER_CALL; attempt++) {
      try {
        const snap = await callProvider(row, cmd);
        return succeed(row, cmd, snap, actor);
      } catch (err) {
        if (!(err instanceof ProviderCallError) || err.failure === 'rejected') {
          // The provider said no, but it may be because it already happened (a lost answer): check before failing.
          const snap = await core.fetchSnapshot(row).catch(() => undefined);
          if (snap && applied(cmd.kind, row, cmd, snap)) return succeed(row, cmd, snap, actor);
          fail(row, cmd, err instanceof AppError ? err : new AppError('provider_error', String((err as Error)?.message ?? err)));
        }
        lastError = err;
        const snap = await core.fetchSnapshot(row).catch(() => undefined);
        if (snap && applied(cmd.kind, row, cmd, snap)) return succeed(row, cmd, snap, actor);
        if (!snap) break; // cannot even ask: queue it
        // The answer was lost (it may have happened) and the provider can neither dedupe a repeat nor show it: never
        // send it again. A 5xx answer or an unreachable provider is a "not done", so those are tried again.
        if (!resendable && err.failure === 'unknown') return defer(row, cmd, undecidable(row, cmd));
      }
    }
    return defer(row, cmd, lastError);
  }

  /**
   * The last attempt's answer was lost (it may have been applied). A command that never got an answer recorded (the
   * till stopped mid-call) counts as lost too: only a recorded "unreachable" or 5xx is known not to have happened.
   */
  function mayHaveApplied(cmd: MoneyCommandRow): boolean {
    if (!cmd.error) return cmd.attempts === 0;
    const code = (JSON.parse(cmd.error) as { code?: unknown }).code;
    return code === 'outcome_unknown' || code === 'internal';
  }

  function undecidable(row: PaylinkRow, cmd: MoneyCommandRow): AppError {
    return new AppError('outcome_unknown', `${row.provider} may have applied this ${cmd.kind}, and it can neither repeat it safely nor show it; it is not sent again. Check it with ${row.provider}.`, {
      provider: row.provider,
    });
  }

  /** Keeps the command pending with its key and schedules another attempt with backoff and jitter. */
  function defer(row: PaylinkRow, cmd: MoneyCommandRow, lastError: unknown): PaylinkView {
    const attempts = cmd.attempts + 1;
    const delay = Math.min(2_000 * 2 ** Math.min(attempts, 8), 5 * 60_000);
    // Whole milliseconds: next_attempt_at is an INTEGER column.
    deferMoneyCommand(db, cmd.idempotency_key, Math.round(now() + delay / 2 + Math.random() * (delay / 2)), toErrorShape(lastError), now());
    appendPaylinkEvent(db, { paylink_id: row.id, type: `${cmd.kind}_queued`, at: now(), actor: 'system', data: { reason: (lastError as Error)?.message ?? 'unreachable' } });
    const view = core.view(core.mustGet(row.id));
    core.deps.events.emit('paylink.updated', { paylink: view });
    return view;
  }

  /** Returns the first result for a repeated key, or null when the key is new. */
  async function replay(id: string, kind: Kind, key: string | undefined, actor: Actor): Promise<PaylinkView | null> {
    if (!key) return null;
    const existing = getMoneyCommand(db, key);
    if (!existing) return null;
    if (existing.paylink_id !== id || existing.kind !== kind) {
      throw new AppError('idempotency_conflict', `reference_id "${key}" was already used for a ${existing.kind} of paylink ${existing.paylink_id}. Use a new reference_id.`, {
        field: 'reference_id',
      });
    }
    if (existing.status === 'succeeded') return core.view(core.mustGet(id));
    if (existing.status === 'failed') {
      const e = JSON.parse(existing.error ?? '{}') as { code?: string; message?: string };
      throw new AppError('provider_rejected', e.message ?? `The ${kind} with this reference_id failed earlier.`, { field: 'reference_id' });
    }
    return execute(core.mustGet(id), existing, actor, true);
  }

  function requireManagerOrOwner(row: PaylinkRow, actor: Actor, what: string): void {
    if (actor.kind === 'staff' && actor.role !== 'manager' && !actor.approvedBy && row.cashier_id !== actor.id) {
      throw new AppError('forbidden', `Only a manager can ${what} another cashier's paylink.`);
    }
  }

  async function capture(id: string, input: { amount?: string | number | undefined; reference_id?: string | undefined }, actor: Actor): Promise<PaylinkView> {
    return core.withLock(id, async () => {
      const replayed = await replay(id, 'capture', input.reference_id, actor);
      if (replayed) return replayed;
      const row = core.mustGet(id);
      const currency = row.currency as Currency;
      const remaining = row.amount_minor - row.captured_minor;
      if (row.status === 'captured' || row.status === 'partially_refunded' || row.status === 'refunded') {
        if (input.amount === undefined && remaining === 0) return core.view(row); // already captured (e.g. by the provider itself)
        throw new AppError('illegal_transition', `This paylink is already ${row.status}; there is nothing left to capture.`, { status: row.status });
      }
      if (row.status !== 'authorized') {
        throw new AppError('illegal_transition', `A ${row.status} paylink cannot be captured. Wait until the customer approves (status authorized).`, { status: row.status });
      }
      if (row.pending_command) throw new AppError('conflict', `A ${row.pending_command} of this paylink is still being confirmed with ${row.provider}.`);
      const amountMinor = input.amount === undefined ? remaining : parseAmountToMinor(input.amount, currency);
      if (amountMinor > remaining) {
        throw new AppError('amount_exceeds_remaining', `Only ${formatMinor(remaining, currency)} ${currency} is left to capture.`, { field: 'amount', remaining: formatMinor(remaining, currency) });
      }
      const { adapter } = core.adapterFor(row.org_app_id);
      if (amountMinor < remaining && !adapter.partialCapture) {
        throw new AppError('validation_failed', `${row.provider} captures the full amount only (${formatMinor(remaining, currency)} ${currency}).`, { field: 'amount' });
      }
      const cmd = start(row, 'capture', input.reference_id ?? core.deps.newId('cap_'), amountMinor, actor);
      return execute(core.mustGet(id), cmd, actor);
    });
  }

  async function refund(id: string, input: { amount?: string | number | undefined; reference_id?: string | undefined; reason?: string | undefined }, actor: Actor): Promise<PaylinkView> {
    if (actor.kind === 'staff' && actor.role !== 'manager' && !actor.approvedBy) throw new AppError('forbidden', 'Refunds need a manager. Ask a manager to approve with their PIN.');
    return core.withLock(id, async () => {
      const replayed = await replay(id, 'refund', input.reference_id, actor);
      if (replayed) return replayed;
      const row = core.mustGet(id);
      const currency = row.currency as Currency;
      if (row.status !== 'captured' && row.status !== 'partially_refunded') {
        throw new AppError('illegal_transition', `A ${row.status} paylink cannot be refunded; only captured payments can.`, { status: row.status });
      }
      if (row.pending_command) throw new AppError('conflict', `A ${row.pending_command} of this paylink is still being confirmed with ${row.provider}.`);
      const refundable = row.captured_minor - row.refunded_minor;
      const amountMinor = input.amount === undefined ? refundable : parseAmountToMinor(input.amount, currency);
      if (amountMinor > refundable) {
        throw new AppError('amount_exceeds_remaining', `Only ${formatMinor(refundable, currency)} ${currency} can still be refunded.`, { field: 'amount', refundable: formatMinor(refundable, currency) });
      }
      const cmd = start(row, 'refund', input.reference_id ?? core.deps.newId('ref_'), amountMinor, actor, { reason: input.reason });
      return execute(core.mustGet(id), cmd, actor);
    });
  }

  async function cancel(id: string, actor: Actor): Promise<PaylinkView> {
    return core.withLock(id, async () => {
      let row = core.mustGet(id);
      if (row.status === 'cancelled' && !row.pending_command) return core.view(row);
      requireManagerOrOwner(row, actor, 'cancel');
      if (row.pending_command === 'create') {
        // The cashier settles a create whose answer was lost: voided when the provider has no session, else cancelled there.
        row = await creation.resolveHeld(id, actor, 'cashier_cancel');
        if (row.status === 'cancelled' || !row.session_id) return core.view(row);
      }
      if (row.pending_command === 'cancel') {
        // A client retry resumes the cancel already under way instead of being turned away.
        const pending = findPendingMoneyCommand(db, id, 'cancel');
        if (pending) return execute(row, pending, actor, true);
      }
      if (row.status !== 'created' && row.status !== 'authorized') {
        throw new AppError('illegal_transition', `A ${row.status} paylink cannot be cancelled.${row.status === 'captured' ? ' Refund it instead.' : ''}`, { status: row.status });
      }
      if (row.pending_command) throw new AppError('conflict', `A ${row.pending_command} of this paylink is still being confirmed with ${row.provider}.`);
      const cmd = start(row, 'cancel', core.deps.newId('cnl_'), 0, actor);
      return execute(core.mustGet(id), cmd, actor);
    });
  }

  async function resend(id: string, actor: Actor): Promise<PaylinkView> {
    const row = core.mustGet(id);
    const { adapter, ctx } = core.adapterFor(row.org_app_id);
    if (!adapter.resend || row.status !== 'created' || !row.buyer_phone) {
      throw new AppError('illegal_transition', 'Only a waiting SMS paylink can be sent again.', { status: row.status });
    }
    await adapter.resend(ctx, core.refOf(row), row.buyer_phone);
    appendPaylinkEvent(db, { paylink_id: id, type: 'sms_resent', at: now(), actor: actorLabel(actor), data: { to: row.buyer_phone } });
    return core.view(core.mustGet(id));
  }

  /** Retries queued commands (provider was unreachable) with their original keys. */
  async function resolveDueCommands(limit = 20): Promise<number> {
    const due = listDueMoneyCommands(db, now(), limit);
    for (const cmd of due) {
      await core.withLock(cmd.paylink_id, async () => {
        const fresh = getMoneyCommand(db, cmd.idempotency_key);
        if (fresh?.status !== 'pending') return;
        await execute(core.mustGet(cmd.paylink_id), fresh, { kind: 'system' }, true).catch(() => undefined);
      });
    }
    return due.length;
  }

  return { capture, refund, cancel, resend, resolveDueCommands };
}
