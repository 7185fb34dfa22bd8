import { AppError, httpStatusOf, toErrorShape, type Result } from '../../shared/errors';
import type { Logger } from '../log';
import { CONTRACT, validationError, type MethodName, type MethodOutput, type MethodParsedInput, type StoreSettingsView } from '../../shared/contract';
import { formatMinor, type Currency } from '../../shared/money';
import { PROVIDERS } from '../../shared/providers';
import type { ProviderView, StaffView } from '../../shared/views';
import { listSignInFailures } from '../store/signInFailures';
import { listActiveStaff } from '../store/staff';
import type { SignInSource } from './auth';
import { CHECKOUT_SETTINGS_KEY, getDigitSystem, getSetting, putSetting } from '../store/settings';
import { DEMO_STAFF } from './demo';
import type { Engine } from './index';
import type { Actor } from './paylinkCore';
import { endOfDay, totalsView } from './reports';
import { readDisplaySettings, saveDisplaySettings } from '../display/settings';
import { renderReportRaster } from '../printing/raster';
import { endOfDayDetail } from '../setup/endOfDayDetail';
import { disabledOrgApps, setOrgAppEnabled, testOrgAppConnection } from '../setup/orgAppControl';
import { endOfDayReportDocument } from '../setup/endOfDayPrint';
import { gatewayPaymentsView, gatewaySyncOverview } from './gatewayViews';
import { writeTransaction } from '../store/db';

export interface CallContext {
  staff?: StaffView;
  sessionToken?: string;
  /** Who is calling, for PIN throttling (a browser tab, a desktop window, a REST caller). */
  source?: SignInSource;
  /** The manager who approved this call on the signed-in cashier's till (approvable methods only). */
  approver?: StaffView;
}

type Handler<M extends MethodName> = (input: MethodParsedInput<M>, ctx: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in MethodName]: Handler<M> };
type PartialHandlers = { [M in MethodName]?: Handler<M> };

/** The till (screen) a call came from: customer displays pair with one. */
export function tillOf(ctx: CallContext): string {
  return ctx.source ? `${ctx.source.channel}:${ctx.source.id}` : 'api';
}

export function actorOf(ctx: CallContext): Actor {
  if (!ctx.staff) return { kind: 'api' };
  return { kind: 'staff', id: ctx.staff.id, role: ctx.staff.role, ...(ctx.approver ? { approvedBy: ctx.approver.id } : {}) };
}

export function providerViews(): ProviderView[] {
  return PROVIDERS.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    type: p.type,
    regions: p.regions,
    app_slug: p.app_slug,
    currencies: p.currencies,
    checkout: p.checkout,
    auto_capture: p.autoCapture,
    ...(p.amountBoundsMinor
      ? {
          amount_bounds: Object.fromEntries(
            Object.entries(p.amountBoundsMinor).map(([c, b]) => [c, { min: formatMinor(b.min, c as Currency), max: formatMinor(b.max, c as Currency) }]),
          ),
        }
      : {}),
  }));
}

function sessionHandlers(engine: Engine): PartialHandlers {
  return {
    'app.info': () => (engine.mode === 'demo' ? { ...engine.info(), demo_staff: DEMO_STAFF.map(({ name, role, pin }) => ({ name, role, pin })) } : engine.info()),
    'auth.signIn': ({ pin }, ctx) => engine.auth.signIn(pin, ctx.source),
    'auth.failedSignIns': ({ limit }) =>
      listSignInFailures(engine.db, limit ?? 100).map((r) => ({ at: new Date(r.at).toISOString(), channel: r.channel, source: r.source, wait_s: Math.ceil(r.delay_ms / 1000) })),
    'auth.signOut': (_input, ctx) => {
      if (ctx.sessionToken) engine.auth.signOut(ctx.sessionToken);
      return { signed_out: true as const };
    },
    'auth.me': (_input, ctx) => ctx.staff!,
  };
}

function setupHandlers(engine: Engine): PartialHandlers {
  return {
    'providers.list': () => providerViews(),
    'orgApps.list': () => {
      const off = disabledOrgApps(engine.db);
      return engine.orgApps.list().map((a) => ({ ...a, enabled: !off.has(a.id) }));
    },
    'orgApps.install': (input) => engine.orgApps.install(input),
    'catalog.listProducts': ({ query }) => engine.catalog.list(query),
    'catalog.createProduct': (input) => engine.catalog.create(input),
    'catalog.updateProduct': ({ id, ...change }) => engine.catalog.update(id, change),
  };
}

