#!/usr/bin/env node
// A throwaway PostgreSQL cluster on a loopback port, for the store-database tests, the bench and the demo.
// `node scripts/pg-test-server.mjs` starts (or reuses) the shared one and prints `PAYDESK_STORE_DATABASE_URL=…`;
// `--stop` stops it. Tests import startPostgresCluster()/sharedTestPostgres() from this file.
// PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (runuser).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them from the OS packages: ' +
  '`sudo apt-get install -y postgresql` (Debian/Ubuntu), `brew install postgresql@15` (macOS), or set PAYDESK_PG_BIN to their folder.';

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin() {
  // PAYDESK_PG_BIN names the one folder to use (and lets a test see how a machine without PostgreSQL is told).
  const named = process.env.PAYDESK_PG_BIN?.trim();
  if (named) return existsSync(join(named, 'initdb')) && existsSync(join(named, 'pg_ctl')) ? named : undefined;
  const candidates = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin', '/usr/local/bin', '/opt/homebrew/bin', '/usr/bin'];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  return undefined;
}

export class PostgresMissingError extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = userInfo().uid === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function runPg(bin, tool, args, opts = {}) {
  const file = join(bin, tool);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  if (result.status !== 0 && !opts.allowFailure) throw new Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result;
}

/**
 * Starts a cluster in `dir` (initdb on first use), trust auth on 127.0.0.1 only, on `port` (else a free one,
 * remembered in the folder). Returns its URL and stop/start for outage tests.
 */
export async function startPostgresCluster({ dir, port, fast = true } = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new PostgresMissingError(INSTALL_HINT);
  const dataDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const pgUser = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const pgGroup = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(pgUser), Number(pgGroup));
  }
  chmodSync(dir, 0o700);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    runPg(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], { cwd: tmpdir() });
  }
  const portFile = join(dir, 'port');
  const chosen = port ?? (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : await freePort());
  writeFileSync(portFile, String(chosen));
  const options = [`-p ${chosen}`, "-c listen_addresses=127.0.0.1", `-c unix_socket_directories=${dir}`, '-c max_connections=200'];
  // Throwaway test data: no fsync (the machine does not crash under a test), but commits still reach the WAL
  // before COMMIT answers, so a server stopped at once keeps what it confirmed. The bench passes fast:false.
  if (fast) options.push('-c fsync=off', '-c full_page_writes=off');
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${chosen}/postgres`,
    port: chosen,
    dataDir,
    running() {
      return runPg(bin, 'pg_ctl', ['status', '-D', dataDir], { allowFailure: true, cwd: tmpdir() }).status === 0;
    },
    start() {
      if (cluster.running()) return;
      runPg(bin, 'pg_ctl', ['start', '-w', '-t', '30', '-D', dataDir, '-l', join(dir, 'server.log'), '-o', options.join(' ')], { cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe'] });
    },
    /** Stops the server at once (open connections are cut), like a crash or a pulled cable. */
    stop() {
      if (!cluster.running()) return;
      runPg(bin, 'pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir], { cwd: tmpdir() });
    },
    /** Stops the server and deletes its folder. */
    destroy() {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    /** A fresh, empty database on this server; returns its URL. */
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/[^a-z0-9_]/g, '_')}"`);
      } finally {
        await client.end();
      }
      return cluster.url.replace(/\/postgres$/, `/${name.replace(/[^a-z0-9_]/g, '_')}`);
    },
  };
  cluster.start();
  return cluster;
}

const SHARED_DIR = join(tmpdir(), `paydesk-pg-test-${userInfo().uid}`);

/** The shared test server (one per machine user), started on first use; concurrent callers wait for one another. */
export async function sharedTestPostgres() {
  const lock = `${SHARED_DIR}.lock`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await startPostgresCluster({ dir: SHARED_DIR });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// Run as a command (not when imported, nor when bundled into the bench).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && /pg-test-server\.mjs$/.test(process.argv[1])) {
  try {
    if (process.argv.includes('--stop')) {
      if (existsSync(SHARED_DIR)) (await startPostgresCluster({ dir: SHARED_DIR })).destroy();
      console.log('PayDesk test PostgreSQL stopped');
    } else {
      const cluster = await sharedTestPostgres();
      console.log(`PAYDESK_STORE_DATABASE_URL=${cluster.url}`);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
