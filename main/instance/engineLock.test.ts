import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, spawnListening, waitForExit, type Spawned } from '../testing/processes';
import { makeTempDir } from '../testing/tempDir';
import { EngineAlreadyRunningError, acquireEngineLock } from './engineLock';

const LISTENING = /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)/;
const temps: Array<{ cleanup(): void }> = [];
const children: Spawned[] = [];

function tempDir(): string {
  const temp = makeTempDir('paydesk-lock');
  temps.push(temp);
  return temp.dir;
}

afterEach(async () => {
  for (const spawned of children.splice(0)) {
    spawned.child.kill('SIGKILL');
    await waitForExit(spawned.child);
  }
  for (const temp of temps.splice(0)) temp.cleanup();
});

describe('engine lock, in one process', () => {
  it('refuses a second holder naming the first, and is free again once released', () => {
    const dir = tempDir();
    const first = acquireEngineLock(dir, 4242, () => new Date('2026-12-01T08:00:00Z'));
    first.setUrl('http://127.0.0.1:4780');
    let refusal: unknown;
    try {
      acquireEngineLock(dir, 4343);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(EngineAlreadyRunningError);
    expect((refusal as Error).message).toContain('pid 4242, http://127.0.0.1:4780');
    expect((refusal as Error).message).toContain('PAYDESK_DATA_DIR');
    first.release();
    expect(existsSync(join(dir, 'engine.json'))).toBe(false);
    const second = acquireEngineLock(dir, 4343);
    expect(JSON.parse(readFileSync(join(dir, 'engine.json'), 'utf8'))).toMatchObject({ pid: 4343 });
    second.release();
  });
});

describe('engine lock, real `npm run serve` processes', () => {
  beforeAll(() => buildMain(), 60_000);

  const serveEnv = (dir: string) => ({ PAYDESK_DATA_DIR: dir, PAYDESK_PORT: '0', PAYDESK_MODE: 'demo', PAYDESK_API_TOKEN: 'lock_test_token' });

  it('a second engine on a running one\'s data folder exits at once, naming it; after a SIGKILL a new one starts', async () => {
    const dir = tempDir();
    const first = await spawnListening(['dist/main/serve.js'], serveEnv(dir), LISTENING);
    children.push(first);

    const startedAt = Date.now();
    const second = spawn(process.execPath, ['dist/main/serve.js'], { env: { ...process.env, ...serveEnv(dir) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    second.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    second.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exitCode = await new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    expect(exitCode).not.toBe(0);
    expect(exitCode).not.toBeNull();
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(stdout).not.toMatch(LISTENING);
    expect(stderr).toContain(`PayDesk is already running on the data folder ${dir}`);
    expect(stderr).toContain(`pid ${first.child.pid}, ${first.url}`);
    // The first engine is untouched.
    expect((await fetch(`${first.url}/api/v1/providers`, { headers: { authorization: 'Bearer lock_test_token' } })).status).toBe(200);

    // The OS drops the lock with the process, however it dies.
    first.child.kill('SIGKILL');
    await waitForExit(first.child);
    const third = await spawnListening(['dist/main/serve.js'], serveEnv(dir), LISTENING);
    children.push(third);
    expect((await fetch(`${third.url}/api/v1/providers`, { headers: { authorization: 'Bearer lock_test_token' } })).status).toBe(200);
    expect(JSON.parse(readFileSync(join(dir, 'engine.json'), 'utf8'))).toMatchObject({ pid: third.child.pid, url: third.url });
  }, 60_000);
});
