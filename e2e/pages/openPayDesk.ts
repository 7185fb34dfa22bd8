import type { Page } from '@playwright/test';

/** What a spec needs to open the app: the server's address and the launch link it printed. */
export interface LaunchableServer {
  url: string;
  launchUrl: string;
}

/**
 * Opens PayDesk the way a person does: the launch link `npm run serve` printed, which sets the bridge
 * cookie and lands on the app. Every spec opens the app through this.
 */
export async function openPayDesk(page: Page, server: LaunchableServer): Promise<void> {
  await page.goto(server.launchUrl);
  await page.waitForURL(`${server.url}/`);
}
