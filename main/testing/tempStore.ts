import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../store/db';
import { makeTempDir } from './tempDir';

/**
 * For store tests: real SQLite files, each test's in its own temp folder, closed and removed after the test.
 * Call once at the top of a test file.
 */
export function tempStores(label: string): { open(): { db: Db; file: string }; reopen(file: string): Db } {
  const dbs: Db[] = [];
  const dirs: ReturnType<typeof makeTempDir>[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });
  const track = (db: Db) => (dbs.push(db), db);
  return {
    open() {
      const dir = makeTempDir(label);
      dirs.push(dir);
      const file = join(dir.dir, 'paydesk.db');
      return { db: track(openDatabase(file)), file };
    },
    reopen: (file) => track(openDatabase(file)),
  };
}
