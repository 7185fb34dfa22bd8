import type { ProviderSimulator } from './core';

// Placeholder until the paymennt simulator lands; it registers no routes.
export const paymenntSimulator: ProviderSimulator = {
  id: 'paymennt',
  register() {},
  async onCustomerAction() {},
};
