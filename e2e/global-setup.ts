import { spawnSync } from 'node:child_process';

/** Builds main + renderer once so every spec runs the real `npm run serve` output. */
export default function globalSetup(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed; see the output above');
}
