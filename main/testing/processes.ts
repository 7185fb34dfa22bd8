import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Builds the Node side once (esbuild, ~1 s) so process-level tests run the real `npm run serve` entry. */
export function buildMain(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--main'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build of main failed');
}

export interface Spawned {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Spawns a built entry and waits for its listening line. */
export function spawnListening(args: string[], env: Record<string, string>, pattern: RegExp, timeoutMs = 20_000): Promise<Spawned> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no listening line in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

export function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}
