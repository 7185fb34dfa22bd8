import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../shared/contract';
import { startPayDesk, type RunningPayDesk } from './app';
import { loadConfig } from './config';
import { createHandlers } from './engine/handlers';
import type { SecretBox } from './engine/secrets';
import { registerIpcHandlers } from './ipc';

// The Electron shell: lifecycle, the window, IPC registration and secrets. The engine itself is
// the same one `npm run serve` runs under plain Node.

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const rendererUrlPrefix = pathToFileURL(join(here, '..', 'renderer')).href;
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function safeStorageBox(): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    seal: (plain) => `ss1:${safeStorage.encryptString(plain).toString('base64')}`,
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed.replace(/^ss1:/, ''), 'base64')),
  };
}

function isTrustedUrl(url: string): boolean {
  return url.startsWith(rendererUrlPrefix);
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\/[^\s]+$/.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  hardenSessions();
  const config = loadConfig({ PAYDESK_DATA_DIR: app.getPath('userData'), PAYDESK_PORT: '0', ...process.env });
  const secrets = safeStorageBox();
  const running: RunningPayDesk = await startPayDesk(config, secrets ? { secrets } : {});
  registerIpcHandlers(ipcMain, { engine: running.engine, handlers: createHandlers(running.engine), isTrustedUrl });

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'PayDesk',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: join(here, '..', 'preload', 'index.cjs') },
  });
  const unsubscribe = running.engine.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    unsubscribe();
    void running.close();
  });
  await win.loadFile(rendererIndex);
}

void main();
