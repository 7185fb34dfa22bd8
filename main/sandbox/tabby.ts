import type { ProviderSimulator } from './core';

// Placeholder until the tabby simulator lands; it registers no routes.
export const tabbySimulator: ProviderSimulator = {
  id: 'tabby',
  register() {},
  async onCustomerAction() {},
};
