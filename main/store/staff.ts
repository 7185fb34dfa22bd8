import { statement, type Db } from './db';
import type { Role } from '../../shared/views';

export interface StaffRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  pin_lookup: string;
  active: number;
  created_at: number;
}

export function insertStaff(db: Db, row: Omit<StaffRow, 'active'>): void {
  statement(db, `INSERT INTO staff (id, name, role, pin_hash, pin_lookup, created_at) VALUES (@id, @name, @role, @pin_hash, @pin_lookup, @created_at)`).run(row);
}

export function findStaffByPinLookup(db: Db, pinLookup: string): StaffRow | undefined {
  return statement(db, `SELECT * FROM staff WHERE pin_lookup = ? AND active = 1`).get(pinLookup) as StaffRow | undefined;
}

export function getStaff(db: Db, id: string): StaffRow | undefined {
  return statement(db, `SELECT * FROM staff WHERE id = ?`).get(id) as StaffRow | undefined;
}

/** Switches staff members on or off by id; answers how many rows changed. */
export function setStaffActive(db: Db, ids: readonly string[], active: boolean): number {
  let changed = 0;
  for (const id of ids) changed += statement(db, `UPDATE staff SET active = ? WHERE id = ? AND active <> ?`).run(active ? 1 : 0, id, active ? 1 : 0).changes;
  return changed;
}

export function countStaff(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM staff`).get() as { n: number }).n;
}

export function insertStaffSession(db: Db, row: { token_hash: string; staff_id: string; created_at: number; expires_at: number }): void {
  statement(db, `INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (@token_hash, @staff_id, @created_at, @expires_at)`).run(row);
}

export function findStaffBySessionHash(db: Db, tokenHash: string, nowMs: number): StaffRow | undefined {
  return db
    .prepare(`SELECT s.* FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE ss.token_hash = ? AND ss.expires_at > ? AND s.active = 1`)
    .get(tokenHash, nowMs) as StaffRow | undefined;
}

export function deleteStaffSession(db: Db, tokenHash: string): void {
  statement(db, `DELETE FROM staff_sessions WHERE token_hash = ?`).run(tokenHash);
}

/** Active staff for the manager's cashier filter: names and roles only, never PIN material. */
export function listActiveStaff(db: Db): Pick<StaffRow, 'id' | 'name' | 'role'>[] {
  return statement(db, `SELECT id, name, role FROM staff WHERE active = 1 ORDER BY name`).all() as Pick<StaffRow, 'id' | 'name' | 'role'>[];
}

/** Every staff member for the manager's staff list (active or not), never PIN material. */
export function listAllStaff(db: Db): Pick<StaffRow, 'id' | 'name' | 'role' | 'active'>[] {
  return statement(db, `SELECT id, name, role, active FROM staff ORDER BY active DESC, name`).all() as Pick<StaffRow, 'id' | 'name' | 'role' | 'active'>[];
}

export function countActiveManagers(db: Db): number {
  return (statement(db, `SELECT count(*) AS n FROM staff WHERE role = 'manager' AND active = 1`).get() as { n: number }).n;
}

export function updateStaffPin(db: Db, id: string, pinHash: string, pinLookup: string): void {
  statement(db, `UPDATE staff SET pin_hash = ?, pin_lookup = ? WHERE id = ?`).run(pinHash, pinLookup, id);
}

/** Deactivated staff cannot sign in, and their open sessions end. */
export function deactivateStaff(db: Db, id: string): void {
  statement(db, `UPDATE staff SET active = 0 WHERE id = ?`).run(id);
  statement(db, `DELETE FROM staff_sessions WHERE staff_id = ?`).run(id);
}
