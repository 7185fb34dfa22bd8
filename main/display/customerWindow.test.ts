import type { Display } from 'electron';
import { describe, expect, it } from 'vitest';
import { chooseCustomerScreen, manageCustomerWindow, type CustomerWindowDeps } from './customerWindow';
import type { DisplaySettings } from './settings';

function display(id: number, x: number): Display {
  return { id, label: `Screen ${id}`, bounds: { x, y: 0, width: 1024, height: 600 }, size: { width: 1024, height: 600 } } as Display;
}

function fakeElectron(initial: Display[]) {
  let displays = initial;
  const listeners = new Map<string, () => void>();
  const windows: { options: Record<string, unknown>; url?: string; closed: boolean; bounds?: unknown }[] = [];
  let settings: DisplaySettings = { enabled: true, display_id: null };
  const opened: string[] = [];
  const deps: CustomerWindowDeps = {
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0]!,
      on: ((event: string, l: () => void) => listeners.set(event, l)) as never,
      removeListener: ((event: string) => listeners.delete(event)) as never,
    },
    createWindow: (options) => {
      const w = { options: options as Record<string, unknown>, closed: false } as (typeof windows)[number];
      windows.push(w);
      return {
        loadURL: async (url: string) => void (w.url = url),
        close: () => void (w.closed = true),
        isDestroyed: () => w.closed,
        on: (() => undefined) as never,
        setBounds: (b: unknown) => void (w.bounds = b),
        webContents: { id: 7 },
      } as never;
    },
    settings: () => settings,
    url: 'paydesk://app/index.html?view=customer',
    preload: '/app/preload/display.cjs',
    onWindow: (w) => opened.push(w ? 'open' : 'closed'),
    tillDisplayId: () => 1,
  };
  return {
    deps,
    windows,
    setDisplays: (d: Display[]) => {
      displays = d;
      for (const [event, l] of listeners) if (event.startsWith('display-')) l();
    },
    setSettings: (s: DisplaySettings) => void (settings = s),
    listeners,
    opened,
  };
}

describe('the customer window on the second screen', () => {
  it('chooses the set screen when connected, else the first that is not the till’s, else none', () => {
    const screens = [display(1, 0), display(2, 1024), display(3, 2048)];
    expect(chooseCustomerScreen(screens, { enabled: true, display_id: null }, 1)?.id).toBe(2);
    expect(chooseCustomerScreen(screens, { enabled: true, display_id: 3 }, 1)?.id).toBe(3);
    expect(chooseCustomerScreen(screens, { enabled: true, display_id: 9 }, 1)?.id).toBe(2);
    expect(chooseCustomerScreen([display(1, 0)], { enabled: true, display_id: null }, 1)).toBeUndefined();
    expect(chooseCustomerScreen(screens, { enabled: false, display_id: 2 }, 1)).toBeUndefined();
  });

  it('opens full screen on the second display with the customer page and its own preload; follows screens coming and going', () => {
    const e = fakeElectron([display(1, 0)]);
    const managed = manageCustomerWindow(e.deps);
    expect(e.windows).toHaveLength(0); // one screen: the till keeps its own QR

    e.setDisplays([display(1, 0), display(2, 1024)]);
    expect(e.windows).toHaveLength(1);
    const [w] = e.windows;
    expect(w!.options).toMatchObject({ fullscreen: true, x: 1024, y: 0, width: 1024, height: 600, focusable: false });
    expect(w!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect((w!.options.webPreferences as Record<string, unknown>).preload).toBe('/app/preload/display.cjs');
    expect(w!.url).toBe('paydesk://app/index.html?view=customer');
    expect(e.opened).toEqual(['open']);

    e.setDisplays([display(1, 0), display(2, 1024), display(3, 2048)]);
    e.setSettings({ enabled: true, display_id: 3 });
    managed.apply();
    expect(e.windows).toHaveLength(1);
    expect(w!.bounds).toMatchObject({ x: 2048 });

    e.setDisplays([display(1, 0)]);
    expect(w!.closed).toBe(true);
    expect(e.opened).toEqual(['open', 'closed']);
    managed.close();
    expect(e.listeners.size).toBe(0);
  });
});

describe('the customer window’s feed', () => {
  it('answers only its own window and pushes each new view of its till', async () => {
    const { wireCustomerWindowIpc } = await import('./customerWindowIpc');
    const { createDisplayHub } = await import('./hub');
    const { createEventBus } = await import('../engine/events');
    const hub = createDisplayHub({ now: () => 0, events: createEventBus(), store: () => ({ name_en: 'S', name_ar: 'م', vat_number: '300000000000003', branch: 'b', currency: 'SAR', pricing_mode: 'TAX_INCLUSIVE' }), paylink: () => undefined });
    const handlers = new Map<string, (event: { sender: { id: number } }) => unknown>();
    const sent: unknown[] = [];
    const unwire = wireCustomerWindowIpc({
      ipcMain: { handle: ((ch: string, h: never) => handlers.set(ch, h)) as never, removeHandler: ((ch: string) => handlers.delete(ch)) as never },
      hub,
      tillId: 'desktop:window 1',
      contents: () => ({ id: 7, isDestroyed: () => false, send: (_ch: string, view: unknown) => sent.push(view) }) as never,
    });
    const current = handlers.get('paydesk-display:current')!;
    expect(current({ sender: { id: 7 } })).toMatchObject({ phase: 'idle' });
    expect(() => current({ sender: { id: 1 } })).toThrow();
    hub.publish('desktop:window 1', { lines: [{ key: 'k', productId: 'p', sku: null, name_en: 'Tea', name_ar: 'شاي', unitPriceMinor: 1850, quantity: 1, vatRateBp: 1500 }] });
    hub.publish('desktop:window 2', { lines: [] });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ phase: 'cart', total: '18.50' });
    unwire();
    expect(handlers.size).toBe(0);
  });
});
