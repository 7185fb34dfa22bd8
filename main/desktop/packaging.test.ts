import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run dist` packages with electron-builder.config.cjs; these checks read that configuration the way
// electron-builder does (its own schema), and the fuse wire of a packaged binary where one has been built.

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const loadConfig = (env: Record<string, string> = {}) => {
  const path = require.resolve(join(root, 'electron-builder.config.cjs'));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    delete require.cache[path];
    return require(path) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  }
};

describe('packaging configuration', () => {
  it('flips every fuse that lets a local process run code as PayDesk', () => {
    expect(loadConfig().electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it("passes electron-builder's own schema (so a misspelt fuse or option fails here, not at release)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(loadConfig(), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loadConfig(), electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow();
  });

  it('packs into an asar, rebuilds the native module for Electron and unpacks it', () => {
    const config = loadConfig();
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('takes signing and the update feed from the environment only', () => {
    const plain = loadConfig();
    expect(plain.forceCodeSigning).toBe(false);
    expect(plain.publish).toBeNull();
    expect(JSON.stringify(plain)).not.toMatch(/password|secret|BEGIN/i);
    const release = loadConfig({ PAYDESK_REQUIRE_SIGNING: '1', PAYDESK_UPDATE_URL: 'https://updates.paydesk.example/pos', APPLE_TEAM_ID: 'TEAM1', PAYDESK_WIN_PUBLISHER: 'PayDesk Ltd' });
    expect(release.forceCodeSigning).toBe(true);
    expect(release.publish).toEqual([{ provider: 'generic', url: 'https://updates.paydesk.example/pos', channel: 'latest' }]);
    expect(release.mac.notarize).toBe(true);
    expect(release.win.signtoolOptions.publisherName).toEqual(['PayDesk Ltd']);
  });

  // A packaged binary exists only where `npm run dist` ran (it needs the Electron download).
  const unpacked = existsSync(join(root, 'release')) ? readdirSync(join(root, 'release')).find((d) => d.endsWith('-unpacked')) : undefined;
  it.skipIf(!unpacked)('has the fuses flipped in the packaged binary', async () => {
    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
    const FuseState = { DISABLE: 48, ENABLE: 49 }; // the wire's ASCII '0' and '1'
    const dir = join(root, 'release', unpacked!);
    const binary = readdirSync(dir).map((f) => join(dir, f)).find((f) => /paydesk(\.exe)?$/i.test(f))!;
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});
