import type { ProviderId } from '../../shared/providers';

/** Where each provider's API lives. Adapters append the provider's own paths (e.g. /api/v2/checkout). */
export const PROVIDER_BASE_URLS: Record<ProviderId, { live: string; sandbox: string }> = {
  tabby: { live: 'https://api.tabby.sa', sandbox: 'https://api.tabby.sa' },
  tamara: { live: 'https://api.tamara.co', sandbox: 'https://api-sandbox.tamara.co' },
  mispay: { live: 'https://api.mispay.co', sandbox: 'https://api-sandbox.mispay.dev' },
  paymennt: { live: 'https://api.paymennt.com', sandbox: 'https://api.test.paymennt.com' },
  stripe: { live: 'https://api.stripe.com', sandbox: 'https://api.stripe.com' },
  moyasar: { live: 'https://api.moyasar.com', sandbox: 'https://api.moyasar.com' },
  tap: { live: 'https://api.tap.company', sandbox: 'https://api.tap.company' },
  paypal: { live: 'https://api-m.paypal.com', sandbox: 'https://api-m.sandbox.paypal.com' },
  hyperpay: { live: 'https://eu-prod.oppwa.com', sandbox: 'https://eu-test.oppwa.com' },
  dinero: { live: 'https://checkout.dineropay.com', sandbox: 'https://checkout.dineropay.com' },
};
