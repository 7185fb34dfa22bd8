import type { CustomerAction } from '../sandbox/core';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { countingHttp, type AdapterHarness } from './mispay-paymennt-testkit';
import type { AdapterContext } from './types';

// The Tabby and Tamara tests reuse the shared adapter harness (sandbox + webhook receiver); this adds
// what it does not cover for these two providers.

export function bnplContext(h: AdapterHarness, provider: 'tabby' | 'tamara', overrides: Partial<AdapterContext> = {}): AdapterContext & { calls: string[] } {
  const { http, calls } = countingHttp(provider);
  return { baseUrl: `${h.sandbox.url}/sandbox/${provider}`, credentials: SANDBOX_CREDENTIALS[provider], settings: {}, http, now: () => new Date(), calls, ...overrides };
}

/** What the customer (or time) does, through the sandbox control API over HTTP. */
export async function customerDoes(h: AdapterHarness, provider: 'tabby' | 'tamara', sessionId: string, action: CustomerAction): Promise<void> {
  const res = await h.control('POST', `/sandbox/_control/${provider}/sessions/${encodeURIComponent(sessionId)}/${action}`);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Runs fn and returns what it threw (or fails the test when it did not throw). */
export async function thrownBy(fn: () => Promise<unknown>): Promise<Error & { code?: string; failure?: string; details?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to throw');
}