function paylinkHandlers(engine: Engine): PartialHandlers {
  const p = engine.paylinks;
  return {
    'paylinks.create': ({ idempotency_key, ...input }, ctx) => p.create(input, actorOf(ctx), idempotency_key),
    'payments.unmatched': (q) => p.unmatched(q),
    'paylinks.get': ({ id, refresh }, _ctx) => p.get(id, refresh === undefined ? {} : { refresh }),
    'paylinks.list': (q) => p.list(q),
    'paylinks.capture': ({ id, ...rest }, ctx) => p.capture(id, rest, actorOf(ctx)),
    'paylinks.cancel': ({ id }, ctx) => p.cancel(id, actorOf(ctx)),
    'paylinks.refund': ({ id, ...rest }, ctx) => p.refund(id, rest, actorOf(ctx)),
    'paylinks.resend': ({ id }, ctx) => p.resend(id, actorOf(ctx)),
    'sales.recordCash': (input, ctx) => engine.cash.recordCash(input, actorOf(ctx)),
    'paylinks.timeline': ({ id }) => p.timeline(id),
    'paylinks.recordPrint': ({ id, outcome }, ctx) => p.recordPrint(id, outcome, actorOf(ctx)),
  };
}

function reportHandlers(engine: Engine): PartialHandlers {
  return {
    'paylinks.totals': ({ limit: _limit, cursor: _cursor, ...filter }) => totalsView(engine.db, filter),
    'reports.endOfDay': (filter) => endOfDay(engine.db, filter, engine.now),
  };
}

function syncHandlers(engine: Engine): PartialHandlers {
  return {
    'sync.status': () => engine.sync.status(),
    'sync.list': (filter) => engine.sync.list(filter),
    'sync.retry': ({ id }) => {
      engine.sync.retry(id);
      return engine.sync.status();
    },
    'sync.discard': ({ id, reason }) => {
      engine.sync.discard(id, reason);
      return engine.sync.status();
    },
    // A till that runs alone; main/storedb replaces this handler when a store database is configured.
    'storedb.status': () => ({ configured: false, online: false, till_id: null, till_name: null, pending: 0, oldest_pending_age_ms: null, last_error: null, tills: [] }),
  };
}

/** Manager views (issue 6): the staff to filter on, and catalog payment links through the contract. */
function managerHandlers(engine: Engine): PartialHandlers {
  const links = engine.catalogLinks;
  return {
    'staff.list': () => listActiveStaff(engine.db),
    'links.list': (q) => links.list(q),
    'links.create': (input, ctx) => links.create(input, actorOf(ctx)),
    'links.update': ({ id, ...change }, ctx) => links.update(id, change, actorOf(ctx)),
    'links.delete': ({ id }, ctx) => {
      links.remove(id, actorOf(ctx));
      return { deleted: true as const };
    },
  };
}

/** Gateway reconciliation (issue 7): "Sync now", the period's gateway payments, and each app's last run. */
function gatewayHandlers(engine: Engine): PartialHandlers {
  return {
    'gateways.sync': async ({ org_app_id, gateway }) =>
      org_app_id ? [await engine.gateways.runSyncForApp(org_app_id, 'manual')] : engine.gateways.syncApps({ gateway }, 'manual'),
    'gateways.payments': ({ gateway, from, to, matched, limit }) => gatewayPaymentsView(engine.db, { gateway, fromMs: from, toMs: to, matched, limit }),
    'gateways.runs': () => gatewaySyncOverview(engine.db, engine.gateways),
  };
}


/**
 * Checkout settings and receipt printing (issue 4). Pricing mode lives in the store profile (app.info reads it
 * there); auto-capture in its own settings row. `receipt.print` answers {via:'browser'} under plain Node:
 * the renderer then prints with window.print(). main/index.ts can replace just this handler
 * (`{ ...createHandlers(engine), 'receipt.print': printWithWebContents }`) to print silently in Electron.
 */
