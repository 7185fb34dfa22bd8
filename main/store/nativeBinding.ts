import type Database from 'better-sqlite3';

/**
 * better-sqlite3's compiled addon for this process. Under plain Node it is the one in node_modules; `npm start`
 * builds one for Electron's ABI into .electron-native/ and names it in PAYDESK_SQLITE_BINDING. A packaged app
 * has node_modules rebuilt for Electron by electron-builder and needs neither.
 */
export function sqliteOptions(extra: Database.Options = {}, env: NodeJS.ProcessEnv = process.env): Database.Options {
  const binding = env.PAYDESK_SQLITE_BINDING?.trim();
  return binding ? { ...extra, nativeBinding: binding } : extra;
}
