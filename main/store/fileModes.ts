import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the PIN pepper and hashes, the credential key and the API token: only the user
 * who runs PayDesk may read it. Applied on every start, so an install made before this rule is fixed too.
 * (On Windows these modes mean little; the folder sits in the user's own profile.)
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Creates the folder (and an empty database file) with owner-only modes and tightens what is already there. */
export function secureDataDir(dataDir: string, databaseFile = 'paydesk.db'): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  try {
    chmodSync(dataDir, DATA_DIR_MODE);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EPERM') throw new Error(`The data folder ${dataDir} belongs to another user, so PayDesk cannot keep it private. Set PAYDESK_DATA_DIR to a folder of your own.`);
    throw err;
  }
  // SQLite gives the -wal and -shm files the database file's mode, so the database is created 0600 first.
  const db = join(dataDir, databaseFile);
  if (!existsSync(db)) closeSync(openSync(db, 'a', DATA_FILE_MODE));
  tightenFiles(dataDir);
}

/** PayDesk's own files in the data folder; a folder shared with other files keeps theirs untouched. */
const OWN_FILE = /^(paydesk\.db(-wal|-shm|-journal)?|engine\.lock|engine\.json|credentials\.key|api-token|.*\.log(\.\d+)?)$/;

/** PayDesk's files directly in the data folder (database, WAL, shared memory, key, token, logs) to 0600. */
export function tightenFiles(dataDir: string): void {
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile() && OWN_FILE.test(entry.name)) chmodSync(join(dataDir, entry.name), DATA_FILE_MODE);
  }
}
