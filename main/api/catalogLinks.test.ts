import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_LINK_POLICY_KEY } from '../engine/catalogLinks';
import { getSetting, putSetting } from '../store/settings';
import { startTestPayDesk, type ApiResponse } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
let managerToken: string;
let cashierToken: string;

async function signIn(pin: string): Promise<string> {
  const res = await pd.api('POST', '/api/v1/auth/sessions', { body: { pin }, token: null });
  expect(res.status).toBe(201);
  return res.body.access_token as string;
}

beforeAll(async () => {
  pd = await startTestPayDesk();
  managerToken = await signIn('9999');
  cashierToken = await signIn('1111');
});
afterAll(() => pd.close());

/** Merchant routes: staff session as `Authorization: Token <access_token>`. */
const staff = (method: string, path: string, body?: unknown, token = managerToken): Promise<ApiResponse> =>
  pd.api(method, path, { token: null, headers: { authorization: `Token ${token}` }, ...(body === undefined ? {} : { body }) });
/** Public routes: no credentials at all. */
const publicApi = (method: string, path: string, body?: unknown): Promise<ApiResponse> => pd.api(method, path, { token: null, ...(body === undefined ? {} : { body }) });

// Demo catalog: prod_demo_1 Arabic coffee 65.00 SAR, prod_demo_5 mint tea 18.50 SAR, prod_demo_6 headphones 899.00 SAR, VAT 15 %.
const COFFEE_LINK = { name: 'Coffee bundle', products: [{ product_id: 'prod_demo_1', quantity: 2 }], currency: 'SAR' };

