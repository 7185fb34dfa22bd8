import { IPC_CHANNEL_PREFIX, METHOD_NAMES, type MethodName } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { Engine } from './engine';
import { dispatch, type Handlers } from './engine/handlers';

// IPC registration from the one contract, kept free of `electron` imports so it is tested under Node
// with a fake ipcMain. Every channel validates its sender frame before anything else.

export interface IpcEventLike {
  senderFrame: { url: string } | null | undefined;
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export interface IpcOptions {
  engine: Engine;
  handlers: Handlers;
  /** Only frames loaded from the app's own renderer may call in. */
  isTrustedUrl: (url: string) => boolean;
}

export function registerIpcHandlers(ipcMain: IpcMainLike, opts: IpcOptions): { channels: string[]; sessions: Map<number, string> } {
  // Staff sessions are held here per window, so the token never has to live in renderer storage.
  const sessions = new Map<number, string>();
  const channels: string[] = [];
  for (const method of METHOD_NAMES) {
    const channel = `${IPC_CHANNEL_PREFIX}${method}`;
    ipcMain.handle(channel, async (event, input) => handleCall(opts, sessions, method, event, input));
    channels.push(channel);
  }
  return { channels, sessions };
}

async function handleCall(opts: IpcOptions, sessions: Map<number, string>, method: MethodName, event: IpcEventLike, input: unknown): Promise<Result<unknown>> {
  const url = event.senderFrame?.url;
  if (!url || !opts.isTrustedUrl(url)) {
    return { ok: false, error: { code: 'forbidden', message: 'This window is not allowed to call PayDesk.' } };
  }
  const result = await dispatch(opts.engine, opts.handlers, method, input, { sessionToken: sessions.get(event.sender.id), source: { channel: 'desktop', id: `window ${event.sender.id}` } });
  if (result.ok && method === 'auth.signIn') sessions.set(event.sender.id, (result.value as { token: string }).token);
  if (method === 'auth.signOut') sessions.delete(event.sender.id);
  return result;
}
