import type { ProviderSimulator } from './core';

// Placeholder until the tamara simulator lands; it registers no routes.
export const tamaraSimulator: ProviderSimulator = {
  id: 'tamara',
  register() {},
  async onCustomerAction() {},
};
