import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput } from '../../../shared/contract';
import type { PaylinkView } from '../../../shared/views';
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

export function useProducts(query: string) {
  return useQuery({ queryKey: keys.products(query), queryFn: () => unwrap(getApi()['catalog.listProducts']({ query })), staleTime: 60_000 });
}

/** A paylink kept live by pushed events, with polling as the fallback while it awaits an outcome. */
export function usePaylink(id: string | undefined) {
  return useQuery({
    queryKey: keys.paylink(id ?? ''),
    queryFn: () => unwrap(getApi()['paylinks.get']({ id: id! })),
    enabled: Boolean(id),
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

export const useCreatePaylink = () => usePaylinkMutation((input: MethodInput<'paylinks.create'>) => unwrap(getApi()['paylinks.create'](input)));
export const useCapture = () => usePaylinkMutation((input: MethodInput<'paylinks.capture'>) => unwrap(getApi()['paylinks.capture'](input)));
export const useCancel = () => usePaylinkMutation((id: string) => unwrap(getApi()['paylinks.cancel']({ id })));
export const useRefund = () => usePaylinkMutation((input: MethodInput<'paylinks.refund'>) => unwrap(getApi()['paylinks.refund'](input)));
export const useResend = () => usePaylinkMutation((id: string) => unwrap(getApi()['paylinks.resend']({ id })));
export const useRecordPrint = () =>
  usePaylinkMutation((input: MethodInput<'paylinks.recordPrint'>) => unwrap(getApi()['paylinks.recordPrint'](input)));

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
    const offSync = api.on('sync.changed', (status) => qc.setQueryData(keys.sync, status));
    return () => {
      offPaylink();
      offSync();
    };
  }, [enabled, qc]);
}
