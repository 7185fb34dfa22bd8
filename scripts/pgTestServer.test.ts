import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Where PostgreSQL is not installed the store-database tests must fail and say how to install it, never skip.

describe('scripts/pg-test-server.mjs', () => {
  it('without the PostgreSQL server binaries it exits non-zero and names the package to install', () => {
    const run = spawnSync(process.execPath, ['scripts/pg-test-server.mjs'], { env: { ...process.env, PAYDESK_PG_BIN: '/nonexistent/postgresql/bin' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PostgreSQL server binaries .* not found/);
    expect(run.stderr).toMatch(/apt-get install -y postgresql/);
  });

  it('with them it starts (or reuses) the shared throwaway server and prints its loopback URL', () => {
    const run = spawnSync(process.execPath, ['scripts/pg-test-server.mjs'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^PAYDESK_STORE_DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\n$/);
  });
});
