import { parseAmountToMinor, type Currency } from '../../../shared/money';
import { PAYLINK_PROVIDER_IDS } from '../../../shared/providers';
import type { OrgAppView, ProviderView } from '../../../shared/views';

// Which providers the cashier may offer for this cart, and why the others are greyed out.
// Pure, so the rules are tested without a browser.

export type UnavailableReason =
  | { code: 'not_installed' }
  | { code: 'currency'; currency: Currency }
  | { code: 'amount_bounds'; min: string; max: string; currency: Currency }
  | { code: 'empty_cart' };

export interface ProviderChoice {
  provider: ProviderView;
  orgAppId: string | null;
  unavailable: UnavailableReason | null;
  /** SMS checkout: the customer's mobile is needed before the link can be created. */
  needsPhone: boolean;
}

/** A live app wins over a sandbox one when both are installed. */
function appFor(providerId: string, apps: readonly OrgAppView[]): OrgAppView | undefined {
  const mine = apps.filter((a) => a.provider === providerId && a.enabled !== false);
  return mine.find((a) => a.environment === 'live') ?? mine[0];
}

function unavailableReason(provider: ProviderView, app: OrgAppView | undefined, currency: Currency, totalMinor: number): UnavailableReason | null {
  if (!app) return { code: 'not_installed' };
  if (!provider.currencies.includes(currency)) return { code: 'currency', currency };
  if (totalMinor <= 0) return { code: 'empty_cart' };
  const bounds = provider.amount_bounds?.[currency];
  if (bounds && (totalMinor < parseAmountToMinor(bounds.min, currency) || totalMinor > parseAmountToMinor(bounds.max, currency))) {
    return { code: 'amount_bounds', min: bounds.min, max: bounds.max, currency };
  }
  return null;
}

export function providerChoices(providers: readonly ProviderView[], apps: readonly OrgAppView[], currency: Currency, totalMinor: number): ProviderChoice[] {
  const order = (id: string) => (PAYLINK_PROVIDER_IDS as readonly string[]).indexOf(id);
  return providers
    .filter((p) => p.checkout !== null && order(p.id) >= 0)
    .sort((a, b) => order(a.id) - order(b.id))
    .map((provider) => {
      const app = appFor(provider.id, apps);
      return { provider, orgAppId: app?.id ?? null, unavailable: unavailableReason(provider, app, currency, totalMinor), needsPhone: provider.checkout === 'sms' };
    });
}
