import type { ProviderSimulator } from './core';

// Placeholder until the mispay simulator lands; it registers no routes.
export const mispaySimulator: ProviderSimulator = {
  id: 'mispay',
  register() {},
  async onCustomerAction() {},
};
