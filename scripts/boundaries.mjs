// Runtime boundaries (DESIGN §1): which folders may import what. Used by `npm run check:boundaries` and its test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/;
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export const RULES = [
  { folder: 'shared', forbid: (spec) => spec === 'electron' || NODE_BUILTINS.has(spec) || spec.includes('/main/') || spec.startsWith('../main'), why: 'shared/ runs in every host: no electron, no node:*, no main/' },
  { folder: 'renderer', forbid: (spec) => spec === 'electron' || NODE_BUILTINS.has(spec) || /(^|\/)main\//.test(spec), why: 'renderer/ reaches the engine only through the contract: no electron, no node:*, no main/' },
  { folder: 'preload', forbid: (spec) => NODE_BUILTINS.has(spec) || /(^|\/)main\//.test(spec) || /(^|\/)renderer\//.test(spec), why: 'preload/ only bridges electron and shared/' },
  ...['engine', 'store', 'sync', 'providers', 'api', 'sandbox', 'storedb'].map((sub) => ({
    folder: `main/${sub}`,
    forbid: (spec) => spec === 'electron' || spec.startsWith('electron/'),
    why: `main/${sub} runs under plain Node: no electron import`,
  })),
  {
    folder: 'main/sandbox/gateways',
    forbid: (spec) => /(^|\/)providers\//.test(spec) && !/(^|\/)providers\/contracts\//.test(spec),
    why: 'a gateway simulator is written from the contract: it may import main/providers/contracts/, never adapter code',
  },  {
    folder: 'main/sandbox',
    forbid: (spec) => /(^|\/)providers\//.test(spec) && !/(^|\/)providers\/contracts\//.test(spec),
    why: 'a provider simulator is written from the contract: it may import main/providers/contracts/, never adapter code',
  },
];

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (SOURCE.test(name)) yield path;
  }
}

export function findViolations(root) {
  const violations = [];
  for (const rule of RULES) {
    for (const file of walk(join(root, rule.folder))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
        const where = relative(root, file).split(sep).join('/');
        // Nested folders may match two rules (main/sandbox and main/sandbox/gateways): report an import once.
        if (spec && rule.forbid(spec) && !violations.some((v) => v.file === where && v.spec === spec)) violations.push({ file: where, spec, why: rule.why });
      }
    }
  }
  return violations;
}
