// `npm start`: the Electron app. Where no Electron binary is installed (it is fetched separately and
// cannot be on every machine), say so and point to the browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron'); // resolves to the binary path, or throws when it was never downloaded
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    [
      'PayDesk: the Electron binary is not installed on this machine, so the desktop window cannot open.',
      'Run PayDesk in your browser instead:',
      '',
      '    npm run serve',
      '',
      'then open the address it prints (PayDesk listening on http://127.0.0.1:<port>).',
      'To get the desktop app where downloads are possible: set "electron": true under allowScripts in',
      'package.json and run `npm rebuild electron` (it fetches the Electron binary), then `npm start`.',
    ].join('\n'),
  );
  process.exit(1);
}
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
