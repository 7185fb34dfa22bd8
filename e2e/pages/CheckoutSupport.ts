import type { Page, TestInfo } from '@playwright/test';
import type { AppInfoView } from '../../shared/views';
import type { LaunchableServer } from './openPayDesk';
import { SignInPage } from './SignInPage';

/** A server a spec can open and call the bridge of from outside the browser (its launch cookie). */
export interface BridgeServer extends LaunchableServer {
  bridgeCookie: string;
}

// Small helpers the checkout specs share: sign-in, the browser print dialog, calls as the signed-in cashier.

/** In headless Chromium window.print() has no dialog; count the calls instead so a spec can assert them. */
export async function countPrintCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { __prints: number }).__prints = 0;
    window.print = () => {
      (window as unknown as { __prints: number }).__prints += 1;
    };
  });
}

export function printCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __prints: number }).__prints);
}

export async function signInAsCashier(page: Page, server: LaunchableServer): Promise<void> {
  const signIn = new SignInPage(page);
  await signIn.open(server);
  await signIn.signIn('1111');
  await page.getByTestId('checkout').waitFor();
}

/** A contract method called with the page's own staff session (what the renderer itself would send). */
export async function callAsCashier<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, body]) => {
      const res = await fetch(`/bridge/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paydesk-session': sessionStorage.getItem('paydesk.session') ?? '' },
        body: JSON.stringify(body),
      });
      const result = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    },
    [method, input] as const,
  ) as Promise<T>;
}

/** A manager's call straight to the bridge (settings), without touching the cashier's tab. */
export async function callAsManager<T>(server: BridgeServer, method: string, input: unknown): Promise<T> {
  const signIn = (await (
    await fetch(`${server.url}/bridge/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: server.bridgeCookie }, body: JSON.stringify({ pin: '9999' }) })
  ).json()) as {
    value: { token: string };
  };
  const res = await fetch(`${server.url}/bridge/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: server.bridgeCookie, 'x-paydesk-session': signIn.value.token },
    body: JSON.stringify(input),
  });
  const result = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

export async function storeInfo(server: BridgeServer): Promise<AppInfoView['store']> {
  const res = await fetch(`${server.url}/bridge/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: server.bridgeCookie }, body: '{}' });
  return ((await res.json()) as { value: AppInfoView }).value.store;
}

/** What time (or the customer) does at the provider, through the sandbox control API. */
export async function sandboxAction(baseUrl: string, provider: string, sessionId: string, action: 'approve' | 'decline' | 'expire' | 'cancel'): Promise<void> {
  const res = await fetch(`${baseUrl}/sandbox/_control/${provider}/sessions/${encodeURIComponent(sessionId)}/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`sandbox ${action} answered ${res.status}: ${await res.text()}`);
}

/** Numbered screenshots per test, kept as artifacts. */
export function stepShots(page: Page, testInfo: TestInfo) {
  let n = 0;
  return async (name: string) => {
    n += 1;
    await page.screenshot({ path: testInfo.outputPath(`${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}
