import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchCookie } from '../main/testing/launch';

export interface PayDeskServer {
  url: string;
  /** The `Open PayDesk: …/launch?token=…` link the server printed; open it with openPayDesk(page, server). */
  launchUrl: string;
  launchToken: string;
  /** The bridge cookie (`name=value`) for calls made outside a browser. */
  bridgeCookie: string;
  apiToken: string;
  dataDir: string;
  process: ChildProcess;
}

/** Starts the built `npm run serve` entry with its own data dir and a free port; stops it with SIGTERM. */
export async function startServe(env: Record<string, string> = {}): Promise<PayDeskServer & { stop(): Promise<number | null> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-e2e-'));
  const apiToken = `e2e_${Math.random().toString(36).slice(2)}`;
  const launchToken = `e2e_launch_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, ['dist/main/serve.js'], {
    env: { ...process.env, PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_API_TOKEN: apiToken, PAYDESK_LAUNCH_TOKEN: launchToken, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const { url, launchUrl } = await new Promise<{ url: string; launchUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PayDesk did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PayDesk listening on (http:\/\/127\.0\.0\.1:\d+)\n(?:.*\n)*?Open PayDesk: (\S+)\n/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve({ url: match[1], launchUrl: match[2] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`PayDesk exited with ${code}:\n${output}`)));
  });
  return {
    url,
    launchUrl,
    launchToken,
    bridgeCookie: await launchCookie(launchUrl),
    apiToken,
    dataDir,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<object, { server: PayDeskServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServe();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
export { openPayDesk } from './pages/openPayDesk';
