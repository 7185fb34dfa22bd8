import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput, MethodOutput, MethodParsedInput } from '../../../shared/contract';
import type { OutboxItemView, PaylinkView } from '../../../shared/views';
import { isUnreachableError, useProviderHealth } from '../state/providerHealth';
import { getApi, unwrap } from './client';

// The only module that talks to the engine: react-query hooks over the contract.

export const keys = {
  info: ['app.info'] as const,
  me: ['auth.me'] as const,
  providers: ['providers'] as const,
  orgApps: ['orgApps'] as const,
  products: (query: string) => ['products', query] as const,
  paylink: (id: string) => ['paylink', id] as const,
  paylinks: (filter: object) => ['paylinks', filter] as const,
  timeline: (id: string) => ['timeline', id] as const,
  sync: ['sync'] as const,
  storeSettings: ['settings'] as const,
};

export function useAppInfo() {
  return useQuery({ queryKey: keys.info, queryFn: () => unwrap(getApi()['app.info']({})), staleTime: Infinity });
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => unwrap(getApi()['auth.me']({})), retry: false, staleTime: Infinity });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pin: string) => unwrap(getApi()['auth.signIn']({ pin })),
    onSuccess: (session) => qc.setQueryData(keys.me, session.staff),
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(getApi()['auth.signOut']({})),
    onSettled: () => qc.clear(),
  });
}

export function useProviders() {
  return useQuery({ queryKey: keys.providers, queryFn: () => unwrap(getApi()['providers.list']({})), staleTime: Infinity });
}

export function useOrgApps() {
  return useQuery({ queryKey: keys.orgApps, queryFn: () => unwrap(getApi()['orgApps.list']({})) });
}

export function useProducts(query: string, enabled = true) {
  return useQuery({ queryKey: keys.products(query), queryFn: () => unwrap(getApi()['catalog.listProducts']({ query })), staleTime: 60_000, enabled });
}

/** A paylink kept live by pushed events, with polling as the fallback while it awaits an outcome. */
export function usePaylink(id: string | undefined) {
  return useQuery({
    queryKey: keys.paylink(id ?? ''),
    queryFn: () => unwrap(getApi()['paylinks.get']({ id: id! })),
    enabled: Boolean(id),
    // Pushed events and the poll below keep it fresh: no extra read right after create or capture put it in the cache.
    staleTime: 1_000,
    refetchInterval: (q) => {
      const p = q.state.data;
      return p && (p.status === 'created' || p.status === 'authorized' || p.status === 'unknown' || p.pending_command) ? 3_000 : false;
    },
  });
}

export function usePaylinks(filter: MethodInput<'paylinks.list'>) {
  return useQuery({ queryKey: keys.paylinks(filter), queryFn: () => unwrap(getApi()['paylinks.list'](filter)) });
}

export function useTimeline(id: string | undefined) {
  return useQuery({ queryKey: keys.timeline(id ?? ''), queryFn: () => unwrap(getApi()['paylinks.timeline']({ id: id! })), enabled: Boolean(id) });
}

/** A store with several tills: the store database's state and its tills (nothing configured on a lone till). */
export function useStoreDbStatus() {
  // A lone till answers once that it has no store database; only a till in a store keeps polling.
  return useQuery({ queryKey: ['storedb'] as const, queryFn: () => unwrap(getApi()['storedb.status']({})), refetchInterval: (q) => (q.state.data?.configured === false ? false : 5_000) });
}

export function useSyncStatus() {
  return useQuery({ queryKey: keys.sync, queryFn: () => unwrap(getApi()['sync.status']({})), refetchInterval: 5_000 });
}

function usePaylinkMutation<I>(call: (input: I) => Promise<PaylinkView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (paylink) => {
      qc.setQueryData(keys.paylink(paylink.id), paylink);
      void qc.invalidateQueries({ queryKey: ['paylinks'] });
      void qc.invalidateQueries({ queryKey: keys.timeline(paylink.id) });
    },
  });
}

/** A create that cannot reach its provider marks it "not answering" in the header until it answers again. */
export const useCreatePaylink = () =>
  usePaylinkMutation(async (input: MethodInput<'paylinks.create'>) => {
    try {
      const paylink = await unwrap(getApi()['paylinks.create'](input));
      useProviderHealth.getState().answered(input.provider);
      return paylink;
    } catch (err) {
      if (isUnreachableError(err)) useProviderHealth.getState().failed(input.provider);
      throw err;
    }
  });
