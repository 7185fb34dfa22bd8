// `npm test`: typecheck, runtime boundaries, unit tests (Vitest), browser tests (Playwright in Chromium).
// Prints one closing line "tests: N passed, N failed, N skipped" and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { findChromium, noChromiumMessage } from './chromium.mjs';

const node = process.execPath;
const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, args) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(node, args, { stdio: 'inherit', env: process.env });
  console.log(`◀ ${label}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

// Without a browser the run would end in Playwright's stack trace many minutes in: say so before anything runs.
if (want('e2e') && !findChromium()) {
  console.error(`${noChromiumMessage()}\n(To run only what needs no browser: npm test -- typecheck boundaries unit)`);
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
const skipReasons = [];

if (want('typecheck')) run('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
if (want('boundaries')) run('runtime boundaries', ['scripts/check-boundaries.mjs']);

if (want('unit')) {
  run('unit tests (vitest)', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit-results.json']);
  if (existsSync('test-results/unit-results.json')) {
    const r = JSON.parse(readFileSync('test-results/unit-results.json', 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
}

if (want('e2e')) {
  run('browser tests (playwright)', ['node_modules/@playwright/test/cli.js', 'test']);
  if (existsSync('test-results/e2e-results.json')) {
    const s = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8')).stats ?? {};
    passed += s.expected ?? 0;
    failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
    skipped += s.skipped ?? 0;
    collectSkips(JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8')).suites ?? [], []);
  }
}

/** Each skipped browser test with the reason its spec gives (test.skip(condition, reason)). */
function collectSkips(suites, titles) {
  for (const suite of suites) {
    const path = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reason = [...(t.annotations ?? []), ...(t.results ?? []).flatMap((r) => r.annotations ?? [])].find((a) => a.type === 'skip')?.description;
        skipReasons.push({ test: [...path, spec.title].join(' › '), reason: reason ?? 'no reason given' });
      }
    }
    collectSkips(suite.suites ?? [], path);
  }
}

if (skipReasons.length) console.log(`\nSkipped:\n${skipReasons.map((s) => `  - ${s.test}: ${s.reason}`).join('\n')}`);
if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
if (failures.length && failed === 0) failed = failures.length;
const why = [...new Set(skipReasons.map((s) => s.reason))];
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped${why.length ? ` (${why.join('; ')})` : ''}`);
process.exit(failures.length ? 1 : 0);
