import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';
import { makeTempDir } from '../testing/tempDir';

const mode = (path: string) => statSync(path).mode & 0o777;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe.skipIf(process.platform === 'win32')('data folder modes', () => {
  it('makes a fresh data folder 0700 and its database, WAL, key and token files 0600', async () => {
    const temp = makeTempDir('paydesk-modes');
    cleanup = temp.cleanup;
    const dataDir = join(temp.dir, 'fresh');
    const pd = await startTestPayDesk({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['paydesk.db', 'paydesk.db-wal', 'paydesk.db-shm', 'credentials.key']) expect(mode(join(dataDir, file)), file).toBe(0o600);
    } finally {
      await pd.close();
    }
  });

  it('fixes an existing install left 0755 / 0644 on the next start, and leaves other files alone', async () => {
    const temp = makeTempDir('paydesk-modes');
    cleanup = temp.cleanup;
    const dataDir = join(temp.dir, 'old');
    const first = await startTestPayDesk({ dataDir });
    await first.close();
    chmodSync(dataDir, 0o755);
    for (const file of ['paydesk.db', 'credentials.key']) chmodSync(join(dataDir, file), 0o644);
    writeFileSync(join(dataDir, 'api-token'), 'pdk_x\n', { mode: 0o644 });
    writeFileSync(join(dataDir, 'notes.txt'), 'not ours', { mode: 0o644 });
    mkdirSync(join(dataDir, 'receipts'), { mode: 0o755 });

    const second = await startTestPayDesk({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['paydesk.db', 'paydesk.db-wal', 'paydesk.db-shm', 'credentials.key', 'api-token']) expect(mode(join(dataDir, file)), file).toBe(0o600);
      expect(mode(join(dataDir, 'notes.txt'))).toBe(0o644);
    } finally {
      await second.close();
    }
  });
});
