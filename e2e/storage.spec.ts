import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from './fixtures';
import { signInAs } from './pages/ManagerPages';
import { PayDeskApi } from './pages/PayDeskApi';

// The till's data disk fills up mid-shift: the header says so on every screen, a sale is refused before the
// provider hears of it, and once there is room the header clears and the next sale goes through — no restart.
// The data folder sits on a small tmpfs of its own (mounting needs root; skipped with the reason otherwise).

const freeBytes = (dir: string) => Number(statfsSync(dir).bavail) * Number(statfsSync(dir).bsize);

test('a full data disk shows in the header, refuses the sale, and clears by itself', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const mountPoint = mkdtempSync(join(tmpdir(), 'paydesk-e2e-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (err) {
    rmSync(mountPoint, { recursive: true, force: true });
    test.skip(true, `mounting a tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const dataDir = join(mountPoint, 'data');
  mkdirSync(dataDir);
  const server = await startServe({ PAYDESK_DATA_DIR: dataDir });
  const api = new PayDeskApi(server);
  const filler = join(mountPoint, 'filler');
  try {
    await signInAs(page, server, '1111');
    const storage = page.getByTestId('storage-status');
    await expect(page.getByTestId('sync-indicator')).toBeVisible();
    await expect(storage).toHaveCount(0);

    writeFileSync(filler, '');
    const chunk = Buffer.alloc(256 * 1024, 1);
    while (freeBytes(mountPoint) > 2 * 1024 * 1024 + chunk.length) appendFileSync(filler, chunk);

    await expect(storage).toHaveAttribute('data-state', 'full', { timeout: 15_000 });
    await expect(storage).toContainText('Disk full');
    const refused = await fetch(`${server.url}/api/v1/providers/paylinks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiToken}` },
      body: JSON.stringify({ provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'E2E-DISK-1', amount: '10.00', currency: 'SAR' }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('storage_full');
    await page.screenshot({ path: testInfo.outputPath('01-disk-full-header.png') });

    rmSync(filler);
    await expect(storage).toHaveCount(0, { timeout: 15_000 });
    await api.sell('tabby', 'E2E-DISK-2', '10.00');
  } finally {
    await page.context().close();
    await server.stop();
    execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
