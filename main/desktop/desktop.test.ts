import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { putSetting } from '../store/settings';
import { TEST_API_TOKEN } from '../testing/payDesk';
import { makeTempDir } from '../testing/tempDir';
import { APP_ENTRY, appFileFor, isAppUrl } from './appOrigin';
import { applyTillChromiumSwitches, DISABLED_CHROMIUM_FEATURES, tillChromiumArgs } from './chromiumSwitches';
import { isAllowedExternalUrl } from './externalLinks';
import { desktopStartOptions, startDesktopEngine } from './startup';
import { readUpdateSettings, UPDATES_SETTING_KEY } from './updateSettings';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('desktop start-up wiring', () => {
  it('starts the engine and the REST API without the browser bridge, the launch link or the renderer', async () => {
    const temp = makeTempDir('paydesk-desktop');
    cleanup = temp.cleanup;
    expect(desktopStartOptions(undefined)).toMatchObject({ browserBridge: false });
    const running = await startDesktopEngine({ dataDir: temp.dir, port: 0, host: '127.0.0.1', apiToken: TEST_API_TOKEN, mode: 'demo', sandboxUrl: undefined }, undefined);
    try {
      expect(running.app.hasRoute({ method: 'POST', url: '/bridge/:method' })).toBe(false);
      expect(running.app.hasRoute({ method: 'GET', url: '/bridge/events' })).toBe(false);
      expect(running.app.hasRoute({ method: 'GET', url: '/launch' })).toBe(false);
      const launch = await fetch(running.launchUrl, { redirect: 'manual' });
      expect(launch.status).toBe(404);
      expect(launch.headers.get('set-cookie')).toBeNull();
      const bridge = await fetch(`${running.url}/bridge/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(bridge.ok).toBe(false);
      expect(await bridge.text()).not.toContain('1111');
      expect((await fetch(`${running.url}/`)).status).toBe(404);
      const api = await fetch(`${running.url}/api/v1/providers`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
      expect(api.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('is what the Electron main uses to start, loading the renderer from the app scheme', () => {
    const source = readFileSync(join(import.meta.dirname, '..', 'index.ts'), 'utf8');
    expect(source).toMatch(/startDesktopEngine\(config, secrets\)/);
    expect(source).not.toMatch(/startPayDesk\(/);
    expect(source).not.toMatch(/loadFile\(|file:\/\//);
    expect(source).toMatch(/loadURL\(APP_ENTRY\)/);
    expect(source).toMatch(/isTrustedUrl: isAppUrl/);
    expect(source).toMatch(/protocol\.handle\(APP_SCHEME/);
    expect(source).toMatch(/isAllowedExternalUrl\(url\)\) void shell\.openExternal/);
    // Before app.whenReady(): Chromium reads its switches at start-up.
    expect(source.indexOf('applyTillChromiumSwitches(app.commandLine)')).toBeGreaterThan(-1);
    expect(source.indexOf('applyTillChromiumSwitches(app.commandLine)')).toBeLessThan(source.indexOf('await app.whenReady()'));
  });
});

describe("the till's Chromium switches", () => {
  function fakeCommandLine(initial: Record<string, string> = {}) {
    const switches = new Map(Object.entries(initial));
    return { switches, getSwitchValue: (name: string) => switches.get(name) ?? '', appendSwitch: (name: string, value = '') => void switches.set(name, value) };
  }
  it('turns off the deferral of replies after a keypress', () => {
    const cl = fakeCommandLine();
    applyTillChromiumSwitches(cl);
    expect(cl.switches.get('disable-features')).toBe('DeferRendererTasksAfterInput');
  });
  it('keeps features the user disabled already, without repeating one', () => {
    const cl = fakeCommandLine({ 'disable-features': 'Foo,DeferRendererTasksAfterInput' });
    applyTillChromiumSwitches(cl);
    expect(cl.switches.get('disable-features')).toBe('Foo,DeferRendererTasksAfterInput');
  });
  it('gives the bench the same switches as arguments', () => {
    expect(tillChromiumArgs()).toEqual([`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`]);
  });
});

describe('app origin', () => {
  it('accepts only paydesk://app itself', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('paydesk://app/assets/index-abc.js')).toBe(true);
    for (const url of ['paydesk://app.evil.example/', 'paydesk://appx/', 'paydesk://app@evil.example/', 'paydesk://evil@app/', 'paydesk://app:1/', 'https://app/', 'file:///index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('serves files from the renderer folder only', () => {
    const temp = makeTempDir('paydesk-renderer');
    cleanup = temp.cleanup;
    const dir = join(temp.dir, 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    expect(appFileFor(dir, 'paydesk://app/')).toEqual({ path: join(dir, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(appFileFor(dir, 'paydesk://app/assets/a.js')?.type).toMatch(/javascript/);
    for (const url of ['paydesk://app/../secret.txt', 'paydesk://app/%2e%2e/secret.txt', 'paydesk://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 'paydesk://app/%00x', 'paydesk://app/%zz', 'paydesk://other/index.html']) {
      const file = appFileFor(dir, url);
      expect(file === undefined || file.path.startsWith(dir + '/'), url).toBe(true);
      expect(file?.path).not.toBe(join(temp.dir, 'secret.txt'));
    }
  });
});

describe('external links', () => {
  it('opens only https pages of the payment providers', () => {
    for (const url of ['https://checkout.tabby.ai/?sessionId=1', 'https://checkout.tamara.co/x', 'https://dashboard.stripe.com/', 'https://paymennt.com/']) expect(isAllowedExternalUrl(url), url).toBe(true);
    for (const url of ['http://checkout.tabby.ai/', 'https://evil-tabby.ai/', 'https://tabby.ai.evil.example/', 'https://user@checkout.tabby.ai/', 'https://checkout.tabby.ai:8443/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('update setting', () => {
  it('is off by default and turned on by the settings row or PAYDESK_UPDATES', () => {
    const temp = makeTempDir('paydesk-updates');
    const db = openDatabase(join(temp.dir, 'paydesk.db'));
    cleanup = () => {
      db.close();
      temp.cleanup();
    };
    expect(readUpdateSettings(db, {})).toEqual({ enabled: false, channel: 'latest' });
    expect(readUpdateSettings(db, { PAYDESK_UPDATES: 'on' }).enabled).toBe(true);
    putSetting(db, UPDATES_SETTING_KEY, JSON.stringify({ enabled: true, channel: 'beta' }));
    expect(readUpdateSettings(db, {})).toEqual({ enabled: true, channel: 'beta' });
    expect(readUpdateSettings(db, { PAYDESK_UPDATES: 'off' }).enabled).toBe(false);
  });
});
