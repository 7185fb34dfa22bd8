import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AppError, toErrorShape, type AppErrorShape } from '../../shared/errors';
import { SERVER_NOW_MS } from './pgSchema';
import type { PaylinkView } from '../../shared/views';
import type { Engine } from '../engine';
import type { Actor } from '../engine/paylinkCore';
import type { Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';

// Refund and cancel of a paylink another till owns: the request goes into the store database's command queue,
// the owning till claims it (one claim only: a row moves pending → running once) and runs it with the command
// id as its idempotency key, so a crash and a second run return the first result instead of moving money again.
// A till that has not been in touch lately gets no command at all: the manager is told to use that till.

export const NOTIFY_COMMANDS = 'paydesk_commands';
export type TillCommandKind = 'refund' | 'cancel';

export interface TillCommandRow {
  id: string;
  target_till_id: string;
  requested_by_till_id: string;
  requested_by: string;
  paylink_id: string;
  kind: TillCommandKind;
  input: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'withdrawn';
  result: string | null;
}

export interface CommandOptions {
  /** How recently a till must have been in touch to be sent a command. */
  reachableWithinMs: number;
  /** How long the requesting till waits for the owner to pick the command up. */
  pickUpWithinMs: number;
  /** How long it then waits for the owner's result. */
  resultWithinMs: number;
  pollMs: number;
}

const DEFAULTS: CommandOptions = { reachableWithinMs: 15_000, pickUpWithinMs: 8_000, resultWithinMs: 30_000, pollMs: 100 };

function unreachable(tillName: string, detail: string, tillId: string): AppError {
  return new AppError(
    'unavailable',
    `This paylink belongs to till "${tillName}", which ${detail}. Nothing was done: refund or cancel it on that till, or try again once it is back.`,
    { reason: 'till_unreachable', till_id: tillId },
  );
}

/** Requesting side: queue the command for the owning till and wait for its outcome. */
export async function requestOnOwningTill(
  pool: Pool,
  args: { selfTillId: string; ownerTillId: string; paylinkId: string; kind: TillCommandKind; input: Record<string, unknown>; actor: Actor; now: () => number; referenceId?: string | undefined },
  options: Partial<CommandOptions> = {},
): Promise<PaylinkView> {
  const opts = { ...DEFAULTS, ...options };
  const till = await pool.query<{ name: string; silent_ms: number }>(`SELECT name, ${SERVER_NOW_MS} - last_seen_at AS silent_ms FROM tills WHERE till_id = $1`, [args.ownerTillId]);
  const owner = till.rows[0];
  if (!owner) throw new AppError('not_found', `No till "${args.ownerTillId}" is known to the store database.`);
  // A reference_id makes the request repeatable: the same id is the same command, and its first result.
  const id = args.referenceId ? `cmd_ref_${args.referenceId}` : `cmd_${randomUUID()}`;
  const existing = (await pool.query<TillCommandRow>(`SELECT * FROM till_commands WHERE id = $1`, [id])).rows[0];
  if (existing && (existing.paylink_id !== args.paylinkId || existing.kind !== args.kind)) {
    throw new AppError('idempotency_conflict', `reference_id "${args.referenceId}" was already used for a ${existing.kind} of paylink ${existing.paylink_id}. Use a new reference_id.`, { field: 'reference_id' });
  }
  if (!existing || existing.status === 'withdrawn') {
    if (owner.silent_ms > opts.reachableWithinMs) throw unreachable(owner.name, `has not been in touch with the store database for ${Math.round(owner.silent_ms / 1000)} s`, args.ownerTillId);
    const by = args.actor.kind === 'staff' ? args.actor.id : args.actor.kind;
    await pool.query(
      `INSERT INTO till_commands (id, target_till_id, requested_by_till_id, requested_by, paylink_id, kind, input, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)
       ON CONFLICT (id) DO UPDATE SET status = 'pending', created_at = EXCLUDED.created_at, finished_at = NULL WHERE till_commands.status = 'withdrawn'`,
      [id, args.ownerTillId, args.selfTillId, by, args.paylinkId, args.kind, JSON.stringify(args.input), args.now()],
    );
  }
  await pool.query(`SELECT pg_notify($1, $2)`, [NOTIFY_COMMANDS, args.ownerTillId]);
  const started = Date.now();
  for (;;) {
    const row = (await pool.query<TillCommandRow>(`SELECT * FROM till_commands WHERE id = $1`, [id])).rows[0]!;
    if (row.status === 'succeeded') return JSON.parse(row.result!) as PaylinkView;
    if (row.status === 'failed') {
      const e = JSON.parse(row.result!) as AppErrorShape;
      throw new AppError(e.code, e.message, e.details);
    }
    const waited = Date.now() - started;
    if (row.status === 'pending' && waited > opts.pickUpWithinMs) {
      // Withdraw it, unless the owner claimed it at this very moment (then its result is awaited).
      const withdrawn = await pool.query(`UPDATE till_commands SET status = 'withdrawn', finished_at = $2 WHERE id = $1 AND status = 'pending'`, [id, args.now()]);
      if (withdrawn.rowCount) throw unreachable(owner.name, `did not pick the request up in ${Math.round(opts.pickUpWithinMs / 1000)} s`, args.ownerTillId);
    }
    if (row.status === 'running' && waited > opts.pickUpWithinMs + opts.resultWithinMs) {
      throw new AppError('outcome_unknown', `Till "${owner.name}" is still running the ${args.kind}; its result will show on the paylink's timeline. Do not ask again.`, { command_id: id });
    }
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}

const localKey = (id: string) => `storedb_command:${id}`;

/** Owning side: claims this till's pending commands one by one and runs them; resolves to how many ran. */
export async function runTillCommands(pool: Pool, deps: { db: Db; engine: Engine; tillId: string; now: () => number }): Promise<number> {
  let ran = 0;
  // A command this till claimed before a crash is run again first: its key makes the second run a replay.
  const resumed = await pool.query<TillCommandRow>(`SELECT * FROM till_commands WHERE target_till_id = $1 AND status = 'running' ORDER BY created_at`, [deps.tillId]);
  for (const row of resumed.rows) ran += await runOne(pool, deps, row);
  for (;;) {
    const claimed = await pool.query<TillCommandRow>(
      `UPDATE till_commands SET status = 'running', claimed_at = $2
       WHERE id = (SELECT id FROM till_commands WHERE target_till_id = $1 AND status = 'pending' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [deps.tillId, deps.now()],
    );
    const row = claimed.rows[0];
    if (!row) return ran;
    ran += await runOne(pool, deps, row);
  }
}

async function runOne(pool: Pool, deps: { db: Db; engine: Engine; now: () => number }, row: TillCommandRow): Promise<number> {
  const actor: Actor = { kind: 'staff', id: row.requested_by, role: 'manager' };
  const input = JSON.parse(row.input) as { amount?: string | number; reason?: string };
  let outcome: { ok: true; view: PaylinkView } | { ok: false; error: AppErrorShape };
  const done = getSetting(deps.db, localKey(row.id));
  if (done) outcome = JSON.parse(done) as typeof outcome;
  else {
    try {
      if (row.kind === 'refund') {
        outcome = { ok: true, view: await deps.engine.paylinks.refund(row.paylink_id, { ...input, reference_id: row.id }, actor) };
      } else {
        const current = await deps.engine.paylinks.get(row.paylink_id, { refresh: false });
        // A cancel that already went through before a crash is not sent again.
        outcome = { ok: true, view: current.status === 'cancelled' ? current : await deps.engine.paylinks.cancel(row.paylink_id, actor) };
      }
    } catch (err) {
      outcome = { ok: false, error: toErrorShape(err) };
    }
    // Recorded on the till before the store hears of it: a second run after a lost answer replays this.
    if (outcome.ok || outcome.error.code !== 'provider_unreachable') putSetting(deps.db, localKey(row.id), JSON.stringify(outcome));
  }
  await pool.query(`UPDATE till_commands SET status = $2, result = $3, finished_at = $4 WHERE id = $1`, [
    row.id,
    outcome.ok ? 'succeeded' : 'failed',
    JSON.stringify(outcome.ok ? outcome.view : outcome.error),
    deps.now(),
  ]);
  return 1;
}
