import { startPayDesk, type RunningPayDesk, type StartOptions } from '../app';
import type { PayDeskConfig } from '../config';
import { launchCookie } from './launch';
import { makeTempDir } from './tempDir';

export const TEST_API_TOKEN = 'test_api_token_for_paydesk';
export const TEST_LAUNCH_TOKEN = 'test_launch_token_for_paydesk';

/** A real PayDesk (engine + API + in-process sandbox) on a free port with its own data dir. */
export async function startTestPayDesk(overrides: Partial<PayDeskConfig> = {}, options: StartOptions = {}): Promise<RunningPayDesk & { dataDir: string; api: ApiClient; bridgeCookie: string }> {
  const temp = makeTempDir('paydesk-api');
  const running = await startPayDesk(
    { dataDir: temp.dir, port: 0, host: '127.0.0.1', apiToken: TEST_API_TOKEN, launchToken: TEST_LAUNCH_TOKEN, mode: 'demo', sandboxUrl: undefined, ...overrides },
    { backgroundIntervalMs: 200, logToStderr: false, ...options },
  );
  return {
    ...running,
    bridgeCookie: await launchCookie(running.launchUrl),
    dataDir: temp.dir,
    api: apiClient(running.url),
    async close() {
      await running.close();
      temp.cleanup();
    },
  };
}

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export type ApiClient = (method: string, path: string, opts?: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null }) => Promise<ApiResponse>;

/** Real HTTP to the local API with the test bearer token unless told otherwise. */
export function apiClient(base: string): ApiClient {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TEST_API_TOKEN}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  };
}
