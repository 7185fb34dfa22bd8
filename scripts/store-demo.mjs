#!/usr/bin/env node
// `npm run demo:store`: a store with two tills on this machine. Starts a local PostgreSQL server (a throwaway
// cluster under the temp folder, or the one PAYDESK_STORE_DATABASE_URL names), builds PayDesk if needed, and
// runs till A and till B (`npm run serve` each, own data folder) against it. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, startPostgresCluster } from './pg-test-server.mjs';

const root = join(import.meta.dirname, '..');
const demoDir = join(tmpdir(), 'paydesk-store-demo');
const ports = { a: process.env.PAYDESK_DEMO_PORT_A ?? '4781', b: process.env.PAYDESK_DEMO_PORT_B ?? '4782' };

let url = process.env.PAYDESK_STORE_DATABASE_URL?.trim();
let cluster;
if (!url) {
  if (!findPostgresBin()) {
    console.error(
      'The two-till demo needs a local PostgreSQL server, and none is installed.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y postgresql\n' +
        '  macOS:         brew install postgresql@15\n' +
        'or point PAYDESK_STORE_DATABASE_URL at a PostgreSQL server you already have.',
    );
    process.exit(1);
  }
  cluster = await startPostgresCluster({ dir: join(tmpdir(), 'paydesk-store-demo-pg'), fast: false });
  url = cluster.url;
}

if (!existsSync(join(root, 'dist/main/serve.js')) || !existsSync(join(root, 'dist/renderer/index.html'))) {
  console.log('Building PayDesk…');
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const tills = [];
for (const [key, name] of [['a', 'Till A'], ['b', 'Till B']]) {
  const dataDir = join(demoDir, `till-${key}`);
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [join(root, 'dist/main/serve.js')], {
    cwd: root,
    env: { ...process.env, PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: ports[key], PAYDESK_MODE: 'demo', PAYDESK_STORE_DATABASE_URL: url, PAYDESK_TILL_ID: `till-${key}`, PAYDESK_TILL_NAME: name },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`[${name}] ${line}`);
  });
  child.on('exit', (code) => {
    console.log(`[${name}] stopped (${code ?? 'signal'})`);
    if (!stopping) stop(1);
  });
  tills.push(child);
}
console.log(`Store database: ${url.replace(/\/\/[^@/]*@/, '//…@')}`);
console.log('Sign in on either till with the demo PINs (cashier 1111, manager 9999); a sale on one shows in the other\'s Paylinks view.');

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of tills) child.kill('SIGTERM');
  setTimeout(() => {
    cluster?.stop();
    process.exit(code);
  }, 1500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
