import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGatewayDemoData } from '../../sandbox/gateways/index';
import { startGatewayTestbed, type GatewayTestbed } from './testkit';
import { GATEWAY_ADAPTERS } from './index';
import { runGatewaySync } from '../../sync/gatewaySync';
import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';

// Demo mode: the seeded day reads back through the real adapters like a store's real day would.

describe('gateway demo day', () => {
  let bed: GatewayTestbed;
  beforeAll(async () => {
    bed = await startGatewayTestbed('stripe');
  });
  afterAll(() => bed.close());

  it('seeds a deterministic day of Stripe and Moyasar payments, some matched to PayDesk orders', async () => {
    const now = new Date();
    expect(seedGatewayDemoData(bed.sandbox.ctx, now)).toEqual({ stripe: 18, moyasar: 14 });
    seedGatewayDemoData(bed.sandbox.ctx, now); // again: same ids, nothing doubles
    for (const [gateway, count] of [['stripe', 18], ['moyasar', 14]] as const) {
      const ctx = { ...bed.gatewayCtx(), baseUrl: `${bed.sandbox.url}/sandbox/${gateway}`, credentials: SANDBOX_CREDENTIALS[gateway] };
      const result = await runGatewaySync({ adapter: GATEWAY_ADAPTERS[gateway], ctx, since: new Date(now.getTime() - 24 * 3600_000), until: now, overlapMs: 0, nonTerminalIds: [] });
      expect(result.errors).toEqual([]);
      expect(result.payments).toHaveLength(count);
      expect(result.payments.some((p) => p.reference?.startsWith('POS-'))).toBe(true);
      expect(result.payments.some((p) => p.reference === undefined)).toBe(true);
      expect(new Set(result.payments.map((p) => p.status)).size).toBeGreaterThan(3);
    }
  });
});