async function createLink(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await staff('POST', '/api/payment-links/', { ...COFFEE_LINK, ...overrides });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const start = (id: string, body: Record<string, unknown> = { first_name: 'Noura', last_name: 'Saleh', email: 'noura@example.com' }) =>
  publicApi('POST', `/api/payment-links/public/${id}/start/`, body);

function expectGone(res: ApiResponse, reason: string): void {
  expect(res.status).toBe(410);
  expect(res.body).toEqual({ success: false, error: { code: 'link_unavailable', message: expect.any(String), details: { reason } }, request_id: expect.any(String) });
}

describe('merchant auth (seed 004: staff session, never the API key)', () => {
  it('answers 401 without credentials or with a bad session, 403 with the bearer API token or an Api-Key', async () => {
    expect((await pd.api('GET', '/api/payment-links/', { token: null })).status).toBe(401);
    expect((await staff('GET', '/api/payment-links/', undefined, 'not-a-session')).status).toBe(401);
    const bearer = await pd.api('GET', '/api/payment-links/');
    expect(bearer.status).toBe(403);
    expect(bearer.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Token <access_token>') });
    const apiKey = await pd.api('POST', '/api/payment-links/', { token: null, headers: { authorization: 'Api-Key test_api_token_for_paydesk' }, body: COFFEE_LINK });
    expect(apiKey.status).toBe(403);
    expect((pd.db.prepare('SELECT count(*) AS n FROM catalog_links').get() as { n: number }).n).toBe(0);
  });

  it('lets a cashier read links but only a manager create, change or delete them', async () => {
    const link = await createLink();
    expect((await staff('GET', '/api/payment-links/', undefined, cashierToken)).status).toBe(200);
    expect((await staff('GET', `/api/payment-links/${link.id}/`, undefined, cashierToken)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/payment-links/', COFFEE_LINK],
      ['PATCH', `/api/payment-links/${link.id}/`, { name: 'Renamed by cashier' }],
      ['DELETE', `/api/payment-links/${link.id}/`, undefined],
    ] as const) {
      const res = await staff(method, path, body, cashierToken);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await staff('GET', `/api/payment-links/${link.id}/`)).body.name).toBe('Coffee bundle');
  });
});

describe('POST /api/payment-links/', () => {
  it('creates a link from the catalog snapshot with VAT per the pricing mode, the default provider and a public URL', async () => {
    const inclusive = await createLink({ max_uses: 10, metadata: { campaign: 'ramadan' } });
    expect(Object.keys(inclusive).sort()).toEqual(
      ['availability', 'created_at', 'created_by', 'currency', 'expires_at', 'id', 'is_active', 'max_uses', 'metadata', 'name', 'pricing_mode', 'products', 'provider', 'public_url', 'stats', 'subtotal', 'tax', 'total', 'total_minor', 'updated_at'].sort(),
    );
    expect(inclusive).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Coffee bundle',
      provider: 'paymennt',
      currency: 'SAR',
      pricing_mode: 'TAX_INCLUSIVE',
      total: '130.00',
      tax: '16.96',
      subtotal: '113.04',
      max_uses: 10,
      is_active: true,
      availability: 'available',
      metadata: { campaign: 'ramadan' },
      stats: { uses: 0, remaining_uses: 10, paid_count: 0, revenue: '0.00', revenue_minor: 0 },
      created_by: 'staff_manager_demo',
    });
    expect(inclusive.public_url).toBe(`/api/payment-links/public/${inclusive.id}/`);
    expect(inclusive.products).toEqual([
      { product_id: 'prod_demo_1', sku: 'COF-001', name_en: 'Arabic coffee beans 500 g', name_ar: 'بن عربي ٥٠٠ غ', quantity: 2, unit_price: '65.00', vat_rate: 0.15, line_subtotal: '113.04', line_tax: '16.96', line_total: '130.00', line_total_minor: 13000 },
    ]);
    const exclusive = await createLink({ pricing_mode: 'TAX_EXCLUSIVE', provider: 'tabby' });
    expect(exclusive).toMatchObject({ provider: 'tabby', pricing_mode: 'TAX_EXCLUSIVE', subtotal: '130.00', tax: '19.50', total: '149.50' });
  });

  it('defaults to USD (seed 004) and checks the currency against the store list and the products', async () => {
    const noCurrency = await staff('POST', '/api/payment-links/', { name: 'x', products: [{ product_id: 'prod_demo_1', quantity: 1 }] });
    expect(noCurrency.status).toBe(400);
    expect(noCurrency.body.error).toMatchObject({ code: 'unsupported_currency', message: expect.stringMatching(/priced in SAR.*USD link/) });
    for (const currency of ['AED', 'GBP', 'usd-']) {
      const res = await staff('POST', '/api/payment-links/', { ...COFFEE_LINK, currency });
      expect(res.status, currency).toBe(400);
      expect(res.body.error.code).toMatch(/unsupported_currency|validation_failed/);
    }
  });

  it('keeps totals inside the store bounds and the provider bounds', async () => {
    const tooBig = await staff('POST', '/api/payment-links/', { ...COFFEE_LINK, products: [{ product_id: 'prod_demo_6', quantity: 60 }] });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error).toMatchObject({ code: 'invalid_amount', details: { min: '1.00', max: '50000.00' } });
    const underMispayMinimum = await staff('POST', '/api/payment-links/', { ...COFFEE_LINK, provider: 'mispay' });
    expect(underMispayMinimum.status).toBe(400);
    expect(underMispayMinimum.body.error).toMatchObject({ code: 'invalid_amount', details: { min: '200.00' } });
    const saved = getSetting(pd.db, PAYMENT_LINK_POLICY_KEY)!;
    expect(JSON.parse(saved)).toMatchObject({ currencies: ['SAR', 'USD', 'EUR'], min_total: '1.00', max_total: '50000.00' });
    putSetting(pd.db, PAYMENT_LINK_POLICY_KEY, JSON.stringify({ ...JSON.parse(saved), min_total: '500.00' }));
    try {
      const tooSmall = await staff('POST', '/api/payment-links/', COFFEE_LINK);
      expect(tooSmall.status).toBe(400);
      expect(tooSmall.body.error.message).toMatch(/130\.00 SAR is outside the allowed 500\.00/);
    } finally {
      putSetting(pd.db, PAYMENT_LINK_POLICY_KEY, saved);
    }
  });

  it('refuses bad input with 400 and a message naming the field, writing nothing', async () => {
    const before = (pd.db.prepare('SELECT count(*) AS n FROM catalog_links').get() as { n: number }).n;
    const cases: [unknown, string][] = [
      [{ ...COFFEE_LINK, products: [{ product_id: 'prod_nope', quantity: 1 }] }, 'products.0.product_id'],
      [{ ...COFFEE_LINK, products: [{ product_id: 'prod_demo_1', quantity: 0 }] }, 'products.0.quantity'],
      [{ ...COFFEE_LINK, products: [] }, 'products'],
      [{ ...COFFEE_LINK, name: '' }, 'name'],
      [{ ...COFFEE_LINK, provider: 'stripe' }, 'provider'],
      [{ ...COFFEE_LINK, pricing_mode: 'GROSS' }, 'pricing_mode'],
      [{ ...COFFEE_LINK, expires_at: 'tomorrow' }, 'expires_at'],
      [{ ...COFFEE_LINK, expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
      [{ ...COFFEE_LINK, max_uses: 0 }, 'max_uses'],
    ];
    for (const [body, field] of cases) {
      const res = await staff('POST', '/api/payment-links/', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.message, field).toContain(field);
    }
    expect((pd.db.prepare('SELECT count(*) AS n FROM catalog_links').get() as { n: number }).n).toBe(before);
  });
});

