import { AppError } from '../../shared/errors';
import type { DataScopeView, PaylinkView } from '../../shared/views';
import type { Engine } from '../engine';
import { actorOf, type Handlers } from '../engine/handlers';
import { endOfDay, endOfDayFromRows, totalsFromRows } from '../engine/reports';
import { renderReportRaster } from '../printing/raster';
import { endOfDayReportDocument } from '../setup/endOfDayPrint';
import { getPaylink, paylinkTotals } from '../store/paylinks';
import { requestOnOwningTill, type CommandOptions, type TillCommandKind } from './commands';
import type { StoreLink } from './index';
import { endOfDayDetail, endOfDayDetailFromRows } from '../setup/endOfDayDetail';
import { storeEndOfDayDetailRows } from './storeReports';
import { findStorePaylink, listStorePaylinks, storeTimeline, storeTotals, type StoreFilter } from './storeViews';

// The contract methods that change when a store database is configured: the manager's views read the whole
// store (with a till filter and a till column) while it answers, else this till only with the reason; and a
// refund or cancel of another till's paylink goes to that till.

type Overrides = Pick<Handlers, 'storedb.status' | 'paylinks.list' | 'paylinks.totals' | 'reports.endOfDay' | 'reports.endOfDayDetail' | 'reports.printEndOfDay' | 'paylinks.get' | 'paylinks.timeline' | 'paylinks.refund' | 'paylinks.cancel'>;

export function storeDbHandlers(engine: Engine, link: StoreLink, commandOptions: Partial<CommandOptions> = {}): Overrides {
  const storeScope: DataScopeView = { source: 'store', till_id: link.tillId, till_name: link.tillName };
  const tillScope = (reason: string): DataScopeView => ({ source: 'till', till_id: link.tillId, till_name: link.tillName, reason });
  const UNREACHABLE = 'The store database cannot be reached: this shows this till only.';
  const OTHER_TILL = 'The store database cannot be reached: only this till\'s own paylinks can be shown.';
  const mine = (view: PaylinkView): PaylinkView => ({ ...view, till_id: link.tillId, till_name: link.tillName });
  /** While the store is away only this till's rows exist here: a filter on another till matches nothing. */
  const otherTill = (f: { till_id?: string | undefined }) => Boolean(f.till_id && f.till_id !== link.tillId);
  const localRows = (f: StoreFilter) => (otherTill(f) ? [] : paylinkTotals(engine.db, { ...f, till_id: undefined } as StoreFilter));

  async function storeDetail(range: { from: number; to: number }) {
    return (await link.read((pool) => storeEndOfDayDetailRows(pool, range).then((rows) => endOfDayDetailFromRows(rows, range)))) ?? endOfDayDetail(engine.db, range);
  }

  async function foreignPaylink(id: string): Promise<PaylinkView> {
    const view = await link.read((pool) => findStorePaylink(pool, id));
    if (view) return view;
    if (!link.isOnline()) throw new AppError('not_found', `Paylink ${id} is not on this till, and the store database cannot be reached to look for it on the others.`);
    throw new AppError('not_found', `There is no paylink ${id} in this store.`);
  }

  async function sendToOwner(id: string, kind: TillCommandKind, input: Record<string, unknown>, ctx: Parameters<Handlers['paylinks.cancel']>[1], referenceId?: string): Promise<PaylinkView> {
    const view = await foreignPaylink(id);
    try {
      const done = await requestOnOwningTill(link.pool, { selfTillId: link.tillId, ownerTillId: view.till_id!, paylinkId: id, kind, input, actor: actorOf(ctx), now: engine.now, referenceId }, { reachableWithinMs: link.reachableWithinMs, ...commandOptions });
      return { ...done, qr_code_url: null, till_id: view.till_id!, till_name: view.till_name! };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('unavailable', `The store database stopped answering while sending the ${kind} to till "${view.till_name}". Check that paylink's timeline before trying again.`, { reason: 'store_unreachable' });
    }
  }

  return {
    'storedb.status': () => link.status(),
    'paylinks.list': async (q) => {
      const store = await link.read((pool) => listStorePaylinks(pool, q));
      if (store) return { ...store, scope: storeScope };
      if (otherTill(q)) return { paylinks: [], total: 0, next_cursor: null, scope: tillScope(OTHER_TILL) };
      const local = engine.paylinks.list(q);
      return { ...local, paylinks: local.paylinks.map(mine), scope: tillScope(UNREACHABLE) };
    },
    'paylinks.totals': async ({ limit: _limit, cursor: _cursor, ...filter }) => {
      const rows = await link.read((pool) => storeTotals(pool, filter));
      if (rows) return { ...totalsFromRows(rows), scope: storeScope };
      return { ...totalsFromRows(localRows(filter)), scope: tillScope(otherTill(filter) ? OTHER_TILL : UNREACHABLE) };
    },
    'reports.endOfDay': async (filter) => {
      const rows = await link.read((pool) => storeTotals(pool, filter));
      if (rows) return { ...endOfDayFromRows(rows, filter, engine.now), scope: storeScope };
      return { ...endOfDayFromRows(localRows(filter), filter, engine.now), scope: tillScope(otherTill(filter) ? OTHER_TILL : UNREACHABLE) };
    },
    'reports.endOfDayDetail': (range) => storeDetail(range),
    // The printed report covers what the screen shows: the store while its database answers, else this till.
    'reports.printEndOfDay': async (range) => {
      const rows = await link.read((pool) => storeTotals(pool, range));
      const report = rows ? endOfDayFromRows(rows, range, engine.now) : endOfDay(engine.db, range, engine.now);
      const detail = await storeDetail(range);
      return engine.printing.printRaster((width) => renderReportRaster(endOfDayReportDocument(engine.info().store, report, detail), width));
    },
    'paylinks.get': async ({ id, refresh }) => {
      if (getPaylink(engine.db, id)) return mine(await engine.paylinks.get(id, refresh === undefined ? {} : { refresh }));
      return foreignPaylink(id);
    },
    'paylinks.timeline': async ({ id }) => {
      if (getPaylink(engine.db, id)) return engine.paylinks.timeline(id);
      const view = await foreignPaylink(id);
      return (await link.read((pool) => storeTimeline(pool, view.till_id!, id))) ?? [];
    },
    'paylinks.refund': async ({ id, ...rest }, ctx) => {
      if (getPaylink(engine.db, id)) return mine(await engine.paylinks.refund(id, rest, actorOf(ctx)));
      return sendToOwner(id, 'refund', { ...(rest.amount !== undefined ? { amount: rest.amount } : {}), ...(rest.reason ? { reason: rest.reason } : {}) }, ctx, rest.reference_id);
    },
    'paylinks.cancel': async ({ id }, ctx) => {
      if (getPaylink(engine.db, id)) return mine(await engine.paylinks.cancel(id, actorOf(ctx)));
      return sendToOwner(id, 'cancel', {}, ctx);
    },
  };
}
