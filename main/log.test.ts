import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, scrubText } from './log';
import { makeTempDir } from './testing/tempDir';

const temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});
function tempDir(): string {
  const t = makeTempDir('paydesk-log');
  temps.push(t);
  return t.dir;
}

function readLines(dir: string): Array<Record<string, unknown>> {
  return readFileSync(join(dir, 'paydesk.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('scrubText', () => {
  it('removes phone numbers, authorization credentials and secret query parameters, and keeps the rest', () => {
    const text = scrubText(
      'SMS to +966 50 000 0001 and 0500000002 failed; Authorization: Bearer pdk_abcdefgh12345 url /launch?token=s3cr3t&lang=ar amount 150.00 at 2026-12-01T08:00:00Z',
    );
    expect(text).not.toMatch(/0001|0500000002|pdk_abcdefgh12345|s3cr3t/);
    expect(text).toContain('lang=ar');
    expect(text).toContain('amount 150.00 at 2026-12-01T08:00:00Z');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with secrets blanked in fields, messages and errors', async () => {
    const dir = tempDir();
    const { log, close } = createLogger({ dir, stderr: false, level: 'debug' });
    log.info({ buyer_phone: '0500000003', order: { pin: '1111', api_key: 'k_live_1', amount: '10.00' } }, 'paylink created for 966500000004');
    log.error({ err: new Error('provider said: {"phone_number":"+966500000005","access_token":"abc"}') }, 'create failed');
    log.debug({ headers: { authorization: 'Bearer pdk_zzzzzzzzzz', cookie: 'paydesk_bridge=xyz' } }, 'debug line');
    await close();
    const raw = readFileSync(join(dir, 'paydesk.log'), 'utf8');
    for (const secret of ['0500000003', '1111', 'k_live_1', '966500000004', '966500000005', '"abc"', 'pdk_zzzzzzzzzz', 'xyz']) expect(raw).not.toContain(secret);
    const lines = readLines(dir);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'paylink created for [phone]', order: { amount: '10.00', pin: '[redacted]' } });
    expect(lines[1]).toMatchObject({ level: 50, err: { type: 'Error', message: expect.stringContaining('provider said') } });
  });

  it('keeps the files under their cap however much is logged', async () => {
    const dir = tempDir();
    const { log, close } = createLogger({ dir, stderr: false, fileSize: '16K', rotatedFiles: 2 });
    for (let i = 0; i < 3_000; i++) log.info({ i, filler: 'x'.repeat(100) }, 'a busy day at the till');
    await close();
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['paydesk.log', 'paydesk.log.1', 'paydesk.log.2']);
    const sizes = files.map((f) => statSync(join(dir, f)).size);
    // Rotation happens once a write crosses the size, so a file may exceed it by part of one write.
    for (const size of sizes) expect(size).toBeLessThanOrEqual(16 * 1024 + 4 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3 * 20 * 1024);
    // The newest lines survive rotation.
    expect(readLines(dir).at(-1)).toMatchObject({ i: 2_999 });
  });

  it('respects the level', async () => {
    const dir = tempDir();
    const { log, close } = createLogger({ dir, stderr: false, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    await close();
    expect(readLines(dir).map((l) => l.msg)).toEqual(['shown']);
  });
});
