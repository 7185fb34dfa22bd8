import { spawn } from 'node:child_process';

/**
 * `npm run serve` opens its launch link in the default browser when a person is at the terminal (stdout is
 * a TTY, not CI) unless PAYDESK_OPEN_BROWSER=0. Scripts and tests read the printed line instead.
 */
export function shouldOpenBrowser(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.PAYDESK_OPEN_BROWSER === '0' || env.CI) return false;
  return env.PAYDESK_OPEN_BROWSER === '1' || isTty;
}

export function openerFor(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Best effort: no opener on this machine simply means the printed link is used. */
export function openInBrowser(url: string): void {
  const { command, args } = openerFor(process.platform, url);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // the printed line is enough
  }
}
