import { findViolations } from './boundaries.mjs';

const violations = findViolations(process.cwd());
if (violations.length) {
  for (const v of violations) console.error(`${v.file}: imports "${v.spec}" — ${v.why}`);
  console.error(`\n${violations.length} boundary violation(s).`);
  process.exit(1);
}
console.log('boundaries: ok');
