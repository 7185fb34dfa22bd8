import { z } from 'zod';
import type { AppErrorShape, Result } from './errors';
import { printerSettingsInput, receiptPrintInput, type PrinterSettingsView, type ReceiptPrintView, type TestPrintView } from './printing';
import { displayPublishInput, displaySettingsInput, type DisplayPairingView, type DisplaySettingsView } from './display';
import { GATEWAY_PROVIDER_IDS } from './providers';
import { createStaffInput, endOfDayRangeInput, setStaffPinInput, staffIdInput, storeProfileInput, type CatalogLinkDetailView, type EndOfDayDetailView, type StaffMemberView } from './setup';
import type { GatewayPaymentsView, GatewaySyncOverviewView, GatewaySyncRunView } from './views';
import { captureInput, createCatalogLinkInput, createPaylinkInput, createProductInput, updateProductInput, idInput, installOrgAppInput, listCatalogLinksInput, listPaylinksInput, refundInput, signInInput, updateCatalogLinkInput } from './schemas';
import type { UnmatchedPaymentView } from './views';
import type { AppInfoView, CatalogLinkListView, CatalogLinkView, EndOfDayView, OrgAppView, OutboxItemView, PaylinkTotalsView, PaylinkEventView, PaylinkView, ProductView, ProviderView, StaffView, StoreDbStatusView, SyncStatusView, DataScopeView } from './views';

// The one API the renderer uses. Every host (Electron IPC, the browser bridge, the in-memory fake)
// serves exactly this table: adding a method means touching this file and one handler.

export type Access = 'public' | 'staff' | 'manager';

interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** A manager's PIN typed on this till (`manager_pin`) stands in for a manager's session: the cashier stays signed in. */
  approvable?: true;
  /** Phantom: the output type. */
  output?: O;
}

function method<I extends z.ZodType, O>(access: Access, input: I): MethodSpec<I, O> {
  return { input, access };
}

/** A money action a cashier may run with a manager's approval (see MethodSpec.approvable). */
function approvableMethod<I extends z.ZodType, O>(access: Access, input: I): MethodSpec<I, O> {
  return { input, access, approvable: true };
}

/** Cash when no payment link can be made: the sale is recorded like any payment (see main/engine/cashSales.ts). */
const cashSaleInput = z.object({
  order_id: createPaylinkInput.shape.order_id,
  amount: createPaylinkInput.shape.amount,
  currency: createPaylinkInput.shape.currency,
  reason: z.enum(['providers_unavailable', 'customer_refused', 'customer_choice']).optional(),
  items: createPaylinkInput.shape.items,
});

const managerPin = { manager_pin: z.string().regex(/^\d{4,8}$/, 'a manager PIN is 4 to 8 digits').optional() };

const empty = z.object({}).optional().default({});

const tillCreateInput = createPaylinkInput.extend({ idempotency_key: z.string().trim().min(1).max(128).regex(/^[\w.:\-]+$/).optional() });
const unmatchedPaymentsInput = z.object({ open: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() });

const storeSettingsInput = z.object({ auto_capture: z.boolean().optional(), pricing_mode: z.enum(['TAX_INCLUSIVE', 'TAX_EXCLUSIVE']).optional(), digits: z.enum(['arab', 'latn']).optional() });

export interface SignInFailureView {
  at: string;
  channel: string;
  source: string;
  /** How long that source had to wait before its next attempt. */
  wait_s: number;
}

export interface StoreSettingsView {
  /** Capture as soon as the customer approves, without the cashier's keystroke. */
  auto_capture: boolean;
  pricing_mode: 'TAX_INCLUSIVE' | 'TAX_EXCLUSIVE';
  /** Digits of the Arabic UI and the receipt: Arabic-Indic (٠١٢, the default) or Western (012). */
  digits: 'arab' | 'latn';
}

export type { ReceiptPrintView } from './printing';

/** "Sync now": one installed gateway app, every app of one gateway, or (neither given) every gateway app. */
const gatewaySyncInput = z.object({ org_app_id: z.string().min(1).max(200).optional(), gateway: z.enum(GATEWAY_PROVIDER_IDS).optional() });
const gatewayPaymentsInput = z.object({
  gateway: z.enum(GATEWAY_PROVIDER_IDS).optional(),
  /** Epoch ms, inclusive / exclusive. */
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  matched: z.boolean().optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});

