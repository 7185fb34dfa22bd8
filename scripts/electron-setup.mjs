// What `npm start` needs before the Electron window can open: the Electron binary (fetched when missing)
// and better-sqlite3 built for Electron's ABI. Node keeps its own build in node_modules; the Electron build
// goes to .electron-native/<electron version>/ and the Electron main loads it via PAYDESK_SQLITE_BINDING.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron binary's path; requiring `electron` downloads the binary first when it is missing. */
export function findElectron(requireElectron = () => require('electron')) {
  try {
    return requireElectron();
  } catch {
    return undefined;
  }
}

/**
 * The Electron binary's path when it is already on this machine, else undefined; never downloads.
 * Tests use it to decide whether an Electron spec can run (requiring `electron` would try a download).
 */
export function installedElectron(root) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || 'electron');
  if (!relative) return undefined;
  const binary = join(pkg, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

export function electronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

export function electronSqlitePaths(root, version) {
  const dir = join(root, '.electron-native', version);
  const pkg = join(dir, 'node_modules', 'better-sqlite3');
  return { dir, pkg, binding: join(pkg, 'build', 'Release', 'better_sqlite3.node') };
}

/**
 * Builds better-sqlite3 for this Electron once (a copy of the package, rebuilt with @electron/rebuild) and
 * answers the .node file's path. `rebuild` is @electron/rebuild's function.
 */
export async function ensureElectronSqlite(root, version, rebuild) {
  const paths = electronSqlitePaths(root, version);
  if (existsSync(paths.binding)) return paths.binding;
  const source = join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(join(paths.dir, 'package.json'), `${JSON.stringify({ name: 'paydesk-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`);
  cpSync(source, paths.pkg, { recursive: true, filter: (src) => !src.startsWith(join(source, 'build')) });
  await rebuild({ buildPath: paths.dir, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  if (!existsSync(paths.binding)) throw new Error(`better-sqlite3 was rebuilt for Electron ${version}, but ${paths.binding} is missing.`);
  return paths.binding;
}

export const NO_ELECTRON_MESSAGE = [
  'PayDesk: the Electron binary is not installed on this machine and could not be downloaded, so the',
  'desktop window cannot open. Run PayDesk in your browser instead:',
  '',
  '    npm run serve',
  '',
  'then open the link it prints (Open PayDesk: http://127.0.0.1:<port>/launch?token=…).',
  'On a machine that can reach the Electron download, `npm start` fetches the binary itself.',
].join('\n');
