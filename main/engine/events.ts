import type { EventName, EventPayload } from '../../shared/contract';

/** In-process event bus; hosts forward it to windows (IPC) or browsers (SSE). Emit only after commit. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  return {
    emit(event, payload) {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch {
          // A broken listener must not break the engine.
        }
      }
    },
    subscribe(listener) {
      const l = listener as (event: EventName, payload: unknown) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
