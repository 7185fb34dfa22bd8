import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../shared/contract';
import type { RunningPayDesk } from './app';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME, appFileFor, isAppUrl } from './desktop/appOrigin';
import { applyTillChromiumSwitches } from './desktop/chromiumSwitches';
import { isAllowedExternalUrl } from './desktop/externalLinks';
import { startDesktopEngine } from './desktop/startup';
import { startUpdateChecks } from './desktop/updater';
import { loadConfig } from './config';
import type { Handlers } from './engine/handlers';
import { isEscPos } from '../shared/printing';
import { manageCustomerWindow } from './display/customerWindow';
import { wireCustomerWindowIpc } from './display/customerWindowIpc';
import { readDisplaySettings, saveDisplaySettings } from './display/settings';
import type { SecretBox } from './engine/secrets';
import { registerIpcHandlers } from './ipc';

// The Electron shell: lifecycle, the window, IPC registration and secrets. The engine itself is
// the same one `npm run serve` runs under plain Node.

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function safeStorageBox(): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    seal: (plain) => `ss1:${safeStorage.encryptString(plain).toString('base64')}`,
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed.replace(/^ss1:/, ''), 'base64')),
  };
}

// Before the app is ready: the till's Chromium switches (desktop/chromiumSwitches.ts), and paydesk:// as a
// standard, secure scheme (its own origin, fetch allowed).
applyTillChromiumSwitches(app.commandLine);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Serves the built renderer at paydesk://app/…; anything outside the renderer folder is a 404. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, { headers: { 'content-type': file.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    // New windows never open inside the app; provider pages (https, allow-listed hosts) go to the system browser.
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
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
  serveRenderer();
  const config = loadConfig({ PAYDESK_DATA_DIR: app.getPath('userData'), PAYDESK_PORT: '0', ...process.env });
  const secrets = safeStorageBox();
  // The renderer talks IPC only: no browser bridge is started (desktop/startup.ts).
  const running: RunningPayDesk = await startDesktopEngine(config, secrets);
  let customerWindow: ReturnType<typeof manageCustomerWindow> | undefined;
  let mainWindow: BrowserWindow | undefined;
  const base = running.handlers;
  const handlers: Handlers = {
    ...base,
    // ESC/POS printers are driven by the engine; the OS printer prints the window silently; otherwise a PDF.
    'receipt.print': async (input, ctx) => {
      const printer = running.engine.printing.settings().settings;
      if (isEscPos(printer)) return base['receipt.print'](input, ctx);
      await running.engine.paylinks.get(input.id, { refresh: false });
      if (!mainWindow) throw new Error('no window to print from');
      return printer.kind === 'os' && printer.device_name
        ? printSilently(mainWindow.webContents, printer.device_name)
        : saveReceiptPdf(mainWindow.webContents, join(config.dataDir, 'receipts'), input.id);
    },
    // The customer window's screen is chosen among the ones Electron sees.
    'display.settings': () => ({ ...readDisplaySettings(running.db), screens: customerWindow?.screens() ?? [] }),
    'display.updateSettings': (input) => {
      const saved = saveDisplaySettings(running.db, input);
      customerWindow?.apply();
      return { ...saved, screens: customerWindow?.screens() ?? [] };
    },
  };
  registerIpcHandlers(ipcMain, { engine: running.engine, handlers, isTrustedUrl: isAppUrl });

  const win = (mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'PayDesk',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: join(here, '..', 'preload', 'index.cjs') },
  }));
  const unsubscribe = running.engine.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // The customer display: a second window on the second screen, fed this till window's display view.
  const tillId = `desktop:window ${win.webContents.id}`;
  let customerContents: WebContents | undefined;
  const unwireDisplay = wireCustomerWindowIpc({ ipcMain, hub: running.engine.display, tillId, contents: () => customerContents });
  customerWindow = manageCustomerWindow({
    screen,
    createWindow: (options) => new BrowserWindow(options),
    settings: () => readDisplaySettings(running.db),
    url: `${APP_ORIGIN}/index.html?view=customer`,
    preload: join(here, '..', 'preload', 'display.cjs'),
    onWindow: (w) => (customerContents = w?.webContents),
    tillDisplayId: () => screen.getDisplayMatching(win.getBounds()).id,
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    unsubscribe();
    customerWindow?.close();
    unwireDisplay();
    void running.close();
  });
  await win.loadURL(APP_ENTRY);
  startUpdateChecks(running.db);
}

function printSilently(contents: WebContents, deviceName: string): Promise<{ via: 'printer' }> {
  return new Promise((resolve, reject) => {
    contents.print({ silent: true, deviceName, printBackground: true, margins: { marginType: 'none' } }, (success, reason) =>
      success ? resolve({ via: 'printer' }) : reject(new Error(`The receipt printer "${deviceName}" did not print: ${reason}`)),
    );
  });
}

async function saveReceiptPdf(contents: WebContents, dir: string, paylinkId: string): Promise<{ via: 'pdf' }> {
  // 80 mm wide; the print stylesheet shows only the receipt.
  const pdf = await contents.printToPDF({ pageSize: { width: 3.15, height: 11 }, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${paylinkId.replace(/[^\w-]/g, '_')}-${Date.now()}.pdf`), pdf);
  return { via: 'pdf' };
}

// A start that fails (another PayDesk holds the data folder, the disk is unusable…) says why, then quits.
main().catch((err: unknown) => {
  dialog.showErrorBox('PayDesk could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
