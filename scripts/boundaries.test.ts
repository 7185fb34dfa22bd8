import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../main/testing/tempDir';
// @ts-expect-error plain ESM script without types
import { findViolations } from './boundaries.mjs';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function tree(files: Record<string, string>): string {
  const t = makeTempDir('paydesk-bounds');
  cleanup = t.cleanup;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(t.dir, path, '..'), { recursive: true });
    writeFileSync(join(t.dir, path), text);
  }
  return t.dir;
}

type Violation = { file: string; spec: string };

describe('runtime boundaries', () => {
  it('flags electron and node imports where they do not belong', () => {
    const root = tree({
      'shared/a.ts': "import { readFileSync } from 'node:fs';\nexport const x = 1;",
      'shared/b.ts': "import { app } from 'electron';",
      'renderer/src/c.tsx': "import { createEngine } from '../../main/engine';",
      'main/engine/d.ts': "const { ipcMain } = require('electron');",
      'main/store/e.ts': "export { x } from 'electron';",
      'main/index.ts': "import { app } from 'electron';",
      'shared/ok.ts': "import { z } from 'zod';",
    });
    const found = (findViolations(root) as Violation[]).map((v) => `${v.file} ${v.spec}`).sort();
    expect(found).toEqual(['main/engine/d.ts electron', 'main/store/e.ts electron', 'renderer/src/c.tsx ../../main/engine', 'shared/a.ts node:fs', 'shared/b.ts electron']);
  });

  it('keeps gateway simulators away from adapter code, but lets them read the contracts', () => {
    const root = tree({
      'main/sandbox/gateways/a.ts': "import { tapAdapter } from '../../providers/gateways/tap';",
      'main/sandbox/gateways/b.ts': "import { TapListBody } from '../../providers/contracts/tap';",
    });
    expect((findViolations(root) as Violation[]).map((v) => `${v.file} ${v.spec}`)).toEqual(['main/sandbox/gateways/a.ts ../../providers/gateways/tap']);
  });

  it('keeps paylink simulators away from adapter code too (the MisPay simulator has its own crypto)', () => {
    const root = tree({
      'main/sandbox/mispay-auth.ts': "import { encryptMispayPayload } from '../providers/mispay-crypto';",
      'main/sandbox/tabby.ts': "import { TABBY_WEBHOOK_HEADER } from '../providers/contracts/tabby';",
    });
    expect((findViolations(root) as Violation[]).map((v) => `${v.file} ${v.spec}`)).toEqual(['main/sandbox/mispay-auth.ts ../providers/mispay-crypto']);
  });

  it('passes on the real repository', () => {
    expect(findViolations(process.cwd())).toEqual([]);
  });
});
