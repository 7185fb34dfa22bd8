import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { openDatabase, type Db } from '../store/db';
import { makeTempDir } from '../testing/tempDir';
import { createAuth, hashPin, secretsEqual, verifyPin } from './auth';

let cleanup: (() => void) | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  cleanup?.();
});

function setup(clock: { t: number }) {
  const t = makeTempDir('paydesk-auth');
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'paydesk.db'));
  return createAuth(db, () => clock.t);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'other';
  }
  return undefined;
}

describe('PIN hashing', () => {
  it('stores scrypt hashes, never the PIN, and verifies only the right PIN', () => {
    const stored = hashPin('1234');
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain('1234');
    expect(verifyPin('1234', stored)).toBe(true);
    expect(verifyPin('1235', stored)).toBe(false);
    expect(hashPin('1234')).not.toBe(stored); // salted
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});

describe('staff sign-in', () => {
  it('signs in with the right PIN and resolves the session to the staff member', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    const { token, staff } = auth.signIn('1111');
    expect(staff).toEqual({ id: 's1', name: 'Sara', role: 'cashier' });
    expect(auth.resolveSession(token)).toEqual(staff);
    auth.signOut(token);
    expect(auth.resolveSession(token)).toBeUndefined();
  });

  it('refuses a wrong PIN with invalid_pin, and slows down after repeated failures', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    for (let i = 0; i < 5; i++) expect(codeOf(() => auth.signIn('0000'))).toBe('invalid_pin');
    // Even the right PIN waits out the lock.
    expect(codeOf(() => auth.signIn('1111'))).toBe('too_many_attempts');
    clock.t += 1_500;
    expect(auth.signIn('1111').staff.id).toBe('s1');
  });

  it('expires sessions after the shift length', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 'm1', name: 'Khalid', role: 'manager', pin: '9999' });
    const { token } = auth.signIn('9999');
    clock.t += 13 * 60 * 60 * 1000;
    expect(auth.resolveSession(token)).toBeUndefined();
  });

  it('refuses two staff members with the same PIN', () => {
    const auth = setup({ t: 1 });
    auth.createStaff({ id: 'a', name: 'A', role: 'cashier', pin: '2222' });
    expect(codeOf(() => auth.createStaff({ id: 'b', name: 'B', role: 'cashier', pin: '2222' }))).toBe('conflict');
  });
});