export const useCapture = () => usePaylinkMutation((input: MethodInput<'paylinks.capture'>) => unwrap(getApi()['paylinks.capture'](input)));
export const useCancel = () => usePaylinkMutation((input: string | MethodInput<'paylinks.cancel'>) => unwrap(getApi()['paylinks.cancel'](typeof input === 'string' ? { id: input } : input)));
export const useRefund = () => usePaylinkMutation((input: MethodInput<'paylinks.refund'>) => unwrap(getApi()['paylinks.refund'](input)));
export const useRecordCash = () => usePaylinkMutation((input: MethodInput<'sales.recordCash'>) => unwrap(getApi()['sales.recordCash'](input)));
export const useResend = () => usePaylinkMutation((id: string) => unwrap(getApi()['paylinks.resend']({ id })));
export const useRecordPrint = () =>
  usePaylinkMutation((input: MethodInput<'paylinks.recordPrint'>) => unwrap(getApi()['paylinks.recordPrint'](input)));

/** Checkout settings: auto-capture and the store's pricing mode (tax inclusive / exclusive). */
export function useStoreSettings(enabled = true) {
  return useQuery({ queryKey: keys.storeSettings, queryFn: () => unwrap(getApi()['settings.get']({})), staleTime: 30_000, enabled });
}

export function useUpdateStoreSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'settings.update'>) => unwrap(getApi()['settings.update'](input)),
    onSuccess: (settings) => {
      qc.setQueryData(keys.storeSettings, settings);
      void qc.invalidateQueries({ queryKey: keys.info }); // app.info carries the pricing mode too
    },
  });
}

/** Catalog look-ups for the scan field, through the same cache as the search list. */
export function useCatalogLookup() {
  const qc = useQueryClient();
  const search = (query: string) =>
    qc.fetchQuery({ queryKey: keys.products(query), queryFn: () => unwrap(getApi()['catalog.listProducts']({ query })), staleTime: 60_000 });
  return {
    search,
    /** The product whose barcode or SKU is exactly this code, or null. */
    byCode: async (code: string) => (await search(code)).find((p) => p.barcode === code || p.sku.toLowerCase() === code.toLowerCase()) ?? null,
  };
}

/** Asks the host to print; {via:'browser'} means the renderer prints with window.print() itself. */
export function usePrintReceipt() {
  return useMutation({ mutationFn: (input: MethodInput<'receipt.print'>) => unwrap(getApi()['receipt.print'](input)) });
}

/** Applies pushed engine events to the cache so screens update without polling or reloads. */
export function useEngineEvents(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    const api = getApi();
    const offPaylink = api.on('paylink.updated', ({ paylink }) => {
      qc.setQueryData(keys.paylink(paylink.id), paylink);
      void qc.invalidateQueries({ queryKey: ['paylinks'] });
      void qc.invalidateQueries({ queryKey: keys.timeline(paylink.id) });
    });
    const offSync = api.on('sync.changed', (status) => {
      qc.setQueryData(keys.sync, status);
      // The sync queue screen is live: a delivered item leaves it as soon as the engine says so.
      void qc.invalidateQueries({ queryKey: ['syncQueue'] });
    });
    return () => {
      offPaylink();
      offSync();
    };
  }, [enabled, qc]);
}

// ---- Manager views (issue 6) and the sync queue (issue 5) ----
// Keys under 'paylinks' are refreshed by useEngineEvents on every pushed paylink.updated, so the day
// view, its totals and the end-of-day report follow refunds and captures without a reload.

type DayFilter = Omit<MethodInput<'paylinks.list'>, 'cursor'>;

