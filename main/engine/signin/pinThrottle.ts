/**
 * Wrong-PIN throttling per source (a browser tab's bridge session, a desktop window, a REST caller's
 * address). A few wrong PINs are free; after that each further attempt from that source waits longer,
 * doubling up to a cap, and the count is forgotten after a quiet spell. One source guessing never slows
 * another: the cashier at the till signs in with the right PIN while a stranger elsewhere waits.
 */

export interface ThrottlePolicy {
  freeAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten after this long without a new one. */
  forgetAfterMs: number;
  /** Sources remembered at once; the least recently failed go first. */
  maxSources: number;
}

export const PIN_THROTTLE: ThrottlePolicy = { freeAttempts: 3, firstDelayMs: 2_000, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000, maxSources: 2_000 };

interface SourceState {
  failures: number;
  lastFailureAt: number;
  nextAllowedAt: number;
}

export interface PinThrottle {
  /** Milliseconds this source must still wait before its PIN is checked (0 = go ahead). */
  waitMs(source: string, at: number): number;
  /** Records a wrong PIN; answers the wait the source now has before its next attempt. */
  failed(source: string, at: number): number;
  succeeded(source: string): void;
}

export function createPinThrottle(policy: ThrottlePolicy = PIN_THROTTLE): PinThrottle {
  const sources = new Map<string, SourceState>();

  function current(source: string, at: number): SourceState | undefined {
    const state = sources.get(source);
    if (state && at - state.lastFailureAt > policy.forgetAfterMs) {
      sources.delete(source);
      return undefined;
    }
    return state;
  }

  return {
    waitMs(source, at) {
      const state = current(source, at);
      return state ? Math.max(0, state.nextAllowedAt - at) : 0;
    },
    failed(source, at) {
      const state = current(source, at) ?? { failures: 0, lastFailureAt: at, nextAllowedAt: 0 };
      state.failures += 1;
      state.lastFailureAt = at;
      const over = state.failures - policy.freeAttempts;
      const delay = over <= 0 ? 0 : Math.min(policy.firstDelayMs * 2 ** (over - 1), policy.maxDelayMs);
      state.nextAllowedAt = at + delay;
      sources.delete(source); // re-insert: Map order is then "least recently failed first"
      sources.set(source, state);
      while (sources.size > policy.maxSources) {
        const oldest = sources.keys().next().value;
        if (oldest === undefined) break;
        sources.delete(oldest);
      }
      return delay;
    },
    succeeded(source) {
      sources.delete(source);
    },
  };
}