function checkoutHandlers(engine: Engine): PartialHandlers {
  const read = (): StoreSettingsView => {
    const saved = JSON.parse(getSetting(engine.db, CHECKOUT_SETTINGS_KEY) ?? '{}') as { auto_capture?: boolean };
    return { auto_capture: saved.auto_capture === true, pricing_mode: engine.info().store.pricing_mode, digits: getDigitSystem(engine.db) };
  };
  return {
    'settings.get': () => read(),
    'settings.update': ({ auto_capture, pricing_mode, digits }) => {
      writeTransaction(engine.db, () => {
        if (auto_capture !== undefined || digits !== undefined) {
          const saved = JSON.parse(getSetting(engine.db, CHECKOUT_SETTINGS_KEY) ?? '{}') as Record<string, unknown>;
          putSetting(engine.db, CHECKOUT_SETTINGS_KEY, JSON.stringify({ ...saved, ...(auto_capture !== undefined ? { auto_capture } : {}), ...(digits !== undefined ? { digits } : {}) }));
        }
        if (pricing_mode !== undefined) {
          const profile = JSON.parse(getSetting(engine.db, 'store_profile') ?? '{}') as Record<string, unknown>;
          putSetting(engine.db, 'store_profile', JSON.stringify({ ...profile, pricing_mode }));
        }
      });
      return read();
    },
    'receipt.print': async (input, ctx) => {
      await engine.paylinks.get(input.id, { refresh: false }); // 404 for an unknown paylink, like every other paylink method
      return (await engine.printing.printReceipt(input, actorOf(ctx))) ?? { via: 'browser' as const };
    },
    'printer.get': () => engine.printing.settings(),
    'printer.update': (input) => engine.printing.update(input),
    'printer.test': () => engine.printing.testPrint(),
    // A till is the screen the call came from (a browser tab's bridge session, an Electron window).
    'display.publish': (input, ctx) => engine.display.publish(tillOf(ctx), input),
    'display.pairingCode': (_input, ctx) => engine.display.issueCode(tillOf(ctx)),
    'store.updateProfile': (input) => {
      engine.setup.updateProfile(input);
      return engine.info();
    },
    'staff.all': () => engine.setup.listStaff(),
    'orgApps.setEnabled': ({ id, enabled }) => {
      const app = engine.orgApps.list().find((a) => a.id === id);
      if (!app) throw new AppError('org_app_not_found', `No installed provider app has id "${id}".`, { field: 'id' });
      setOrgAppEnabled(engine.db, id, enabled);
      return { ...app, enabled };
    },
    'orgApps.test': ({ id }) => testOrgAppConnection(engine, id),
    'links.detail': ({ id }) => ({ public_url: `${engine.publicBase()}${engine.catalogLinks.get(id).public_url}`, payments: engine.catalogLinks.payments(id).payments }),
    'reports.endOfDayDetail': (range) => endOfDayDetail(engine.db, range),
    'reports.printEndOfDay': (range) =>
      engine.printing.printRaster((width) => renderReportRaster(endOfDayReportDocument(engine.info().store, endOfDay(engine.db, range, engine.now), endOfDayDetail(engine.db, range)), width)),
    'staff.create': ({ name, role, pin }) => engine.setup.createStaff({ name, role, pin }),
    'staff.setPin': ({ id, pin }) => engine.setup.setPin(id, pin),
    'staff.deactivate': ({ id }, ctx) => engine.setup.deactivate(id, ctx.staff),
    // Under plain Node there are no screens to choose from; the desktop shell adds them (main/display/customerWindow.ts).
    'display.settings': () => ({ ...readDisplaySettings(engine.db), screens: [] }),
    'display.updateSettings': (input) => ({ ...saveDisplaySettings(engine.db, input), screens: [] }),
  };
}

/** Merges the feature handler maps; a name defined twice, or a contract method left out, fails at start-up. */
export function createHandlers(engine: Engine): Handlers {
  const merged: PartialHandlers = {};
  for (const part of [sessionHandlers(engine), setupHandlers(engine), paylinkHandlers(engine), syncHandlers(engine), checkoutHandlers(engine), reportHandlers(engine), managerHandlers(engine), gatewayHandlers(engine)]) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in merged) throw new Error(`handler ${name} is defined twice`);
      (merged as Record<string, unknown>)[name] = handler;
    }
  }
  const missing = (Object.keys(CONTRACT) as MethodName[]).filter((m) => !merged[m]);
  if (missing.length) throw new Error(`contract methods without a handler: ${missing.join(', ')}`);
  return merged as Handlers;
}

/** The one entry point every host uses: validate, authorize, run, and wrap the outcome as a Result. */
export async function dispatch(
  engine: Engine,
  handlers: Handlers,
  method: MethodName,
  rawInput: unknown,
  call: { sessionToken?: string | undefined; source?: SignInSource | undefined; /** The request's logger, so its lines carry the request id. */ log?: Pick<Logger, 'error' | 'warn'> },
): Promise<Result<unknown>> {
  try {
    const spec = CONTRACT[method];
    const ctx: CallContext = call.source ? { source: call.source } : {};
    if (call.sessionToken) {
      const staff = engine.auth.resolveSession(call.sessionToken);
      if (staff) {
        ctx.staff = staff;
        ctx.sessionToken = call.sessionToken;
      }
    }
    if (spec.access !== 'public' && !ctx.staff) throw new AppError('unauthorized', 'Sign in with your PIN first.');
    const approvable = 'approvable' in spec && spec.approvable === true;
    // A cashier may call an approvable manager method: a manager's PIN in the input stands in for the session.
    if (spec.access === 'manager' && ctx.staff?.role !== 'manager' && !approvable) throw new AppError('forbidden', 'This needs a manager. Ask a manager to sign in.');
    // Input is looked at only once the caller may call the method at all.
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error.issues) };
    let input = parsed.data as Record<string, unknown>;
    if (approvable && typeof input.manager_pin === 'string') {
      // The PIN is checked here and goes no further: handlers, events and logs only ever see who approved.
      const { manager_pin: pin, ...rest } = input;
      ctx.approver = engine.auth.approveAsManager(pin as string, ctx.source, ctx.staff?.id);
      input = rest;
    }
    if (spec.access === 'manager' && ctx.staff?.role !== 'manager' && !ctx.approver) {
      throw new AppError('forbidden', 'This needs a manager. Ask a manager to approve it with their PIN on this till.');
    }
    const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: await handler(input, ctx) };
  } catch (err) {
    const error = toErrorShape(err);
    // What would be a 5xx over REST is logged with its cause here too (the bridge and IPC answer it as a value).
    if (httpStatusOf(error.code) >= 500) (call.log ?? engine.log)[error.code === 'internal' ? 'error' : 'warn']({ err, method, code: error.code }, `${method} failed: ${error.code}`);
    return { ok: false, error };
  }
}