/** The day's paylinks, keyset-paged through next_cursor; the previous pages stay on screen while filters change. */
export function useDayPaylinks(filter: DayFilter) {
  return useInfiniteQuery({
    queryKey: ['paylinks', 'day', filter] as const,
    queryFn: ({ pageParam }) => unwrap(getApi()['paylinks.list']({ ...filter, ...(pageParam ? { cursor: pageParam } : {}) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function usePaylinkTotals(filter: MethodInput<'paylinks.totals'>) {
  return useQuery({ queryKey: ['paylinks', 'totals', filter] as const, queryFn: () => unwrap(getApi()['paylinks.totals'](filter)), placeholderData: keepPreviousData });
}

export function useEndOfDay(filter: MethodParsedInput<'reports.endOfDay'>) {
  return useQuery({ queryKey: ['paylinks', 'endOfDay', filter] as const, queryFn: () => unwrap(getApi()['reports.endOfDay'](filter)) });
}

export function useStaffList() {
  return useQuery({ queryKey: ['staff'] as const, queryFn: () => unwrap(getApi()['staff.list']({})), staleTime: 60_000 });
}

/** Outbox items by status. Polled: the pushed sync.changed carries counts, not the items. */
export function useSyncQueue(status: OutboxItemView['status']) {
  return useQuery({ queryKey: ['syncQueue', status] as const, queryFn: () => unwrap(getApi()['sync.list']({ status, limit: 200 })), refetchInterval: 3_000 });
}

function useSyncItemMutation<I>(call: (input: I) => Promise<MethodOutput<'sync.retry'>>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (status) => {
      qc.setQueryData(keys.sync, status);
      void qc.invalidateQueries({ queryKey: ['syncQueue'] });
    },
  });
}

export const useRetrySyncItem = () => useSyncItemMutation((id: string) => unwrap(getApi()['sync.retry']({ id })));
export const useDiscardSyncItem = () => useSyncItemMutation((input: MethodParsedInput<'sync.discard'>) => unwrap(getApi()['sync.discard'](input)));

export function useCatalogLinks() {
  return useQuery({ queryKey: ['links'] as const, queryFn: () => unwrap(getApi()['links.list']({ limit: 200 })) });
}

function useCatalogLinkMutation<I, O>(call: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => void qc.invalidateQueries({ queryKey: ['links'] }) });
}

export const useCreateCatalogLink = () => useCatalogLinkMutation((input: MethodInput<'links.create'>) => unwrap(getApi()['links.create'](input)));
export const useUpdateCatalogLink = () => useCatalogLinkMutation((input: MethodParsedInput<'links.update'>) => unwrap(getApi()['links.update'](input)));
export const useDeleteCatalogLink = () => useCatalogLinkMutation((id: string) => unwrap(getApi()['links.delete']({ id })));

// Gateway reconciliation (issue 7): the period's card payments per gateway, each app's last sync, "Sync now".

const gatewayKeys = {
  payments: (filter: object) => ['gateways.payments', filter] as const,
  runs: ['gateways.runs'] as const,
};

export function useGatewayPayments(filter: MethodInput<'gateways.payments'>) {
  return useQuery({ queryKey: gatewayKeys.payments(filter), queryFn: () => unwrap(getApi()['gateways.payments'](filter)), refetchInterval: 30_000 });
}

/** Each gateway app's last run; polled faster while a run is going so the button settles on its own. */
export function useGatewayRuns() {
  return useQuery({
    queryKey: gatewayKeys.runs,
    queryFn: () => unwrap(getApi()['gateways.runs']({})),
    refetchInterval: (q) => (q.state.data?.apps.some((a) => a.running) ? 1_000 : 30_000),
  });
}

export function useGatewaySyncNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'gateways.sync'>) => unwrap(getApi()['gateways.sync'](input)),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['gateways.payments'] });
      void qc.invalidateQueries({ queryKey: gatewayKeys.runs });
    },
  });
}

/** Managers edit the catalog; every cached product search is refreshed after a change. */
export function useSaveProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; price: string } | { sku: string; name_en: string; name_ar: string; price: string; currency: string; barcode?: string }) =>
      'id' in input ? unwrap(getApi()['catalog.updateProduct'](input)) : unwrap(getApi()['catalog.createProduct'](input)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['products'] }),
  });
}

/** Provider notifications about sessions no paylink held (manager): kept, never dropped. */
export function useUnmatchedPayments() {
  return useQuery({ queryKey: ['unmatchedPayments'] as const, queryFn: () => unwrap(getApi()['payments.unmatched']({ limit: 100 })), refetchInterval: 10_000 });
}
