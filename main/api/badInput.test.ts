import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPayDesk } from '../testing/payDesk';

let pd: Awaited<ReturnType<typeof startTestPayDesk>>;
beforeAll(async () => {
  pd = await startTestPayDesk();
});
afterAll(() => pd.close());

const valid = { provider: 'tabby', org_app_id: 'app_tabby_sandbox', order_id: 'POS-1', amount: '150.00', currency: 'SAR' };
const tamara = { ...valid, provider: 'tamara', org_app_id: 'app_tamara_sandbox', phone_number: '+966500000001' };
const CREATE = '/api/v1/providers/paylinks';

interface Case {
  name: string;
  method?: string;
  path?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  code?: string;
}

const cases: Case[] = [
  { name: 'malformed JSON', raw: '{"provider":"tabby",', code: 'invalid_json' },
  { name: 'JSON with trailing garbage', raw: '{"provider":"tabby"} x', code: 'invalid_json' },
  { name: 'text/plain body', raw: 'provider=tabby', contentType: 'text/plain', code: 'unsupported_media_type' },
  { name: 'form body', raw: 'provider=tabby&amount=1', contentType: 'application/x-www-form-urlencoded', code: 'unsupported_media_type' },
  { name: 'JSON array body', body: [valid], code: 'validation_failed' },
  { name: 'JSON string body', body: 'tabby', code: 'validation_failed' },
  { name: 'empty object', body: {}, code: 'validation_failed' },
  { name: 'missing provider', body: { ...valid, provider: undefined }, code: 'validation_failed' },
  { name: 'missing org_app_id', body: { ...valid, org_app_id: undefined }, code: 'validation_failed' },
  { name: 'missing order_id', body: { ...valid, order_id: undefined }, code: 'validation_failed' },
  { name: 'missing amount', body: { ...valid, amount: undefined }, code: 'validation_failed' },
  { name: 'missing currency', body: { ...valid, currency: undefined }, code: 'validation_failed' },
  { name: 'provider as number', body: { ...valid, provider: 5 }, code: 'validation_failed' },
  { name: 'amount as boolean', body: { ...valid, amount: true }, code: 'validation_failed' },
  { name: 'amount as object', body: { ...valid, amount: { value: 1 } }, code: 'validation_failed' },
  { name: 'amount with three decimals in SAR', body: { ...valid, amount: '150.001' }, code: 'invalid_amount' },
  { name: 'amount number with three decimals', body: { ...valid, amount: 1.005 }, code: 'invalid_amount' },
  { name: 'amount zero', body: { ...valid, amount: '0' }, code: 'invalid_amount' },
  { name: 'amount 0.00', body: { ...valid, amount: '0.00' }, code: 'invalid_amount' },
  { name: 'negative amount', body: { ...valid, amount: '-10' }, code: 'invalid_amount' },
  { name: 'negative number amount', body: { ...valid, amount: -10 }, code: 'invalid_amount' },
  { name: 'huge amount', body: { ...valid, amount: '99999999999.00' }, code: 'invalid_amount' },
  { name: 'exponent amount', body: { ...valid, amount: '1e5' }, code: 'invalid_amount' },
  { name: 'comma decimal', body: { ...valid, amount: '150,00' }, code: 'invalid_amount' },
  { name: 'NaN text amount', body: { ...valid, amount: 'NaN' }, code: 'invalid_amount' },
  { name: 'unknown currency', body: { ...valid, currency: 'XYZ' }, code: 'unsupported_currency' },
  { name: 'currency the provider does not take (Tabby USD)', body: { ...valid, currency: 'USD' }, code: 'unsupported_currency' },
  { name: 'currency too long', body: { ...valid, currency: 'SARS' }, code: 'validation_failed' },
  { name: 'unknown provider', body: { ...valid, provider: 'klarna' }, code: 'validation_failed' },
  { name: 'gateway-sync provider', body: { ...valid, provider: 'stripe' }, code: 'provider_not_paylink' },
  { name: 'org app of another provider', body: { ...valid, org_app_id: 'app_tamara_sandbox' }, code: 'validation_failed' },
  { name: 'unknown org app', body: { ...valid, org_app_id: 'app_nope' }, code: 'org_app_not_found' },
  { name: 'gateway org app', body: { ...valid, org_app_id: 'app_stripe_sandbox' }, code: 'provider_not_paylink' },
  { name: 'oversize order_id', body: { ...valid, order_id: 'X'.repeat(65) }, code: 'validation_failed' },
  { name: 'order_id with spaces', body: { ...valid, order_id: 'POS 1' }, code: 'validation_failed' },
  { name: 'oversize description', body: { ...valid, description: 'd'.repeat(501) }, code: 'validation_failed' },
  { name: 'bad email', body: { ...valid, buyer_email: 'not-an-email' }, code: 'validation_failed' },
  { name: 'bad buyer phone', body: { ...valid, buyer_phone: '12' }, code: 'validation_failed' },
  { name: 'lang not ar/en', body: { ...valid, lang: 'fr' }, code: 'validation_failed' },
  { name: 'items not an array', body: { ...valid, items: 'x' }, code: 'validation_failed' },
  { name: 'item with zero quantity', body: { ...valid, items: [{ name: 'A', quantity: 0, unit_price: '1.00' }] }, code: 'validation_failed' },
  { name: 'item price with too many decimals', body: { ...valid, items: [{ name: 'A', quantity: 1, unit_price: '1.001' }] }, code: 'invalid_amount' },
  { name: 'metadata as array', body: { ...valid, metadata: [1, 2] }, code: 'validation_failed' },
  { name: 'metadata nested object', body: { ...valid, metadata: { a: { b: 1 } } }, code: 'validation_failed' },
  { name: 'Tamara without phone_number', body: { ...tamara, phone_number: undefined }, code: 'validation_failed' },
  { name: 'Tamara with invalid phone_number', body: { ...tamara, phone_number: 'abc' }, code: 'validation_failed' },
  { name: 'Tamara bad payment_type', body: { ...tamara, payment_type: 'pay_now_or_never' }, code: 'validation_failed' },
  { name: 'MisPay below its minimum', body: { ...valid, provider: 'mispay', org_app_id: 'app_mispay_sandbox', amount: '10.00' }, code: 'invalid_amount' },
  { name: 'send_sms as string', body: { ...valid, provider: 'paymennt', org_app_id: 'app_paymennt_sandbox', send_sms: 'yes' }, code: 'validation_failed' },
  { name: 'bad Idempotency-Key', body: valid, code: 'validation_failed', contentType: 'application/json; idem' },
  { name: 'capture of unknown paylink', path: '/api/v1/providers/paylinks/pl_nope/capture', body: {}, code: 'not_found' },
  { name: 'capture with bad amount', path: '/api/v1/providers/paylinks/pl_nope/capture', body: { amount: 'abc' }, code: 'not_found' },
  { name: 'capture with bad reference_id', path: '/api/v1/providers/paylinks/pl_nope/capture', body: { reference_id: 'has spaces' }, code: 'validation_failed' },
  { name: 'refund with array body', path: '/api/v1/providers/paylinks/pl_nope/refund', body: [1], code: 'validation_failed' },
  { name: 'cancel unknown paylink', path: '/api/v1/providers/paylinks/pl_nope/cancel', body: {}, code: 'not_found' },
  { name: 'get unknown paylink', method: 'GET', path: '/api/v1/providers/paylinks/pl_nope', code: 'not_found' },
  { name: 'list with bad limit', method: 'GET', path: '/api/v1/providers/paylinks?limit=100000', code: 'validation_failed' },
  { name: 'list with bad cursor', method: 'GET', path: '/api/v1/providers/paylinks?cursor=%%%', code: 'validation_failed' },
  { name: 'legacy tabby create', path: '/api/v1/tabby/paylinks', body: valid, code: 'gone' },
  { name: 'legacy tamara capture', path: '/api/v1/tamara/paylinks/x/capture', body: {}, code: 'gone' },
  { name: 'legacy mispay get', method: 'GET', path: '/api/v1/mispay/paylinks/x', code: 'gone' },
  { name: 'webhook for an unknown provider', path: '/api/v1/webhooks/klarna', body: { id: 1 }, code: 'unknown_provider' },
  { name: 'unsigned tabby webhook', path: '/api/v1/webhooks/tabby', body: { id: 'pay_1', status: 'authorized' }, code: 'unauthorized' },
];

describe('malformed requests to the paylinks API', () => {
  it(`has at least 40 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name → 4xx $code, nothing written', async (c) => {
    const headers: Record<string, string> = {};
    if (c.contentType && !c.contentType.includes('idem')) headers['content-type'] = c.contentType;
    if (c.contentType?.includes('idem')) headers['idempotency-key'] = 'spaces are not allowed';
    const res = await pd.api(c.method ?? 'POST', c.path ?? CREATE, {
      ...(c.raw !== undefined ? { raw: c.raw } : {}),
      ...(c.body !== undefined ? { body: c.body } : {}),
      headers: c.raw !== undefined && !headers['content-type'] ? { 'content-type': 'application/json', ...headers } : headers,
    });
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
    expect(res.body?.success).toBe(false);
    expect(res.body?.error?.code).toBe(c.code);
    expect(res.body?.error?.message).toEqual(expect.any(String));
    expect(res.text).not.toMatch(/\bat .+:\d+:\d+\)/); // no stack traces
  });

  it('wrote no paylink, event or money command for any of them', () => {
    const count = (table: string) => (pd.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('paylinks')).toBe(0);
    expect(count('paylink_events')).toBe(0);
    expect(count('money_commands')).toBe(0);
  });
});
