/** Types for scripts/electron-setup.mjs (used by npm start, its tests and the Electron spec). */
export declare function findElectron(requireElectron?: () => string): string | undefined;
export declare function installedElectron(root: string): string | undefined;
export declare function electronVersion(root: string): string;
export declare function electronSqlitePaths(root: string, version: string): { dir: string; pkg: string; binding: string };
export declare function ensureElectronSqlite(
  root: string,
  version: string,
  rebuild: (opts: { buildPath: string; electronVersion: string; onlyModules: string[]; force: boolean }) => Promise<void>,
): Promise<string>;
export declare const NO_ELECTRON_MESSAGE: string;
