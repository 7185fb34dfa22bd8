import { statement, type Db } from './db';

export interface MoneyCommandRow {
  idempotency_key: string;
  paylink_id: string;
  kind: 'capture' | 'refund' | 'cancel';
  amount_minor: number;
  /** Captured (capture) or refunded (refund) total when the command was issued: it took effect once the provider shows baseline + amount. */
  baseline_minor: number;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: number;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export function getMoneyCommand(db: Db, key: string): MoneyCommandRow | undefined {
  return statement(db, `SELECT * FROM money_commands WHERE idempotency_key = ?`).get(key) as MoneyCommandRow | undefined;
}

export function insertMoneyCommand(db: Db, row: Omit<MoneyCommandRow, 'result' | 'error' | 'updated_at' | 'attempts' | 'next_attempt_at'>): void {
  statement(db, 
    `INSERT INTO money_commands (idempotency_key, paylink_id, kind, amount_minor, baseline_minor, status, created_at, updated_at)
     VALUES (@idempotency_key, @paylink_id, @kind, @amount_minor, @baseline_minor, @status, @created_at, @created_at)`,
  ).run(row);
}

export function finishMoneyCommand(db: Db, key: string, outcome: { status: 'succeeded' | 'failed'; result?: unknown; error?: unknown; at: number }): void {
  statement(db, `UPDATE money_commands SET status = ?, result = ?, error = ?, updated_at = ? WHERE idempotency_key = ?`).run(
    outcome.status,
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
    outcome.error === undefined ? null : JSON.stringify(outcome.error),
    outcome.at,
    key,
  );
}

/** Commands whose outcome is still open (provider unreachable or unknown), due for another attempt. */
export function listDueMoneyCommands(db: Db, nowMs: number, limit = 100): MoneyCommandRow[] {
  return statement(db, `SELECT * FROM money_commands WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at LIMIT ?`).all(nowMs, limit) as MoneyCommandRow[];
}

export function deferMoneyCommand(db: Db, key: string, nextAttemptAt: number, error: unknown, nowMs: number): void {
  statement(db, `UPDATE money_commands SET attempts = attempts + 1, next_attempt_at = ?, error = ?, updated_at = ? WHERE idempotency_key = ?`).run(
    // STRICT INTEGER column: a backoff with jitter is a fraction until rounded.
    Math.round(nextAttemptAt),
    JSON.stringify(error),
    nowMs,
    key,
  );
}

/** Providers with a command that already failed to reach them and waits for a retry: they are not answering. */
export function listUnreachableProviders(db: Db): string[] {
  return (
    // A command that has been tried and is still waiting, or a create whose answer never came (the till is
    // asking the provider about it): either way the provider did not answer.
    statement(
      db,
      `SELECT provider FROM (
         SELECT p.provider AS provider FROM money_commands mc JOIN paylinks p ON p.id = mc.paylink_id WHERE mc.status = 'pending' AND mc.attempts > 0
         UNION SELECT provider FROM paylinks WHERE pending_command = 'create'
       ) ORDER BY 1`,
    ).all() as {
      provider: string;
    }[]
  ).map((r) => r.provider);
}

/** The open command of a kind on a paylink (a client retry resumes it instead of starting another). */
export function findPendingMoneyCommand(db: Db, paylinkId: string, kind: MoneyCommandRow['kind']): MoneyCommandRow | undefined {
  return statement(db, `SELECT * FROM money_commands WHERE paylink_id = ? AND kind = ? AND status = 'pending' ORDER BY created_at DESC LIMIT 1`).get(paylinkId, kind) as
    | MoneyCommandRow
    | undefined;
}

export function countPendingMoneyCommands(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM money_commands WHERE status = 'pending'`).get() as { n: number }).n;
}
