// `npm run serve` / `npm run sandbox`: builds what is missing or stale, then runs the headless entry in this process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const sources = Math.max(newestMtime('main'), newestMtime('shared'), newestMtime('preload'));
const needsMain = mtime('dist/main/serve.js') < sources;
const needsRenderer = mtime('dist/renderer/index.html') < Math.max(newestMtime('renderer'), newestMtime('shared'));
if (needsMain || needsRenderer) {
  console.error(`Building PayDesk (${[needsMain && 'main', needsRenderer && 'renderer'].filter(Boolean).join(' + ')})…`);
  const args = ['scripts/build.mjs', ...(needsRenderer ? [] : ['--main'])];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(pathToFileURL('dist/main/serve.js').href);
