import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirFor } from './config';

describe('demo data is kept apart from live data', () => {
  const base = mkdtempSync(join(tmpdir(), 'paydesk-appdata-'));
  afterEach(() => rmSync(join(base, 'paydesk.db'), { force: true }));

  it('puts demo mode in a demo folder and live mode in the app-data folder', () => {
    expect(dataDirFor('demo', base)).toBe(join(base, 'demo'));
    expect(dataDirFor('live', base)).toBe(base);
  });

  it('starts a new machine in the demo folder, and keeps an existing install where it is', () => {
    expect(dataDirFor(undefined, base)).toBe(join(base, 'demo'));
    writeFileSync(join(base, 'paydesk.db'), '');
    expect(dataDirFor(undefined, base)).toBe(base);
    expect(dataDirFor('demo', base)).toBe(join(base, 'demo')); // named demo mode never touches it
  });
});
