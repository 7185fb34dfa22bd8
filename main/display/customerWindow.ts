import type { BrowserWindow, BrowserWindowConstructorOptions, Display, Screen } from 'electron';
import type { DisplayScreenView } from '../../shared/display';
import type { DisplaySettings } from './settings';

// Desktop app: the customer display as a second, full-screen window on the second screen. It is the same
// customer page a tablet opens, served from paydesk://app, with its own preload (preload/display.ts) that
// gives it its till's display view and nothing else: no contract method, no bridge. Only types come from
// electron here; main/index.ts hands in the real `screen` and a window factory, tests hand in fakes.

export interface CustomerWindowDeps {
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;
  createWindow: (options: BrowserWindowConstructorOptions) => CustomerWindow;
  settings: () => DisplaySettings;
  /** The customer page, e.g. paydesk://app/index.html?view=customer. */
  url: string;
  /** The display preload (dist/preload/display.cjs). */
  preload: string;
  /** Told when the window opens (its contents, to push views to) and when it closes (undefined). */
  onWindow?: (win: CustomerWindow | undefined) => void;
  /** The screen the till's own window is on: never chosen automatically. */
  tillDisplayId: () => number | undefined;
}

export type CustomerWindow = Pick<BrowserWindow, 'loadURL' | 'close' | 'isDestroyed' | 'on' | 'setBounds' | 'webContents'>;

export function screenViews(screen: CustomerWindowDeps['screen']): DisplayScreenView[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({ id: d.id, label: d.label || `${d.size.width}×${d.size.height}`, primary: d.id === primary, width: d.size.width, height: d.size.height }));
}

/** The chosen screen when it is connected; otherwise the first one that is not the till's; none with a single screen. */
export function chooseCustomerScreen(displays: readonly Display[], settings: DisplaySettings, tillDisplayId: number | undefined): Display | undefined {
  if (!settings.enabled) return undefined;
  const chosen = settings.display_id === null ? undefined : displays.find((d) => d.id === settings.display_id);
  if (chosen) return chosen;
  return displays.find((d) => d.id !== tillDisplayId);
}

export const CUSTOMER_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  title: 'PayDesk — customer display',
  fullscreen: true,
  frame: false,
  autoHideMenuBar: true,
  // The till keeps the keyboard: the customer's window never takes focus.
  focusable: false,
};

/**
 * Keeps a customer window open on the right screen: opens it when a second screen is there, moves or
 * closes it when screens come and go or the setting changes (call `apply()` after a change).
 */
export function manageCustomerWindow(deps: CustomerWindowDeps) {
  let win: CustomerWindow | undefined;
  let onScreen: number | undefined;

  function apply(): void {
    const target = chooseCustomerScreen(deps.screen.getAllDisplays(), deps.settings(), deps.tillDisplayId());
    if (win?.isDestroyed()) win = undefined;
    if (!target) {
      if (win) {
        win.close();
        deps.onWindow?.(undefined);
      }
      win = undefined;
      onScreen = undefined;
      return;
    }
    if (win && onScreen === target.id) return;
    if (win) {
      win.setBounds(target.bounds);
    } else {
      win = deps.createWindow({
        ...CUSTOMER_WINDOW_OPTIONS,
        x: target.bounds.x,
        y: target.bounds.y,
        width: target.bounds.width,
        height: target.bounds.height,
        webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: deps.preload },
      });
      win.on('closed', () => {
        win = undefined;
        onScreen = undefined;
        deps.onWindow?.(undefined);
      });
      deps.onWindow?.(win);
      void win.loadURL(deps.url);
    }
    onScreen = target.id;
  }

  const onChange = () => apply();
  deps.screen.on('display-added', onChange);
  deps.screen.on('display-removed', onChange);
  apply();
  return {
    apply,
    screens: () => screenViews(deps.screen),
    close(): void {
      deps.screen.removeListener('display-added', onChange);
      deps.screen.removeListener('display-removed', onChange);
      if (win && !win.isDestroyed()) win.close();
      win = undefined;
    },
  };
}
