import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Role, StaffView } from '../../shared/views';
import type { Db } from '../store/db';
import { getSetting, putSetting } from '../store/settings';
import { recordSignInFailure } from '../store/signInFailures';
import { createPinThrottle, type PinThrottle } from './signin/pinThrottle';
import { deleteStaffSession, findStaffByPinLookup, findStaffBySessionHash, insertStaff, insertStaffSession, updateStaffPin, type StaffRow } from '../store/staff';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** Compares secrets in constant time regardless of their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const dbb = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, dbb);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function toStaffView(row: StaffRow): StaffView {
  return { id: row.id, name: row.name, role: row.role };
}

/** Where a sign-in comes from: the door (channel) and a non-secret name for the caller behind it. */
export interface SignInSource {
  channel: 'browser' | 'desktop' | 'api' | 'other';
  id: string;
}

const UNKNOWN_SOURCE: SignInSource = { channel: 'other', id: 'unknown' };

export interface Auth {
  createStaff(input: { id: string; name: string; role: Role; pin: string }): StaffView;
  /** A new PIN for a staff member (set or reset by a manager); refused when another member uses it. */
  setPin(id: string, pin: string): void;
  signIn(pin: string, source?: SignInSource): { token: string; staff: StaffView };
  signOut(token: string): void;
  resolveSession(token: string): StaffView | undefined;
  /** A manager's approval typed on a cashier's till: the manager it belongs to. Wrong PINs count toward the same slow-down as sign-in. */
  /** `requestedBy`: the signed-in staff member asking for the approval; their guesses are slowed wherever they type. */
  approveAsManager(pin: string, source?: SignInSource, requestedBy?: string): StaffView;
}

/**
 * PIN sign-in. PINs are looked up by a keyed hash (a PIN identifies the staff member) and verified
 * with scrypt. Wrong PINs are throttled per source (see pinThrottle) and recorded for the manager.
 */
export function createAuth(db: Db, now: () => number, throttle: PinThrottle = createPinThrottle()): Auth {
  let pepper = getSetting(db, 'pin_pepper');
  if (!pepper) {
    pepper = randomBytes(32).toString('base64');
    putSetting(db, 'pin_pepper', pepper);
  }
  const lookupWith = (key: string, pin: string) => createHmac('sha256', key).update(pin).digest('base64url');
  // In a store with several tills, staff carry the store's lookup key (main/storedb/storeData.ts) so that every
  // till can sign them in; PINs set before the till joined keep working with this till's own key.
  const currentPepper = () => getSetting(db, 'store_pin_pepper') ?? (pepper as string);
  const pinLookup = (pin: string) => lookupWith(currentPepper(), pin);
  const findByPin = (pin: string) => {
    const current = currentPepper();
    return findStaffByPinLookup(db, lookupWith(current, pin)) ?? (current !== pepper ? findStaffByPinLookup(db, lookupWith(pepper as string, pin)) : undefined);
  };

  /**
   * The staff member a PIN belongs to. Wrong PINs slow down further attempts from that source, and from that
   * staff member where one is known (a signed-in cashier typing a manager's PIN), wherever they type next.
   */
  function checkPin(pin: string, source: SignInSource, at: number, staffId?: string): StaffRow {
    const keys = [`${source.channel}:${source.id}`, ...(staffId ? [`staff:${staffId}`] : [])];
    const waitMs = Math.max(...keys.map((k) => throttle.waitMs(k, at)));
    if (waitMs > 0) {
      const wait = Math.ceil(waitMs / 1000);
      throw new AppError('too_many_attempts', `Too many wrong PINs. Wait ${wait} s and try again.`, { retry_after_s: wait });
    }
    const row = findByPin(pin);
    if (!row || !verifyPin(pin, row.pin_hash)) {
      const delay = Math.max(...keys.map((k) => throttle.failed(k, at)));
      recordSignInFailure(db, { at, channel: source.channel, source: source.id, delay_ms: delay });
      throw new AppError('invalid_pin', 'That PIN is not right. Check it and try again.', delay > 0 ? { retry_after_s: Math.ceil(delay / 1000) } : undefined);
    }
    for (const k of keys) throttle.succeeded(k);
    return row;
  }

  return {
    createStaff({ id, name, role, pin }) {
      const lookup = pinLookup(pin);
      if (findStaffByPinLookup(db, lookup)) throw new AppError('conflict', 'Another staff member already uses this PIN; choose a different one.');
      insertStaff(db, { id, name, role, pin_hash: hashPin(pin), pin_lookup: lookup, created_at: now() });
      return { id, name, role };
    },
    setPin(id, pin) {
      const lookup = pinLookup(pin);
      const holder = findStaffByPinLookup(db, lookup);
      if (holder && holder.id !== id) throw new AppError('conflict', 'Another staff member already uses this PIN; choose a different one.', { field: 'pin' });
      updateStaffPin(db, id, hashPin(pin), lookup);
    },
    signIn(pin, source = UNKNOWN_SOURCE) {
      const at = now();
      const row = checkPin(pin, source, at);
      const token = randomBytes(32).toString('base64url');
      insertStaffSession(db, { token_hash: hashToken(token), staff_id: row.id, created_at: at, expires_at: at + SESSION_TTL_MS });
      return { token, staff: toStaffView(row) };
    },
    signOut(token) {
      deleteStaffSession(db, hashToken(token));
    },
    approveAsManager(pin, source = UNKNOWN_SOURCE, requestedBy) {
      const row = checkPin(pin, source, now(), requestedBy);
      if (row.role !== 'manager') throw new AppError('forbidden', 'That PIN is not a manager’s. A manager must type their own PIN to approve.', { field: 'manager_pin' });
      return toStaffView(row);
    },
    resolveSession(token) {
      const row = findStaffBySessionHash(db, hashToken(token), now());
      return row ? toStaffView(row) : undefined;
    },
  };
}
