import { create } from 'zustand';

/** How long a provider that did not answer a create counts as "not answering" in the header. */
export const NOT_ANSWERING_FOR_MS = 2 * 60_000;

interface ProviderHealth {
  /** provider id → when a create last failed to reach it (cleared by its next success). */
  failedAt: Record<string, number>;
  failed(provider: string, at?: number): void;
  answered(provider: string): void;
}

/** UI state: which providers this till just failed to reach. The engine's own view comes with sync.status. */
export const useProviderHealth = create<ProviderHealth>((set) => ({
  failedAt: {},
  failed: (provider, at = Date.now()) => set((s) => ({ failedAt: { ...s.failedAt, [provider]: at } })),
  answered: (provider) =>
    set((s) => {
      if (!(provider in s.failedAt)) return s;
      const { [provider]: _gone, ...rest } = s.failedAt;
      return { failedAt: rest };
    }),
}));

const UNREACHABLE_CODES = new Set(['provider_unreachable', 'outcome_unknown', 'unavailable']);

export function isUnreachableError(err: unknown): boolean {
  return UNREACHABLE_CODES.has((err as { code?: string } | null)?.code ?? '');
}
