// `npm run bench [-- --quick]`: builds PayDesk and the bench, then runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await build({
  entryPoints: ['bench/bench.ts'],
  outfile: 'dist/bench/bench.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __pdRequire } from 'node:module'; const require = __pdRequire(import.meta.url);" },
});
const run = spawnSync(process.execPath, ['dist/bench/bench.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