export const CONTRACT = {
  'app.info': method<typeof empty, AppInfoView>('public', empty),
  'auth.signIn': method<typeof signInInput, { token: string; staff: StaffView }>('public', signInInput),
  'auth.signOut': method<typeof empty, { signed_out: true }>('staff', empty),
  'auth.me': method<typeof empty, StaffView>('staff', empty),
  /** Wrong PINs, newest first: when, through which door (browser, desktop, api) and from which source. */
  'auth.failedSignIns': method<z.ZodType<{ limit?: number | undefined }>, SignInFailureView[]>('manager', z.object({ limit: z.number().int().min(1).max(500).optional() })),
  'providers.list': method<typeof empty, ProviderView[]>('staff', empty),
  'orgApps.list': method<typeof empty, OrgAppView[]>('staff', empty),
  'orgApps.install': method<typeof installOrgAppInput, OrgAppView>('manager', installOrgAppInput),
  'catalog.listProducts': method<z.ZodType<{ query?: string | undefined }>, ProductView[]>('staff', z.object({ query: z.string().max(100).optional() })),
  'catalog.createProduct': method<typeof createProductInput, ProductView>('manager', createProductInput),
  'catalog.updateProduct': method<z.ZodType<z.infer<typeof updateProductInput> & { id: string }>, ProductView>(
    'manager',
    z.object({ id: z.string().min(1).max(64) }).and(updateProductInput),
  ),
  // idempotency_key: one per sale attempt, so a repeated click or a retry after a lost answer never opens a second link.
  'paylinks.create': method<typeof tillCreateInput, PaylinkView>('staff', tillCreateInput),
  'paylinks.get': method<z.ZodType<{ id: string; refresh?: boolean | undefined }>, PaylinkView>('staff', idInput.extend({ refresh: z.boolean().optional() })),
  /** Keyset-paged: pass `next_cursor` back as `cursor` for the next page (null on the last page). */
  'paylinks.list': method<typeof listPaylinksInput, { paylinks: PaylinkView[]; total: number; next_cursor: string | null; scope?: DataScopeView }>('staff', listPaylinksInput),
  'paylinks.capture': method<z.ZodType<z.infer<typeof captureInput> & { id: string }>, PaylinkView>('staff', captureInput.extend(idInput.shape)),
  'paylinks.cancel': approvableMethod<z.ZodType<{ id: string; manager_pin?: string | undefined }>, PaylinkView>('staff', idInput.extend(managerPin)),
  'paylinks.refund': approvableMethod<z.ZodType<z.infer<typeof refundInput> & { id: string; manager_pin?: string | undefined }>, PaylinkView>(
    'manager',
    refundInput.extend(idInput.shape).extend(managerPin),
  ),
  'sales.recordCash': method<typeof cashSaleInput, PaylinkView>('staff', cashSaleInput),
  'paylinks.resend': method<typeof idInput, PaylinkView>('staff', idInput),
  'paylinks.timeline': method<typeof idInput, PaylinkEventView[]>('staff', idInput),
  'paylinks.recordPrint': method<z.ZodType<{ id: string; outcome: 'printed' | 'failed' | 'reprinted' }>, PaylinkView>(
    'staff',
    idInput.extend({ outcome: z.enum(['printed', 'failed', 'reprinted']) }),
  ),
  // Checkout settings (issue 4): pricing mode is the store profile's; auto-capture is the store's choice.
  'settings.get': method<typeof empty, StoreSettingsView>('staff', empty),
  'settings.update': method<typeof storeSettingsInput, StoreSettingsView>('manager', storeSettingsInput),
  // Receipt printing: under plain Node the answer is {via:'browser'} and the renderer prints with window.print();
  // the Electron shell may override this one handler to print silently to the configured printer.
  'receipt.print': method<typeof receiptPrintInput, ReceiptPrintView>('staff', receiptPrintInput),
  // Receipt printer (issue 12): none, the OS printer, or an ESC/POS thermal printer on the network or a device path.
  'printer.get': method<typeof empty, PrinterSettingsView>('staff', empty),
  'printer.update': method<typeof printerSettingsInput, PrinterSettingsView>('manager', printerSettingsInput),
  'printer.test': method<typeof empty, TestPrintView>('manager', empty),
  // Customer display (issue 12): the till tells its display what the customer sees, and shows the pairing code.
  'display.publish': method<typeof displayPublishInput, { displays: number }>('staff', displayPublishInput),
  'display.pairingCode': method<typeof empty, DisplayPairingView>('staff', empty),
  // Store setup (issue 12): the profile the receipt and ZATCA QR use, and staff with their PINs (write-only).
  'store.updateProfile': method<typeof storeProfileInput, AppInfoView>('manager', storeProfileInput),
  'staff.all': method<typeof empty, StaffMemberView[]>('manager', empty),
  'staff.create': method<typeof createStaffInput, StaffMemberView>('manager', createStaffInput),
  'staff.setPin': method<typeof setStaffPinInput, StaffMemberView>('manager', setStaffPinInput),
  'staff.deactivate': method<typeof staffIdInput, StaffMemberView>('manager', staffIdInput),
  'orgApps.setEnabled': method<z.ZodType<{ id: string; enabled: boolean }>, OrgAppView>('manager', idInput.extend({ enabled: z.boolean() })),
  'orgApps.test': method<typeof idInput, { ok: boolean; message: string }>('manager', idInput),
  'links.detail': method<typeof idInput, CatalogLinkDetailView>('manager', idInput),
  'reports.endOfDayDetail': method<typeof endOfDayRangeInput, EndOfDayDetailView>('manager', endOfDayRangeInput),
  /** The end of day on the thermal receipt printer. */
  'reports.printEndOfDay': method<typeof endOfDayRangeInput, { printed: true }>('manager', endOfDayRangeInput),
  'display.settings': method<typeof empty, DisplaySettingsView>('staff', empty),
  'display.updateSettings': method<typeof displaySettingsInput, DisplaySettingsView>('manager', displaySettingsInput),
  'paylinks.totals': method<typeof listPaylinksInput, PaylinkTotalsView>('staff', listPaylinksInput),
  'reports.endOfDay': method<z.ZodType<{ from: number; to: number; provider?: string | undefined; cashier_id?: string | undefined; till_id?: string | undefined }>, EndOfDayView>(
    'manager',
    z.object({ from: z.number().int().nonnegative(), to: z.number().int().positive(), provider: z.string().max(32).optional(), cashier_id: z.string().max(64).optional(), till_id: z.string().max(64).optional() }),
  ),
  // A store with several tills (issue 13): the store database's state for the header.
  'storedb.status': method<typeof empty, StoreDbStatusView>('staff', empty),
  'sync.status': method<typeof empty, SyncStatusView>('staff', empty),
  'sync.list': method<z.ZodType<{ status?: 'pending' | 'done' | 'dead' | 'discarded' | undefined; limit?: number | undefined }>, OutboxItemView[]>(
    'manager',
    z.object({ status: z.enum(['pending', 'done', 'dead', 'discarded']).optional(), limit: z.number().int().min(1).max(500).optional() }),
  ),
  'payments.unmatched': method<typeof unmatchedPaymentsInput, { payments: UnmatchedPaymentView[]; open: number }>('manager', unmatchedPaymentsInput),
  'sync.retry': method<z.ZodType<{ id: string }>, SyncStatusView>('manager', z.object({ id: z.string().min(1).max(200) })),
  'sync.discard': method<z.ZodType<{ id: string; reason: string }>, SyncStatusView>('manager', z.object({ id: z.string().min(1).max(200), reason: z.string().trim().min(3).max(500) })),
  // Manager views (issue 6): who can be filtered on, and catalog payment links (seed 004) through the contract.
  'staff.list': method<typeof empty, StaffView[]>('staff', empty),
  'links.list': method<typeof listCatalogLinksInput, CatalogLinkListView>('manager', listCatalogLinksInput),
  'links.create': method<typeof createCatalogLinkInput, CatalogLinkView>('manager', createCatalogLinkInput),
  'links.update': method<z.ZodType<z.infer<typeof updateCatalogLinkInput> & { id: string }>, CatalogLinkView>('manager', updateCatalogLinkInput.extend(idInput.shape)),
  'links.delete': method<typeof idInput, { deleted: true }>('manager', idInput),
  // Gateway reconciliation (issue 7): card payments read from Stripe, Moyasar… matched to PayDesk orders.
  'gateways.sync': method<typeof gatewaySyncInput, GatewaySyncRunView[]>('manager', gatewaySyncInput),
  'gateways.payments': method<typeof gatewayPaymentsInput, GatewayPaymentsView>('manager', gatewayPaymentsInput),
  'gateways.runs': method<typeof empty, GatewaySyncOverviewView>('manager', empty),
} as const;

