import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGatewayPayment } from '../store/gatewayPayments';
import { startGatewayPayDesk, type GatewayPayDesk } from '../testing/gatewayBed';

// Gateway notifications over real HTTP: the sandbox signs and sends them to POST /api/v1/webhooks/{gateway}.

let pd: GatewayPayDesk;
beforeAll(async () => {
  pd = await startGatewayPayDesk();
});
afterAll(() => pd.close());

const recent = () => new Date(Date.now() - 10_000).toISOString();

describe('gateway webhooks', () => {
  it('refuses a notification with a bad signature or token with 401 and stores nothing', async () => {
    const [stripe] = await pd.seed('stripe', [{ id: 'pi_hook_forged', status: 'succeeded', amount_minor: 5_000, created_at: recent() }]);
    const [moyasar] = await pd.seed('moyasar', [{ id: '44444444-0000-4000-8000-000000000001', status: 'paid', amount_minor: 5_000, created_at: recent() }]);
    expect((await pd.sandboxWebhook('stripe', stripe!.id, true)).delivered_status).toBe(401);
    expect((await pd.sandboxWebhook('moyasar', moyasar!.id, true)).delivered_status).toBe(401);
    expect(getGatewayPayment(pd.db, 'stripe', stripe!.id)).toBeUndefined();
    expect(getGatewayPayment(pd.db, 'moyasar', moyasar!.id)).toBeUndefined();
  });

  it('stores the payment as the gateway API reports it after a verified notification', async () => {
    const [payment] = await pd.seed('moyasar', [{ id: '44444444-0000-4000-8000-000000000002', status: 'authorized', amount_minor: 8_800, created_at: recent() }]);
    const before = (await pd.stats('moyasar')).api_requests;
    expect((await pd.sandboxWebhook('moyasar', payment!.id)).delivered_status).toBe(200);
    expect((await pd.stats('moyasar')).api_requests).toBe(before + 1); // the re-fetch
    expect(getGatewayPayment(pd.db, 'moyasar', payment!.id)).toMatchObject({ status: 'authorized', amount_minor: 8_800, org_app_id: 'app_moyasar_sandbox' });

    await pd.patch('moyasar', payment!.id, { status: 'captured' });
    expect((await pd.sandboxWebhook('moyasar', payment!.id)).delivered_status).toBe(200);
    expect(getGatewayPayment(pd.db, 'moyasar', payment!.id)?.status).toBe('captured');
  });

  it('never takes the body at its word: a signed event claiming another amount and status stores what the API says', async () => {
    await pd.seed('stripe', [{ id: 'pi_hook_held', status: 'requires_capture', amount_minor: 12_000, created_at: recent() }]);
    const res = await pd.postStripeEvent({ id: 'evt_claims_paid', type: 'payment_intent.succeeded', data: { object: { id: 'pi_hook_held', object: 'payment_intent', status: 'succeeded', amount: 1 } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 'applied', gateway_id: 'pi_hook_held' });
    expect(getGatewayPayment(pd.db, 'stripe', 'pi_hook_held')).toMatchObject({ status: 'authorized', gateway_status: 'requires_capture', amount_minor: 12_000 });
  });

  it('applies a repeated notification once', async () => {
    await pd.seed('stripe', [{ id: 'pi_hook_twice', status: 'succeeded', amount_minor: 3_300, created_at: recent() }]);
    const event = { id: 'evt_delivered_twice', type: 'payment_intent.succeeded', data: { object: { id: 'pi_hook_twice', object: 'payment_intent', status: 'succeeded' } } };
    const before = (await pd.stats('stripe')).api_requests;
    const first = await pd.postStripeEvent(event);
    const second = await pd.postStripeEvent(event);
    expect(first.body.status).toBe('applied');
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('duplicate');
    expect((await pd.stats('stripe')).api_requests).toBe(before + 1);
    expect(pd.db.prepare(`SELECT COUNT(*) AS n FROM webhook_receipts WHERE provider = 'stripe' AND dedupe_key = ?`).get('evt_delivered_twice')).toEqual({ n: 1 });
  });

  it('keeps a notification it could not re-check open for the gateway to send again', async () => {
    const event = { id: 'evt_before_payment', type: 'payment_intent.succeeded', data: { object: { id: 'pi_hook_not_yet', object: 'payment_intent' } } };
    const early = await pd.postStripeEvent(event);
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(getGatewayPayment(pd.db, 'stripe', 'pi_hook_not_yet')).toBeUndefined();
    await pd.seed('stripe', [{ id: 'pi_hook_not_yet', status: 'succeeded', amount_minor: 2_000, created_at: recent() }]);
    const retried = await pd.postStripeEvent(event);
    expect(retried.body.status).toBe('applied');
    expect(getGatewayPayment(pd.db, 'stripe', 'pi_hook_not_yet')?.status).toBe('captured');
  });

  it('takes HyperPay ciphertext posted as text/plain on the webhook route only', async () => {
    const [payment] = await pd.seed('hyperpay', [{ id: '8ac7a4a1hyperpay0001', amount_minor: 9_200, created_at: recent(), reference: 'POS-HP-0001' }]);
    expect((await pd.sandboxWebhook('hyperpay', payment!.id, true)).delivered_status).toBe(401);
    expect((await pd.sandboxWebhook('hyperpay', payment!.id)).delivered_status).toBe(200);
    expect(getGatewayPayment(pd.db, 'hyperpay', payment!.id)).toMatchObject({ amount_minor: 9_200, reference: 'POS-HP-0001' });

    for (const type of ['text/plain', 'application/octet-stream']) {
      const elsewhere = await pd.api('POST', '/api/v1/org-apps', { raw: 'ABCDEF', headers: { 'content-type': type } });
      expect(elsewhere.status).toBe(415);
      expect(elsewhere.body.error.code).toBe('unsupported_media_type');
    }
  });
});
