import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../main/store/db';
import { makeTempDir } from '../main/testing/tempDir';
import { electronSqlitePaths, ensureElectronSqlite, installedElectron } from './electron-setup.mjs';

const root = join(import.meta.dirname, '..');
const hasElectronBinary = installedElectron(root) !== undefined;

describe('npm start', () => {
  it.skipIf(hasElectronBinary)('where the Electron binary cannot be fetched, stops at once and points to npm run serve', () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm run serve');
    expect(run.stderr).toContain('Electron binary');
    expect(run.stderr).not.toMatch(/allowScripts|package\.json/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('tells whether the Electron binary is on this machine without trying to download it', () => {
    const temp = makeTempDir('paydesk-electron-bin');
    const saved = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
    try {
      const pkg = join(temp.dir, 'node_modules', 'electron');
      mkdirSync(pkg, { recursive: true });
      expect(installedElectron(temp.dir)).toBeUndefined(); // never installed: no path.txt
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(installedElectron(temp.dir)).toBeUndefined(); // path.txt left behind, binary gone
      mkdirSync(join(pkg, 'dist'));
      writeFileSync(join(pkg, 'dist', 'electron'), '');
      expect(installedElectron(temp.dir)).toBe(join(pkg, 'dist', 'electron'));
      process.env.ELECTRON_OVERRIDE_DIST_PATH = '/opt/electron';
      expect(installedElectron(temp.dir)).toBe(join('/opt/electron', 'electron'));
    } finally {
      if (saved === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
      else process.env.ELECTRON_OVERRIDE_DIST_PATH = saved;
      temp.cleanup();
    }
  });

  it('builds better-sqlite3 for Electron into its own folder once, leaving Node’s build alone', async () => {
    const temp = makeTempDir('paydesk-start');
    try {
      const fakeRoot = temp.dir;
      // A project root with a better-sqlite3 package (its manifest and Node's own addon), as npm start sees it.
      const pkgDir = join(fakeRoot, 'node_modules', 'better-sqlite3');
      mkdirSync(join(pkgDir, 'build', 'Release'), { recursive: true });
      mkdirSync(join(pkgDir, 'lib'), { recursive: true });
      writeFileSync(join(pkgDir, 'package.json'), readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json')));
      writeFileSync(join(pkgDir, 'lib', 'index.js'), readFileSync(join(root, 'node_modules', 'better-sqlite3', 'lib', 'index.js')));
      writeFileSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'), readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
      const nodeBuild = readFileSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'));
      const calls: { buildPath: string; electronVersion: string; onlyModules: string[] }[] = [];
      // @electron/rebuild compiles against Electron's headers (a download); here it is replaced by a copy of
      // Node's addon so the wiring around it (folder, package.json, what is passed, what is answered) is real.
      const rebuild = async (opts: { buildPath: string; electronVersion: string; onlyModules: string[] }) => {
        calls.push(opts);
        const out = join(opts.buildPath, 'node_modules', 'better-sqlite3', 'build', 'Release');
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'better_sqlite3.node'), nodeBuild);
      };
      const binding = await ensureElectronSqlite(fakeRoot, '45.5.0', rebuild);
      const paths = electronSqlitePaths(fakeRoot, '45.5.0');
      expect(binding).toBe(paths.binding);
      expect(calls).toEqual([{ buildPath: paths.dir, electronVersion: '45.5.0', onlyModules: ['better-sqlite3'], force: true }]);
      expect(JSON.parse(readFileSync(join(paths.dir, 'package.json'), 'utf8')).dependencies['better-sqlite3']).toMatch(/^\d+\.\d+\.\d+$/);
      expect(existsSync(join(paths.pkg, 'package.json'))).toBe(true);
      expect(existsSync(join(paths.pkg, 'lib', 'index.js'))).toBe(true);
      expect(readFileSync(join(fakeRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toEqual(nodeBuild);
      await ensureElectronSqlite(fakeRoot, '45.5.0', rebuild);
      expect(calls).toHaveLength(1); // built once per Electron version
    } finally {
      temp.cleanup();
    }
  });

  it('the store opens its database with the addon named by PAYDESK_SQLITE_BINDING', () => {
    const temp = makeTempDir('paydesk-binding');
    const saved = process.env.PAYDESK_SQLITE_BINDING;
    try {
      process.env.PAYDESK_SQLITE_BINDING = join(temp.dir, 'missing.node');
      expect(() => openDatabase(join(temp.dir, 'a.db'))).toThrow();
      process.env.PAYDESK_SQLITE_BINDING = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      const db = openDatabase(join(temp.dir, 'b.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      if (saved === undefined) delete process.env.PAYDESK_SQLITE_BINDING;
      else process.env.PAYDESK_SQLITE_BINDING = saved;
      temp.cleanup();
    }
  });
});
