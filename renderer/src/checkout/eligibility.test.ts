import { describe, expect, it } from 'vitest';
import type { OrgAppView, ProviderView } from '../../../shared/views';
import { providerChoices } from './eligibility';

function provider(id: string, over: Partial<ProviderView> = {}): ProviderView {
  return { id: id as ProviderView['id'], name: id, description: '', type: 'bnpl', regions: '', app_slug: id, currencies: ['SAR'], checkout: 'qr', auto_capture: false, ...over };
}
function app(providerId: string, environment: OrgAppView['environment'] = 'sandbox'): OrgAppView {
  return { id: `app_${providerId}_${environment}`, provider: providerId, name: providerId, environment, base_url: '', settings: {}, credential_fields: [], created_at: '' };
}

const PROVIDERS = [
  provider('mispay', { amount_bounds: { SAR: { min: '200.00', max: '5000.00' } } }),
  provider('paymennt', { type: 'paylink', currencies: ['SAR', 'AED'] }),
  provider('stripe', { type: 'gateway_sync', checkout: null }),
  provider('tabby', { currencies: ['SAR', 'AED', 'KWD'] }),
  provider('tamara', { checkout: 'sms' }),
];
const ALL_APPS = ['mispay', 'paymennt', 'tabby', 'tamara', 'stripe'].map((p) => app(p));

describe('providerChoices', () => {
  it('lists only paylink providers, in the cashier order tabby, tamara, mispay, paymennt', () => {
    expect(providerChoices(PROVIDERS, ALL_APPS, 'SAR', 450_00).map((c) => c.provider.id)).toEqual(['tabby', 'tamara', 'mispay', 'paymennt']);
  });

  it('explains MisPay bounds below 200.00 and above 5000.00 SAR, and allows the edges', () => {
    const reason = (total: number) => providerChoices(PROVIDERS, ALL_APPS, 'SAR', total).find((c) => c.provider.id === 'mispay')?.unavailable;
    expect(reason(199_99)).toEqual({ code: 'amount_bounds', min: '200.00', max: '5000.00', currency: 'SAR' });
    expect(reason(5000_01)?.code).toBe('amount_bounds');
    expect(reason(200_00)).toBeNull();
    expect(reason(5000_00)).toBeNull();
  });

  it('says when a provider is not installed or does not take the currency', () => {
    const choices = providerChoices(PROVIDERS, [app('tabby')], 'AED', 100_00);
    expect(choices.find((c) => c.provider.id === 'tabby')?.unavailable).toBeNull();
    expect(choices.find((c) => c.provider.id === 'tamara')?.unavailable).toEqual({ code: 'not_installed' });
    const kwd = providerChoices(PROVIDERS, ALL_APPS, 'KWD', 100_000);
    expect(kwd.find((c) => c.provider.id === 'paymennt')?.unavailable).toEqual({ code: 'currency', currency: 'KWD' });
  });

  it('marks SMS providers as needing the phone and prefers a live app over a sandbox one', () => {
    const choices = providerChoices(PROVIDERS, [...ALL_APPS, app('tamara', 'live')], 'SAR', 100_00);
    const tamara = choices.find((c) => c.provider.id === 'tamara');
    expect(tamara?.needsPhone).toBe(true);
    expect(tamara?.orgAppId).toBe('app_tamara_live');
  });

  it('offers nothing for an empty cart', () => {
    expect(providerChoices(PROVIDERS, ALL_APPS, 'SAR', 0).every((c) => c.unavailable?.code === 'empty_cart')).toBe(true);
  });
});