export type MethodName = keyof typeof CONTRACT;
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

export type MethodInput<M extends MethodName> = z.input<(typeof CONTRACT)[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<(typeof CONTRACT)[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<(typeof CONTRACT)[M]['output']>;

/** What `window.paydesk` (and the bridge client, and the fake) implements. */
export type PayDeskApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export interface PayDeskEvents {
  'paylink.updated': { paylink: PaylinkView };
  'sync.changed': SyncStatusView;
}
export type EventName = keyof PayDeskEvents;
export type EventPayload<E extends EventName> = PayDeskEvents[E];
export const EVENT_NAMES: EventName[] = ['paylink.updated', 'sync.changed'];

export const IPC_CHANNEL_PREFIX = 'paydesk:';
export const IPC_EVENT_CHANNEL = 'paydesk:event';

export function isMethodName(value: string): value is MethodName {
  return Object.hasOwn(CONTRACT, value);
}

/** Turns zod issues into the validation error every host returns. */
export function validationError(issues: z.core.$ZodIssue[]): AppErrorShape {
  const first = issues[0];
  const path = first?.path.join('.') || 'body';
  return {
    code: 'validation_failed',
    message: first ? `${path}: ${first.message}` : 'The request is not valid.',
    details: { issues: issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })) },
  };
}
