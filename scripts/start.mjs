// `npm start`: the Electron app. Fetches the Electron binary when it is missing, builds better-sqlite3 for
// Electron's ABI into .electron-native/ (plain Node keeps its own build), builds PayDesk, then starts it.
// Where the download cannot happen it stops at that first step and points to the browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { electronVersion, ensureElectronSqlite, findElectron, NO_ELECTRON_MESSAGE } from './electron-setup.mjs';

const root = process.cwd();
const binary = findElectron();
if (!binary) {
  console.error(NO_ELECTRON_MESSAGE);
  process.exit(1);
}

let binding;
try {
  const { rebuild } = await import('@electron/rebuild');
  binding = await ensureElectronSqlite(root, electronVersion(root), rebuild);
} catch (err) {
  console.error(`PayDesk: better-sqlite3 could not be built for Electron (${err instanceof Error ? err.message : String(err)}).`);
  console.error('It needs a C++ toolchain or a prebuilt binary download. Meanwhile run PayDesk in your browser: npm run serve');
  process.exit(1);
}

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, PAYDESK_SQLITE_BINDING: binding } });
child.on('exit', (code) => process.exit(code ?? 0));
