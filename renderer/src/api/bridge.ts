import { EVENT_NAMES, METHOD_NAMES, type EventName, type PayDeskApi } from '../../../shared/contract';

const SESSION_KEY = 'paydesk.session';

/**
 * The contract over HTTP for browser mode (`npm run serve`): POST /bridge/{method}, events over SSE.
 * The staff session token lives in sessionStorage so a reload keeps the cashier signed in on this tab only.
 */
export function createBridgeApi(base = ''): PayDeskApi {
  let token = sessionStorage.getItem(SESSION_KEY) ?? undefined;
  let source: EventSource | undefined;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  function connect(): void {
    source?.close();
    source = undefined;
    if (!token) return;
    source = new EventSource(`${base}/bridge/events?session=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  async function call(method: string, input: unknown): Promise<unknown> {
    try {
      const res = await fetch(`${base}/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-paydesk-session': token } : {}) },
        body: JSON.stringify(input ?? {}),
      });
      const result = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
      if (method === 'auth.signIn' && result.ok) {
        token = (result.value as { token: string }).token;
        sessionStorage.setItem(SESSION_KEY, token);
        connect();
      }
      if (method === 'auth.signOut' || (!result.ok && result.error?.code === 'unauthorized')) {
        token = undefined;
        sessionStorage.removeItem(SESSION_KEY);
        connect();
      }
      return result;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'PayDesk is not answering. Check that it is running.' } };
    }
  }

  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) api[method] = (input: unknown) => call(method, input);
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  connect();
  return api as PayDeskApi;
}
