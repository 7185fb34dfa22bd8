import { describe, expect, it } from 'vitest';
import { allowedActions, canTransition, PAYLINK_STATUSES } from './status';

describe('unified status transitions', () => {
  it('never leaves a terminal status', () => {
    for (const terminal of ['cancelled', 'expired', 'rejected', 'refunded'] as const) {
      for (const to of PAYLINK_STATUSES) {
        if (to !== terminal) expect(canTransition(terminal, to), `${terminal} → ${to}`).toBe(false);
      }
    }
  });

  it('does not go back from captured to authorized or created', () => {
    expect(canTransition('captured', 'authorized')).toBe(false);
    expect(canTransition('captured', 'created')).toBe(false);
    expect(canTransition('captured', 'cancelled')).toBe(false);
  });

  it('resolves unknown into any known status', () => {
    for (const to of PAYLINK_STATUSES) expect(canTransition('unknown', to)).toBe(true);
  });
});

describe('allowed actions', () => {
  const base = { amountMinor: 1000, capturedMinor: 0, refundedMinor: 0, checkout: 'qr' as const };
  it('offers capture and cancel while authorized, refund once captured', () => {
    expect(allowedActions({ ...base, status: 'authorized' })).toEqual(['capture', 'cancel', 'refresh']);
    expect(allowedActions({ ...base, status: 'captured', capturedMinor: 1000 })).toEqual(['refund', 'refresh']);
    expect(allowedActions({ ...base, status: 'refunded', capturedMinor: 1000, refundedMinor: 1000 })).toEqual([]);
  });
  it('offers resend only for SMS links', () => {
    expect(allowedActions({ ...base, status: 'created', checkout: 'sms' })).toContain('resend');
    expect(allowedActions({ ...base, status: 'created' })).not.toContain('resend');
  });
});
