// Builds PayDesk: the main process and its headless entry (esbuild), the preload (CommonJS, as sandboxed
// preloads must be), and the renderer (Vite). `--main` builds only the Node side.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const mainOnly = process.argv.includes('--main');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: { serve: 'main/serve.ts', index: 'main/index.ts' },
  outdir: 'dist/main',
  format: 'esm',
  // Dependencies are bundled (start-up is dominated by resolving and loading many small modules);
  // only the native bindings (SQLite, Skia for receipt rasters) and Electron stay outside.
  external: ['better-sqlite3', '@napi-rs/canvas', 'electron', 'electron-updater'],
  // Whitespace and comments out: the bundle is then plain ASCII, which V8 keeps at one byte per character
  // (a single non-ASCII comment made it hold the whole 4 MB source as UTF-16). Names stay for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // Modules imported on demand (the store database client, receipt rasters…) load only when used.
  splitting: true,
  legalComments: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __pdRequire } from 'node:module'; const require = __pdRequire(import.meta.url);" },
});
await build({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', external: ['electron'] });
// The customer display window's own preload: its view feed and nothing else.
await build({ ...common, entryPoints: ['preload/display.ts'], outfile: 'dist/preload/display.cjs', format: 'cjs', external: ['electron'] });

if (!mainOnly) {
  const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
