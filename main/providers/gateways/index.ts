import { AppError } from '../../../shared/errors';
import { isGatewayProvider, type GatewayProviderId } from '../../../shared/providers';
import { dineroAdapter } from './dinero';
import { hyperpayAdapter } from './hyperpay';
import { moyasarAdapter } from './moyasar';
import { paypalAdapter } from './paypal';
import { stripeAdapter } from './stripe';
import { tapAdapter } from './tap';
import type { GatewayAdapter } from './types';

// The gateway-sync adapters by provider id.

export const GATEWAY_ADAPTERS: Readonly<Record<GatewayProviderId, GatewayAdapter>> = {
  stripe: stripeAdapter,
  moyasar: moyasarAdapter,
  tap: tapAdapter,
  paypal: paypalAdapter,
  hyperpay: hyperpayAdapter,
  dinero: dineroAdapter,
};

export function getGatewayAdapter(id: string): GatewayAdapter {
  if (!isGatewayProvider(id)) throw new AppError('unknown_provider', `"${id}" is not a gateway-sync provider.`, { provider: id });
  return GATEWAY_ADAPTERS[id];
}

export type { GatewayAdapter, GatewayContext, GatewayPage, GatewayPayment, GatewayWebhookNotice, ListWindow, SkippedItem } from './types';
