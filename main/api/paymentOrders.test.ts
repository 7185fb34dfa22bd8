import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

// Seed 000's request, verbatim.
const SEED_CREATE = {
  providers: ['tabby', 'tamara', 'mispay'],
  order: {
    total_amount: 149.5,
    currency: 'SAR',
    line_items: [
      { sku: 'SKU-001', name: 'Item A', qty: 1, price: 99.5 },
      { sku: 'SKU-002', name: 'Item B', qty: 1, price: 50.0 },
    ],
  },
};

const createOrder = (body: unknown, headers?: Record<string, string>) => pd.api('POST', '/api/v1/payments/orders', { body, ...(headers ? { headers } : {}) });

describe('POST /api/v1/payments/orders', () => {
  it('answers the seed example with the seed response (MisPay is left out: 149.50 SAR is under its 200 SAR minimum)', async () => {
    const res = await createOrder(SEED_CREATE);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'message', 'success']);
    expect(Object.keys(res.body.data).sort()).toEqual(['accepted_gateways', 'active_gateway', 'app_slug', 'execute_endpoint', 'execute_method', 'next_action', 'order_id']);
    expect(res.body).toEqual({
      success: true,
      message: 'payment order created and pending gateway execution',
      data: {
        order_id: expect.stringMatching(/^r[0-9a-f]{16}$/),
        accepted_gateways: ['tabby', 'tamara'],
        active_gateway: 'tabby',
        app_slug: 'tabby-pos-paylinks',
        execute_endpoint: '/api/v2/checkout',
        execute_method: 'POST',
        next_action: 'execute_or_send_payment_link',
      },
    });
  });

  it('ignores unknown provider strings, keeps the caller order, and routes gateway-sync providers to a scheduled sync', async () => {
    const res = await createOrder({ ...SEED_CREATE, providers: ['klarna', 'Stripe', 'tabby', 'stripe', ''] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      accepted_gateways: ['stripe', 'tabby'],
      active_gateway: 'stripe',
      app_slug: 'stripe-payments',
      execute_endpoint: '/v1/payment_intents',
      execute_method: 'GET',
      next_action: 'schedule_gateway_sync',
    });
    const events = await pd.api('GET', `/api/v1/payments/orders/${res.body.data.order_id}/events`);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['created', 'gateway_sync_scheduled']);
  });

  it('records running the mapped integration on the order timeline', async () => {
    const res = await createOrder(SEED_CREATE);
    const events = await pd.api('GET', `/api/v1/payments/orders/${res.body.data.order_id}/events`);
    expect(events.body.events[1]).toMatchObject({
      type: 'gateway_execution_pending',
      data: { provider: 'tabby', org_app_id: 'app_tabby_sandbox', app_slug: 'tabby-pos-paylinks', execute_endpoint: '/api/v2/checkout', next_action: 'execute_or_send_payment_link' },
    });
  });

  it('answers the old requested_platforms field with 400 field_renamed that names providers', async () => {
    const { providers, ...rest } = SEED_CREATE;
    const res = await createOrder({ ...rest, requested_platforms: providers });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe('field_renamed');
    expect(res.body.error.message).toMatch(/requested_platforms.*renamed.*providers/);
  });

  it('refuses an order no listed provider can take with 400 no_supported_provider', async () => {
    for (const providers of [['klarna', 'affirm'], ['mispay']]) {
      const res = await createOrder({ ...SEED_CREATE, providers });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('no_supported_provider');
    }
  });

  it('refuses line items that do not add up to total_amount (qty × price)', async () => {
    const res = await createOrder({
      providers: ['tabby'],
      order: { total_amount: '150.00', currency: 'SAR', line_items: [{ sku: 'A', name: 'A', qty: 2, price: '74.50' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('amount_mismatch');
    expect(res.body.error.message).toContain('149.00');
    const ok = await createOrder({ providers: ['tabby'], order: { total_amount: '149.00', currency: 'SAR', line_items: [{ sku: 'A', name: 'A', qty: 2, price: '74.50' }] } });
    expect(ok.status).toBe(201);
  });

  it('rejects amounts with more decimals than the currency allows instead of rounding', async () => {
    const total = await createOrder({ providers: ['tabby'], order: { total_amount: 149.505, currency: 'SAR', line_items: [{ name: 'A', qty: 1, price: 149.505 }] } });
    expect(total.status).toBe(400);
    expect(total.body.error).toMatchObject({ code: 'invalid_amount', message: expect.stringMatching(/3 decimals.*SAR allows at most 2/) });
    const price = await createOrder({ providers: ['tabby'], order: { total_amount: '10.00', currency: 'SAR', line_items: [{ name: 'A', qty: 1, price: '9.999' }] } });
    expect(price.status).toBe(400);
    expect(price.body.error.details.field).toBe('order.line_items.0.price');
  });

  it('answers malformed orders with 400 and a path to the bad field, writing nothing', async () => {
    const cases: unknown[] = [
      {},
      { providers: 'tabby', order: SEED_CREATE.order },
      { providers: ['tabby'] },
      { providers: ['tabby'], order: { ...SEED_CREATE.order, line_items: [] } },
      { providers: ['tabby'], order: { ...SEED_CREATE.order, currency: 'XYZ' } },
      { providers: ['tabby'], order: { ...SEED_CREATE.order, line_items: [{ name: 'A', qty: 0.5, price: 1 }] } },
    ];
    const before = (pd.db.prepare('SELECT count(*) AS n FROM payment_orders').get() as { n: number }).n;
    for (const body of cases) {
      const res = await createOrder(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toMatch(/^(validation_failed|unsupported_currency)$/);
    }
    expect((pd.db.prepare('SELECT count(*) AS n FROM payment_orders').get() as { n: number }).n).toBe(before);
  });

  it('returns the same order for the same Idempotency-Key and refuses the key with another body', async () => {
    const first = await createOrder(SEED_CREATE, { 'idempotency-key': 'order-key-1' });
    const again = await createOrder(SEED_CREATE, { 'idempotency-key': 'order-key-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await createOrder({ ...SEED_CREATE, providers: ['tamara'] }, { 'idempotency-key': 'order-key-1' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('needs the bearer API token', async () => {
    const res = await pd.api('POST', '/api/v1/payments/orders', { body: SEED_CREATE, token: null });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v1/payments/orders/{id}', () => {
  it('returns the order.snapshot envelope with a normalized order and no vendor payloads', async () => {
    const created = await createOrder(SEED_CREATE);
    const id = created.body.data.order_id;
    const res = await pd.api('GET', `/api/v1/payments/orders/${id}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['event_id', 'event_type', 'occurred_at', 'order', 'source', 'spec_version']);
    expect(res.body).toMatchObject({ spec_version: '1.0', event_type: 'order.snapshot', source: 'paydesk', event_id: expect.stringContaining(id) });
    expect(Date.parse(res.body.occurred_at)).not.toBeNaN();
    const order = res.body.order;
    expect(order).toMatchObject({
      order_id: id,
      status: 'pending',
      currency: 'SAR',
      totals: { subtotal: '149.50', tax: '0.00', total: '149.50', total_minor: 14950 },
      providers: { accepted_gateways: ['tabby', 'tamara'], active_gateway: 'tabby', confirmed_provider: null },
      routing: { app_slug: 'tabby-pos-paylinks', execute_endpoint: '/api/v2/checkout', execute_method: 'POST', next_action: 'execute_or_send_payment_link' },
      dispatch: null,
      shipping: null,
    });
    expect(order.line_items).toEqual([
      { sku: 'SKU-001', name: 'Item A', qty: 1, unit_price: '99.50', unit_price_minor: 9950, total: '99.50', total_minor: 9950 },
      { sku: 'SKU-002', name: 'Item B', qty: 1, unit_price: '50.00', unit_price_minor: 5000, total: '50.00', total_minor: 5000 },
    ]);
    expect(res.text).not.toMatch(/request_hash|idempotency_key|vendor|raw/);
  });

  it('answers 404 with a code for an unknown order', async () => {
    const res = await pd.api('GET', '/api/v1/payments/orders/r0000000000000000');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('POST /api/v1/payments/orders/{id}/confirm', () => {
  it('answers the seed example with the seed response and completes the order', async () => {
    const id = (await createOrder(SEED_CREATE)).body.data.order_id;
    const res = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: { provider: 'tabby' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'payment confirmed and captured',
      data: {
        order_id: id,
        provider: 'tabby',
        status: 'completed',
        confirmed_app: 'tabby-pos-paylinks',
        confirm_endpoint: '/api/v1/payments/{payment_id}/captures',
        confirm_method: 'POST',
        requires_qr_sms: true,
      },
    });
    const snapshot = await pd.api('GET', `/api/v1/payments/orders/${id}`);
    expect(snapshot.body.order).toMatchObject({ status: 'completed', providers: { confirmed_provider: 'tabby' }, confirmed_at: expect.any(String) });
  });

  it('is idempotent: confirming again returns the same result; another provider afterwards is a 409', async () => {
    const id = (await createOrder(SEED_CREATE)).body.data.order_id;
    const first = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: { provider: 'tamara' } });
    const again = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: { provider: 'tamara' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.data).toMatchObject({ confirmed_app: 'tamara-pos-paylinks', confirm_endpoint: '/payments/capture', requires_qr_sms: true });
    const events = await pd.api('GET', `/api/v1/payments/orders/${id}/events`);
    expect(events.body.events.filter((e: { type: string }) => e.type === 'confirmed')).toHaveLength(1);
    const other = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: { provider: 'tabby' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
  });

  it('refuses a provider the order did not accept, and answers 404 for an unknown order', async () => {
    const id = (await createOrder(SEED_CREATE)).body.data.order_id;
    const notAccepted = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: { provider: 'mispay' } });
    expect(notAccepted.status).toBe(400);
    expect(notAccepted.body.error).toMatchObject({ code: 'provider_not_accepted', details: { accepted_gateways: ['tabby', 'tamara'] } });
    const missing = await pd.api('POST', `/api/v1/payments/orders/${id}/confirm`, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    const unknown = await pd.api('POST', '/api/v1/payments/orders/r0000000000000000/confirm', { body: { provider: 'tabby' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});
