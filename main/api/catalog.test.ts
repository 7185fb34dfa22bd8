import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

describe('GET /api/v1/catalog/products', () => {
  it('lists the demo products with the DESIGN fields', async () => {
    const res = await pd.api('GET', '/api/v1/catalog/products');
    expect(res.status).toBe(200);
    expect(res.body.products.length).toBeGreaterThanOrEqual(5);
    for (const p of res.body.products) expect(Object.keys(p).sort()).toEqual(['barcode', 'currency', 'id', 'name_ar', 'name_en', 'price', 'sku', 'vat_rate']);
    expect(res.body.products.find((p: { sku: string }) => p.sku === 'COF-001')).toMatchObject({ barcode: '6281000000011', price: '65.00', currency: 'SAR', vat_rate: 0.15 });
  });

  it('finds a product by barcode and needs the bearer token', async () => {
    const hit = await pd.api('GET', '/api/v1/catalog/products?q=6281000000028');
    expect(hit.body.products[0].sku).toBe('DAT-002');
    expect((await pd.api('GET', '/api/v1/catalog/products', { token: null })).status).toBe(401);
  });
});

describe('managing the catalog', () => {
  it('creates and updates a product in exact minor units', async () => {
    const created = await pd.api('POST', '/api/v1/catalog/products', {
      body: { sku: 'SAF-007', barcode: '6281000000073', name_en: 'Saffron 1 g', name_ar: 'زعفران ١ غ', price: '39.95', currency: 'SAR' },
    });
    expect(created.status).toBe(201);
    expect(created.body.product).toMatchObject({ sku: 'SAF-007', price: '39.95', vat_rate: 0.15 });
    const updated = await pd.api('PATCH', `/api/v1/catalog/products/${created.body.product.id}`, { body: { price: 42 } });
    expect(updated.body.product.price).toBe('42.00');
  });

  it('refuses prices with too many decimals, duplicate SKUs and unknown products with codes', async () => {
    const cents = await pd.api('POST', '/api/v1/catalog/products', { body: { sku: 'X-1', name_en: 'X', name_ar: 'س', price: '1.001', currency: 'SAR' } });
    expect(cents.status).toBe(400);
    expect(cents.body.error.code).toBe('invalid_amount');
    const dup = await pd.api('POST', '/api/v1/catalog/products', { body: { sku: 'COF-001', name_en: 'X', name_ar: 'س', price: '1.00', currency: 'SAR' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.field).toBe('sku');
    const missing = await pd.api('PATCH', '/api/v1/catalog/products/prod_nope', { body: { price: '1.00' } });
    expect(missing.status).toBe(404);
    const empty = await pd.api('PATCH', '/api/v1/catalog/products/prod_demo_1', { body: {} });
    expect(empty.status).toBe(400);
  });
});
