import type { StorageHealth } from '../store/storageHealth';

// Provider calls that move money or open a session must be recorded; while the disk cannot take a write
// they are refused before the provider is called, so no link, capture or refund exists only at the provider.

type AsyncFn = (...args: never[]) => Promise<unknown>;

/** The same object with `methods` checked against the disk first, and disk failures inside them answered as storage errors. */
export function guardStorageWrites<T extends object, K extends keyof T>(storage: StorageHealth, target: T, methods: readonly K[]): T {
  const guarded = { ...target };
  for (const name of methods) {
    const fn = target[name] as unknown as AsyncFn;
    const wrapped = async (...args: never[]) => {
      storage.assertWritable();
      try {
        return await fn(...args);
      } catch (err) {
        throw storage.noteFailure(err) ?? err;
      }
    };
    guarded[name] = wrapped as unknown as T[K];
  }
  return guarded;
}
