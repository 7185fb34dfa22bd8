// `npm run bench [-- --quick]`: builds PayDesk and the bench, then runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { findChromium, noChromiumMessage } from './chromium.mjs';

// The browser figures need Chromium: say so at once, before building or starting anything.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if ((!only || ['click', 'scan', 'display'].includes(only)) && !findChromium()) {
  console.error(`npm run bench: ${noChromiumMessage()}\n(Figures without a browser: npm run bench -- --only=create, drain, day, cold or memory)`);
  process.exit(1);
}

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
const run = spawnSync(process.execPath, ['dist/bench/bench.js', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PAYDESK_CHROMIUM: findChromium() ?? '' } });
process.exit(run.status ?? 1);
