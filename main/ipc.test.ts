import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { METHOD_NAMES } from '../shared/contract';
import type { Result } from '../shared/errors';
import { APP_ENTRY, isAppUrl } from './desktop/appOrigin';
import { createEngine } from './engine';
import { createHandlers } from './engine/handlers';
import { createKeyFileSecretBox } from './engine/secrets';
import { seedDemoData } from './engine/demo';
import { registerIpcHandlers, type IpcEventLike, type IpcMainLike } from './ipc';
import { PAYLINK_ADAPTERS } from './providers';
import { openDatabase } from './store/db';
import { makeTempDir } from './testing/tempDir';

/** A stand-in for Electron's ipcMain that records handlers so the test can invoke them like a renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  invoke(channel: string, event: IpcEventLike, input: unknown): Promise<Result<unknown>> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, input) as Promise<Result<unknown>>;
  }
}

const APP_URL = APP_ENTRY;
const trusted = (id = 1): IpcEventLike => ({ senderFrame: { url: APP_URL }, sender: { id } });

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const t = makeTempDir('paydesk-ipc');
  const db = openDatabase(join(t.dir, 'paydesk.db'));
  cleanup = () => {
    db.close();
    t.cleanup();
  };
  const engine = createEngine({
    db,
    secrets: createKeyFileSecretBox(join(t.dir, 'credentials.key')),
    adapters: PAYLINK_ADAPTERS,
    mode: 'demo',
    sandboxUrl: () => 'http://127.0.0.1:9',
    publicBase: () => 'http://127.0.0.1:9',
  });
  seedDemoData(db, engine.auth, engine.orgApps, engine.now);
  const ipc = new FakeIpcMain();
  const reg = registerIpcHandlers(ipc, { engine, handlers: createHandlers(engine), isTrustedUrl: isAppUrl });
  return { ipc, reg };
}

describe('IPC registration', () => {
  it('registers exactly one channel per contract method', () => {
    const { ipc, reg } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `paydesk:${m}`).sort());
    expect(reg.channels).toHaveLength(METHOD_NAMES.length);
  });

  it('rejects calls from frames that are not the app renderer', async () => {
    const { ipc } = setup();
    const lookAlikes = ['paydesk://app.evil.example/index.html', 'paydesk://appx/index.html', 'paydesk://app@evil.example/', 'paydesk://app:8080/index.html', 'file:///opt/PayDesk/resources/app/dist/renderer/index.html'];
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/other.html' }, ...lookAlikes.map((url) => ({ url })), null, undefined]) {
      const result = await ipc.invoke('paydesk:auth.signIn', { senderFrame, sender: { id: 7 } }, { pin: '1111' });
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/not allowed/) } });
    }
  });

  it('validates payloads with the contract schema before running anything', async () => {
    const { ipc } = setup();
    const result = await ipc.invoke('paydesk:auth.signIn', trusted(), { pin: '12ab' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('validation_failed');
    const wrongType = await ipc.invoke('paydesk:auth.signIn', trusted(), 'not an object');
    expect(wrongType.ok).toBe(false);
  });

  it('holds the staff session per window: signed-in window works, another window is refused', async () => {
    const { ipc } = setup();
    const before = await ipc.invoke('paydesk:orgApps.list', trusted(1), {});
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.error.code).toBe('unauthorized');
    expect((await ipc.invoke('paydesk:auth.signIn', trusted(1), { pin: '1111' })).ok).toBe(true);
    const after = await ipc.invoke('paydesk:orgApps.list', trusted(1), {});
    expect(after.ok).toBe(true);
    const otherWindow = await ipc.invoke('paydesk:orgApps.list', trusted(2), {});
    expect(otherWindow.ok).toBe(false);
  });

  it('refuses manager-only methods to a cashier', async () => {
    const { ipc } = setup();
    await ipc.invoke('paydesk:auth.signIn', trusted(1), { pin: '1111' });
    const result = await ipc.invoke('paydesk:orgApps.install', trusted(1), { provider: 'tabby', credentials: { secret_key: 'x', merchant_code: 'y' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden');
  });
});
