/**
 * What a browser does with the launch link, for code that calls the bridge without a browser (tests, the
 * chaos run, the bench): opens the link and keeps the bridge cookie it sets, as a Cookie header value.
 */
export async function launchCookie(launchUrl: string): Promise<string> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  const pair = setCookie?.split(';')[0];
  if (res.status !== 303 || !pair) throw new Error(`the launch link answered ${res.status} without a bridge cookie`);
  return pair;
}

/** The launch URL for a server started with a known PAYDESK_LAUNCH_TOKEN. */
export function launchUrlOf(baseUrl: string, launchToken: string): string {
  return `${baseUrl}/launch?token=${encodeURIComponent(launchToken)}`;
}
