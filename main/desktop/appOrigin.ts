import { extname, join, normalize, sep } from 'node:path';

/**
 * The desktop renderer is served from a custom privileged scheme, `paydesk://app/…`, instead of file://:
 * it has one exact origin to check navigation and IPC senders against, and no file:// privileges.
 * (Node's URL gives custom schemes an opaque origin, so the checks compare scheme and host.)
 */
export const APP_SCHEME = 'paydesk';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True only for the app's own pages: scheme, host and no user info, port or look-alike. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The file inside the renderer folder a `paydesk://app/…` request names, or undefined (outside it, or not the app). */
export function appFileFor(rendererDir: string, url: string): { path: string; type: string } | undefined {
  if (!isAppUrl(url)) return undefined;
  const u = parse(url)!;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  return { path, type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
