import { test as base } from '@playwright/test';
import { startServe, type PayDeskServer } from './fixtures';
import { PayDeskApi } from './pages/PayDeskApi';

/**
 * A PayDesk of the test's own (the worker's shared one holds other specs' sales): day totals, the end-of-day
 * report and the sync queue can then be asserted exactly, and a back-office outage touches no other test.
 */
export const test = base.extend<{ server: PayDeskServer; api: PayDeskApi }>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startServe();
    await use(server);
    await server.stop();
  },
  api: async ({ server }, use) => use(new PayDeskApi(server)),
  // The page depends on the server so its browser context closes first: PayDesk waits for open event
  // streams (SSE) before it exits, so stopping it under a live context hangs the teardown.
  page: async ({ page, server: _server }, use) => {
    await use(page);
    await page.context().close();
  },
});

export { expect } from '@playwright/test';
