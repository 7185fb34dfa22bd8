import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { PaylinkStatus } from '../../shared/status';
import { createHttpClient, ProviderCallError } from '../providers/http';
import type { GatewayAdapter, GatewayContext, GatewayPage, GatewayPayment, ListWindow } from '../providers/gateways/types';
import { runGatewaySync, splitWindow } from './gatewaySync';

// The sync loop's own rules, with an in-memory adapter. Each gateway's tests run the same loop
// against the sandbox over HTTP.

const NOW = new Date('2025-03-10T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function payment(id: string, status: PaylinkStatus = 'captured'): GatewayPayment {
  return { gateway: 'stripe', gatewayId: id, status, gatewayStatus: status, amountMinor: 100, refundedMinor: 0, currency: 'SAR', createdAt: NOW.toISOString() };
}

const ctx: GatewayContext = { baseUrl: 'http://unused', credentials: {}, settings: {}, http: createHttpClient({ provider: 'fake' }), now: () => NOW };
const rateLimited = () => new ProviderCallError('server', 'stripe is rate limiting PayDesk (HTTP 429); it will try again shortly.', { status: 429 });

function fakeAdapter(pages: GatewayPage[][] | ((w: ListWindow, cursor: string | null) => Promise<GatewayPage>), extra: Partial<GatewayAdapter> = {}) {
  const windows: ListWindow[] = [];
  const gets: string[] = [];
  const adapter: GatewayAdapter = {
    id: 'stripe',
    supportsList: true,
    async listPage(_ctx, window, cursor) {
      windows.push(window);
      if (typeof pages === 'function') return pages(window, cursor);
      const chunk = pages[0] ?? [];
      return chunk[cursor ? Number(cursor) : 0] as GatewayPage;
    },
    async getPayment(_ctx, id) {
      gets.push(id);
      if (id === 'missing') throw new AppError('not_found', 'no such payment');
      return payment(id, 'captured');
    },
    async verifyWebhook() {
      throw new Error('not used');
    },
    ...extra,
  };
  return { adapter, windows, gets };
}

const page = (ids: string[], nextCursor: string | null, status: PaylinkStatus = 'captured'): GatewayPage => ({ payments: ids.map((id) => payment(id, status)), skipped: [], nextCursor });

describe('runGatewaySync', () => {
  it('starts the window overlapMs before since and deduplicates by gateway id, last answer winning', async () => {
    const { adapter, windows } = fakeAdapter([[page(['a', 'b'], '1', 'created'), page(['b', 'c'], null)]]);
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 10 * 60_000, nonTerminalIds: [] });
    expect(windows[0]?.from.toISOString()).toBe('2025-03-10T10:50:00.000Z');
    expect(result.payments.map((p) => [p.gatewayId, p.status])).toEqual([
      ['a', 'created'],
      ['b', 'captured'],
      ['c', 'captured'],
    ]);
    expect(result).toMatchObject({ pages: 2, errors: [], syncedUntil: NOW });
  });

  it('splits into windows no longer than the gateway allows and stops before its reporting delay', async () => {
    const { adapter, windows } = fakeAdapter(async () => page([], null), { maxWindowMs: 31 * DAY, reportingDelayMs: 3 * HOUR });
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - 70 * DAY), until: NOW, overlapMs: 0, nonTerminalIds: [] });
    expect(windows.map((w) => (w.to.getTime() - w.from.getTime()) / DAY)).toEqual([31, 31, 8 - 3 / 24]);
    expect(result.syncedUntil.toISOString()).toBe('2025-03-10T09:00:00.000Z');
    expect(splitWindow(new Date(0), new Date(10), 4).map((w) => [w.from.getTime(), w.to.getTime()])).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
  });

  it('retries the same page after 429 with growing, jittered, capped delays', async () => {
    let failures = 4;
    const cursors: (string | null)[] = [];
    const { adapter } = fakeAdapter(async (_w, cursor) => {
      cursors.push(cursor);
      if (cursor === '1' && failures-- > 0) throw rateLimited();
      return cursor ? page(['b'], null) : page(['a'], '1');
    });
    const delays: number[] = [];
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 0, nonTerminalIds: [], sleep: async (ms) => void delays.push(ms), backoffBaseMs: 100, backoffMaxMs: 500, random: () => 1 });
    expect(cursors).toEqual([null, '1', '1', '1', '1', '1']);
    expect(delays).toEqual([100, 200, 400, 500]);
    expect(result).toMatchObject({ rateLimitedRetries: 4, pages: 2, errors: [] });
    expect(result.payments).toHaveLength(2);
  });

  it('gives up after the retry bound, reports it, and does not advance syncedUntil', async () => {
    const { adapter } = fakeAdapter(async () => {
      throw rateLimited();
    });
    const since = new Date(NOW.getTime() - HOUR);
    const result = await runGatewaySync({ adapter, ctx, since, until: NOW, overlapMs: 0, nonTerminalIds: ['x'], sleep: async () => {}, maxRateLimitRetries: 2 });
    expect(result.rateLimitedRetries).toBe(2);
    expect(result.errors[0]).toMatch(/stopped at page 1.*429/);
    expect(result.syncedUntil).toBe(since);
    expect(result.refetched).toBe(1); // refreshing by id still happens
  });

  it('re-fetches only non-terminal ids the list did not already return, once each, and keeps going past a failure', async () => {
    const { adapter, gets } = fakeAdapter([[page(['a'], null)]]);
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 0, nonTerminalIds: ['a', 'old', 'old', 'missing', 'older'] });
    expect(gets).toEqual(['old', 'missing', 'older']);
    expect(result.refetched).toBe(2);
    expect(result.errors).toEqual(['Refreshing stripe payment missing failed: no such payment']);
  });

  it('stops when a gateway repeats a cursor instead of looping forever', async () => {
    const { adapter } = fakeAdapter(async () => page(['a'], 'same'));
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 0, nonTerminalIds: [] });
    expect(result.pages).toBe(2);
    expect(result.errors[0]).toMatch(/same page cursor twice/);
  });

  it('does not list for gateways without a list API, nor by-reference gateways without references', async () => {
    for (const extra of [{ supportsList: false }, { listsByReference: true }]) {
      const { adapter, windows } = fakeAdapter([[page(['a'], null)]], extra);
      const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 0, nonTerminalIds: ['p1'] });
      expect(windows).toEqual([]);
      expect(result).toMatchObject({ pages: 0, refetched: 1 });
    }
  });

  it('reports items the adapter could not take in', async () => {
    const { adapter } = fakeAdapter([[{ payments: [], skipped: [{ gatewayId: 'z', reason: 'bad amount' }], nextCursor: null }]]);
    const result = await runGatewaySync({ adapter, ctx, since: new Date(NOW.getTime() - HOUR), until: NOW, overlapMs: 0, nonTerminalIds: [] });
    expect(result.errors).toEqual(['stripe payment z was not taken in: bad amount']);
  });
});
