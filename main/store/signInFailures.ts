import { statement, type Db, writeTransaction } from './db';

/** A wrong PIN as a manager sees it: when, through which door, from which source. Never the PIN. */
export interface SignInFailureRow {
  id: number;
  at: number;
  channel: string;
  source: string;
  delay_ms: number;
}

/** Kept for the manager's list; older rows go so a flood of wrong PINs cannot grow the database. */
const KEEP_ROWS = 500;

export function recordSignInFailure(db: Db, row: Omit<SignInFailureRow, 'id'>): void {
  writeTransaction(db, () => {
    const { id } = statement(db, `INSERT INTO signin_failures (at, channel, source, delay_ms) VALUES (@at, @channel, @source, @delay_ms) RETURNING id`).get(row) as { id: number };
    if (id % 50 === 0) statement(db, `DELETE FROM signin_failures WHERE id <= ?`).run(id - KEEP_ROWS);
  });
}

export function listSignInFailures(db: Db, limit: number): SignInFailureRow[] {
  return statement(db, `SELECT * FROM signin_failures ORDER BY id DESC LIMIT ?`).all(limit) as SignInFailureRow[];
}
