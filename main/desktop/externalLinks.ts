/**
 * Links the desktop app may hand to the system browser: https pages of the payment providers (a checkout
 * page, a merchant dashboard), nothing else. A host matches itself or a subdomain of a listed domain.
 */
export const EXTERNAL_LINK_DOMAINS = [
  'tabby.ai',
  'tabby.sa',
  'tamara.co',
  'mispay.co',
  'paymennt.com',
  'stripe.com',
  'moyasar.com',
  'tap.company',
  'paypal.com',
  'oppwa.com',
  'hyperpay.com',
  'dineropay.com',
] as const;

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || (u.port !== '' && u.port !== '443')) return false;
  const host = u.hostname.toLowerCase();
  return EXTERNAL_LINK_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}