describe('GET, PATCH and DELETE /api/payment-links/<uuid>/', () => {
  it('shows one link with its stats and answers 404 for an unknown id, with or without the trailing slash', async () => {
    const link = await createLink();
    const detail = await staff('GET', `/api/payment-links/${link.id}/`);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(link);
    expect((await staff('GET', `/api/payment-links/${link.id}`)).status).toBe(200);
    const unknown = await staff('GET', '/api/payment-links/00000000-0000-4000-8000-000000000000/');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('changes only name, is_active, expires_at, max_uses and metadata', async () => {
    const link = await createLink();
    const res = await staff('PATCH', `/api/payment-links/${link.id}/`, { name: 'Weekend coffee', is_active: false, max_uses: 3, metadata: { shelf: 'A2' }, expires_at: '2099-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Weekend coffee', is_active: false, availability: 'inactive', max_uses: 3, metadata: { shelf: 'A2' }, expires_at: '2099-01-01T00:00:00.000Z', total: '130.00' });
    for (const body of [{ currency: 'USD' }, { products: [{ product_id: 'prod_demo_6', quantity: 1 }] }, { total: '1.00', name: 'sneaky' }, { provider: 'tabby' }]) {
      const refused = await staff('PATCH', `/api/payment-links/${link.id}/`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('only name, is_active, expires_at, max_uses and metadata') });
    }
    const after = await staff('GET', `/api/payment-links/${link.id}/`);
    expect(after.body).toMatchObject({ name: 'Weekend coffee', currency: 'SAR', total: '130.00', provider: 'paymennt' });
    const cleared = await staff('PATCH', `/api/payment-links/${link.id}/`, { max_uses: null, expires_at: null });
    expect(cleared.body).toMatchObject({ max_uses: null, expires_at: null });
  });

  it('soft-deletes: the link leaves the list, answers 404 to staff and 410 to buyers, and stays in the database', async () => {
    const link = await createLink({ name: 'To delete' });
    const res = await staff('DELETE', `/api/payment-links/${link.id}/`);
    expect(res.status).toBe(204);
    expect((await staff('GET', `/api/payment-links/${link.id}/`)).status).toBe(404);
    expect((await staff('PATCH', `/api/payment-links/${link.id}/`, { name: 'x' })).status).toBe(404);
    expect((await staff('DELETE', `/api/payment-links/${link.id}/`)).status).toBe(404);
    const list = await staff('GET', '/api/payment-links/?limit=500');
    expect(list.body.payment_links.map((l: { id: string }) => l.id)).not.toContain(link.id);
    expectGone(await publicApi('GET', `/api/payment-links/public/${link.id}/`), 'deleted');
    expectGone(await start(link.id), 'deleted');
    expect(pd.db.prepare('SELECT deleted_at FROM catalog_links WHERE id = ?').get(link.id)).toEqual({ deleted_at: expect.any(Number) });
  });
});

describe('public preview and start', () => {
  it('previews a link without credentials: products snapshot, amounts and the store name, but no internal metadata', async () => {
    const link = await createLink({ metadata: { internal_label: 'secret-campaign' }, max_uses: 4 });
    const res = await publicApi('GET', `/api/payment-links/public/${link.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: link.id,
      name: 'Coffee bundle',
      org_name: 'PayDesk Demo Store',
      provider: 'paymennt',
      provider_name: 'paymennt',
      requires_phone: false,
      currency: 'SAR',
      total: '130.00',
      tax: '16.96',
      remaining_uses: 4,
      products: link.products,
    });
    expect(res.text).not.toContain('secret-campaign');
    expect((await publicApi('GET', '/api/payment-links/public/00000000-0000-4000-8000-000000000000/')).status).toBe(404);
  });

  it('starts a hosted checkout at the link provider and returns its checkout URL and token', async () => {
    const link = await createLink();
    const res = await start(link.id, { first_name: 'Noura', email: 'noura@example.com', currency: 'SAR', success_url: 'https://shop.example/thanks' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ link_id: link.id, provider: 'paymennt', status: 'created', amount: '130.00', currency: 'SAR', checkout_url: expect.stringMatching(/^https?:\/\//) });
    expect(res.body.token).toBe(res.body.paylink_id);
    const paylink = await pd.api('GET', `/api/v1/providers/paylinks/${res.body.paylink_id}`);
    expect(paylink.body).toMatchObject({ amount: '130.00', org_app_id: 'app_paymennt_sandbox', buyer_name: 'Noura', items: [{ name: 'Arabic coffee beans 500 g', quantity: 2, unit_price: '65.00' }] });
    const wrongCurrency = await start(link.id, { currency: 'USD' });
    expect(wrongCurrency.status).toBe(400);
    expect(wrongCurrency.body.error.code).toBe('unsupported_currency');
  });

  it('needs a phone for an SMS provider, before holding a use', async () => {
    const link = await createLink({ provider: 'tamara', max_uses: 1 });
    const res = await start(link.id, { first_name: 'Noura' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('phone');
    const ok = await start(link.id, { first_name: 'Noura', phone: '0500000001' });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.provider).toBe('tamara');
  });

  it('answers 410 when the link is inactive, and again 200 once it is switched back on', async () => {
    const link = await createLink();
    await staff('PATCH', `/api/payment-links/${link.id}/`, { is_active: false });
    expectGone(await publicApi('GET', `/api/payment-links/public/${link.id}/`), 'inactive');
    expectGone(await start(link.id), 'inactive');
    await staff('PATCH', `/api/payment-links/${link.id}/`, { is_active: true });
    expect((await publicApi('GET', `/api/payment-links/public/${link.id}/`)).status).toBe(200);
  });

  it('answers 410 once the link has expired (by time, or ended now by a manager)', async () => {
    const soon = await createLink({ expires_at: new Date(Date.now() + 1_000).toISOString() });
    expect((await publicApi('GET', `/api/payment-links/public/${soon.id}/`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expectGone(await publicApi('GET', `/api/payment-links/public/${soon.id}/`), 'expired');
    expectGone(await start(soon.id), 'expired');
    expect((await staff('GET', `/api/payment-links/${soon.id}/`)).body.availability).toBe('expired');
    const ended = await createLink();
    await staff('PATCH', `/api/payment-links/${ended.id}/`, { expires_at: new Date(Date.now() - 1_000).toISOString() });
    expectGone(await start(ended.id), 'expired');
  });

  it('answers 410 once max_uses checkouts were started', async () => {
    const link = await createLink({ max_uses: 1 });
    expect((await start(link.id)).status).toBe(201);
    expectGone(await start(link.id), 'used_up');
    expectGone(await publicApi('GET', `/api/payment-links/public/${link.id}/`), 'used_up');
    expect((await staff('GET', `/api/payment-links/${link.id}/`)).body).toMatchObject({ availability: 'used_up', stats: { uses: 1, remaining_uses: 0 } });
  });

  it('holds max_uses: 5 under 20 concurrent starts — exactly 5 succeed and 15 get 410', async () => {
    const link = await createLink({ max_uses: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => start(link.id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 410)).toHaveLength(15);
    for (const r of results.filter((x) => x.status === 410)) expect(r.body.error.details.reason).toBe('used_up');
    const paylinks = pd.db.prepare(`SELECT count(*) AS n FROM catalog_link_uses WHERE link_id = ? AND paylink_id IS NOT NULL`).get(link.id) as { n: number };
    expect(paylinks.n).toBe(5);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.paylink_id)).size).toBe(5);
  });

  it('releases the held use when the provider call fails, and frees a use whose checkout was cancelled', async () => {
    const link = await createLink({ max_uses: 1 });
    await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'paymennt', error_rate: 1 }) });
    try {
      const failed = await start(link.id);
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.body.error.code).toMatch(/^provider_/);
    } finally {
      await fetch(`${pd.url}/sandbox/_control/faults`, { method: 'DELETE' });
    }
    const ok = await start(link.id);
    expect(ok.status, ok.text).toBe(201);
    expectGone(await start(link.id), 'used_up');
    const cancelled = await pd.api('POST', `/api/v1/providers/paylinks/${ok.body.paylink_id}/cancel`, { body: {} });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await start(link.id)).status).toBe(201);
  });
});

describe('stats and payments after a paylink is captured', () => {
  it('counts paid checkouts and revenue, and lists the payments collected through the link', async () => {
    const link = await createLink({ max_uses: 3 });
    const started = await start(link.id, { first_name: 'Noura', last_name: 'Saleh', email: 'noura@example.com', phone: '+966500000001' });
    await start(link.id); // a second checkout nobody pays
    const approve = await fetch(`${pd.url}/sandbox/_control/paymennt/sessions/${encodeURIComponent(started.body.session_id)}/approve`, { method: 'POST' });
    expect(approve.status).toBe(200);
    // paymennt captures by itself on approval; refreshing asks the provider and records the capture.
    const refreshed = await pd.engine.paylinks.refresh(started.body.paylink_id);
    expect(refreshed.status).toBe('captured');

    const detail = await staff('GET', `/api/payment-links/${link.id}/`);
    expect(detail.body.stats).toEqual({ uses: 2, remaining_uses: 1, paid_count: 1, revenue: '130.00', revenue_minor: 13000 });

    const payments = await staff('GET', `/api/payment-links/${link.id}/payments/`, undefined, cashierToken);
    expect(payments.status).toBe(200);
    expect(payments.body.total).toBe(2);
    const paid = payments.body.payments.find((p: { paylink_id: string }) => p.paylink_id === started.body.paylink_id);
    expect(paid).toMatchObject({
      provider: 'paymennt',
      status: 'captured',
      amount: '130.00',
      captured_amount: '130.00',
      refunded_amount: '0.00',
      currency: 'SAR',
      customer: { first_name: 'Noura', last_name: 'Saleh', email: 'noura@example.com', phone: '+966500000001' },
    });

    const list = await staff('GET', '/api/payment-links/');
    expect(list.status).toBe(200);
    expect(list.body.payment_links.find((l: { id: string }) => l.id === link.id).stats).toMatchObject({ paid_count: 1, revenue: '130.00' });
    expect(list.body.aggregates.paid_count).toBeGreaterThanOrEqual(1);
    expect(list.body.aggregates.revenue).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'SAR' })]));
    expect(list.body.total).toBeGreaterThanOrEqual(list.body.payment_links.length);
    expect((await staff('GET', '/api/payment-links/00000000-0000-4000-8000-000000000000/payments/')).status).toBe(404);
  });
});

describe('restart after a crash mid-start', () => {
  it('releases a use held by a checkout that never reached the provider, so the link is usable again', async () => {
    const { startPayDesk } = await import('../app');
    const { makeTempDir } = await import('../testing/tempDir');
    const temp = makeTempDir('paydesk-links-restart');
    const config = { dataDir: temp.dir, port: 0, host: '127.0.0.1' as const, apiToken: 'restart-token', mode: 'demo' as const, sandboxUrl: undefined };
    try {
      let running = await startPayDesk(config);
      const manager = { kind: 'staff', id: 'staff_manager_demo', role: 'manager' } as const;
      const link = running.engine.catalogLinks.create({ name: 'One use', products: [{ product_id: 'prod_demo_1', quantity: 1 }], currency: 'SAR', max_uses: 1 }, manager);
      // What a crash between reserving the use and storing the paylink leaves behind.
      running.db.prepare(`INSERT INTO catalog_link_uses (id, link_id, status, amount_minor, currency, created_at, updated_at) VALUES ('clu_crashed', ?, 'reserved', 6500, 'SAR', 0, 0)`).run(link.id);
      expect(() => running.engine.catalogLinks.preview(link.id)).toThrow(/maximum number of times/);
      await running.close();
      running = await startPayDesk(config);
      try {
        expect(running.engine.catalogLinks.preview(link.id).remaining_uses).toBe(1);
        expect(running.db.prepare(`SELECT status FROM catalog_link_uses WHERE id = 'clu_crashed'`).get()).toEqual({ status: 'released' });
      } finally {
        await running.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
