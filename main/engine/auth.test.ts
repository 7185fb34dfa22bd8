import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { openDatabase, type Db } from '../store/db';
import { makeTempDir } from '../testing/tempDir';
import { listSignInFailures } from '../store/signInFailures';
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

  it('refuses a wrong PIN with invalid_pin, and slows that source down with a growing, capped delay', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    const tab = { channel: 'browser' as const, id: 'till tab' };
    for (let i = 0; i < 3; i++) expect(codeOf(() => auth.signIn('0000', tab))).toBe('invalid_pin');
    // The fourth wrong PIN starts the wait; even the right PIN from this source waits it out.
    expect(codeOf(() => auth.signIn('0000', tab))).toBe('invalid_pin');
    expect(codeOf(() => auth.signIn('1111', tab))).toBe('too_many_attempts');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      clock.t += 61_000;
      expect(codeOf(() => auth.signIn('0000', tab))).toBe('invalid_pin');
      try {
        auth.signIn('0000', tab);
      } catch (err) {
        waits.push((err as AppError).details ? ((err as AppError).details as { retry_after_s: number }).retry_after_s : 0);
      }
    }
    expect(waits.every((w) => w > 0 && w <= 60)).toBe(true); // capped at a minute
    expect(Math.max(...waits)).toBe(60);
    clock.t += 61_000;
    expect(auth.signIn('1111', tab).staff.id).toBe('s1');
  });

  it("a stranger's wrong PINs do not lock out the right PIN from another source", () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    const stranger = { channel: 'api' as const, id: '127.0.0.1' };
    for (let i = 0; i < 50; i++) {
      codeOf(() => auth.signIn(String(2000 + i), stranger));
      clock.t += 5_000;
    }
    expect(codeOf(() => auth.signIn('2999', stranger))).toBe('too_many_attempts');
    expect(auth.signIn('1111', { channel: 'browser', id: 'till tab' }).staff.id).toBe('s1');
    expect(auth.signIn('1111', { channel: 'desktop', id: 'window 1' }).staff.id).toBe('s1');
    // The guesses are on record for a manager, without any PIN.
    const rows = listSignInFailures(db!, 500);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(50); // throttled attempts are refused before the PIN is checked
    expect(rows[0]).toMatchObject({ channel: 'api', source: '127.0.0.1' });
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['at', 'channel', 'delay_ms', 'id', 'source']);
  });

  it('slows a signed-in cashier guessing manager PINs wherever they type, and only them', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    auth.createStaff({ id: 'm1', name: 'Khalid', role: 'manager', pin: '9999' });
    for (let i = 0; i < 4; i++) codeOf(() => auth.approveAsManager(String(5000 + i), { channel: 'browser', id: `tab ${i}` }, 's1'));
    // A new tab does not reset Sara's wait…
    expect(codeOf(() => auth.approveAsManager('9999', { channel: 'browser', id: 'tab new' }, 's1'))).toBe('too_many_attempts');
    // …while another cashier's approval on their own till goes through.
    expect(auth.approveAsManager('9999', { channel: 'browser', id: 'tab other' }, 's2').id).toBe('m1');
    clock.t += 3_000;
    expect(auth.approveAsManager('9999', { channel: 'browser', id: 'tab new' }, 's1').id).toBe('m1');
  });

  it('forgets a source after a quiet spell', () => {
    const clock = { t: 1_000 };
    const auth = setup(clock);
    auth.createStaff({ id: 's1', name: 'Sara', role: 'cashier', pin: '1111' });
    const tab = { channel: 'browser' as const, id: 'tab' };
    for (let i = 0; i < 4; i++) codeOf(() => auth.signIn('0000', tab));
    expect(codeOf(() => auth.signIn('1111', tab))).toBe('too_many_attempts');
    clock.t += 16 * 60_000;
    for (let i = 0; i < 3; i++) expect(codeOf(() => auth.signIn('0000', tab))).toBe('invalid_pin');
    expect(auth.signIn('1111', tab).staff.id).toBe('s1');
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

describe('demo staff in live mode', () => {
  it('a data folder that goes live switches the public demo PINs off, and demo mode switches them back on', async () => {
    const { startTestPayDesk } = await import('../testing/payDesk');
    const temp = makeTempDir('paydesk-golive');
    try {
      const demo = await startTestPayDesk({ dataDir: temp.dir, mode: 'demo' });
      expect(demo.engine.auth.signIn('9999').staff.role).toBe('manager');
      await demo.close();
      const live = await startTestPayDesk({ dataDir: temp.dir, mode: 'live' });
      try {
        for (const pin of ['1111', '9999']) expect(codeOf(() => live.engine.auth.signIn(pin, { channel: 'api', id: pin }))).toBe('invalid_pin');
        const info = await fetch(`${live.url}/bridge/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: live.bridgeCookie }, body: '{}' });
        expect(await info.text()).not.toMatch(/1111|9999/);
      } finally {
        await live.close();
      }
      const again = await startTestPayDesk({ dataDir: temp.dir, mode: 'demo' });
      expect(again.engine.auth.signIn('1111').staff.role).toBe('cashier');
      await again.close();
    } finally {
      temp.cleanup();
    }
  });
});
