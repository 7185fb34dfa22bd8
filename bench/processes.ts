import { spawn, type ChildProcess } from 'node:child_process';

// Every server the bench starts is ended when the bench ends, however it ends (a failed figure, an
// exception, Ctrl+C): a failed run must not leave `dist/main/serve.js` running behind it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** Starts a built PayDesk entry and resolves with its URL once it prints its listening line. */
export function startListening(args: string[], env: Record<string, string>, pattern: RegExp, timeoutMs = 20_000): Promise<{ url: string; child: ChildProcess; elapsedMs: number }> {
  const started = performance.now();
  // A lone till unless the figure asks for a store: a store database in the caller's environment would
  // share its catalog (and the last run's products) with every figure's fresh till.
  const { PAYDESK_STORE_DATABASE_URL: _store, ...inherited } = process.env;
  const child = spawn(process.execPath, args, { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no listening line within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        // From here on the server's output is drained unread: the bench must not spend CPU on the log lines
        // of the requests it is timing (re-scanning a growing string on each line took a core at the worst moment).
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        output = '';
        resolve({ url: match[1], child, elapsedMs: performance.now() - started });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
