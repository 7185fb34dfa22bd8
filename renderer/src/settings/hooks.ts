import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../shared/contract';
import { getApi, unwrap } from '../api/client';
import { keys } from '../api/hooks';

// Store setup's engine data (react-query over the shared contract).

const setupKeys = { staff: ['staff.all'] as const, printer: ['printer'] as const };

export function useUpdateStoreProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'store.updateProfile'>) => unwrap(getApi()['store.updateProfile'](input)),
    onSuccess: (info) => qc.setQueryData(keys.info, info),
  });
}

export function useStaffMembers() {
  return useQuery({ queryKey: setupKeys.staff, queryFn: () => unwrap(getApi()['staff.all']({})) });
}

function useStaffMutation<I>(run: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => qc.invalidateQueries({ queryKey: setupKeys.staff }) });
}

export const useCreateStaff = () => useStaffMutation((input: MethodInput<'staff.create'>) => unwrap(getApi()['staff.create'](input)));
export const useSetStaffPin = () => useStaffMutation((input: MethodInput<'staff.setPin'>) => unwrap(getApi()['staff.setPin'](input)));
export const useDeactivateStaff = () => useStaffMutation((id: string) => unwrap(getApi()['staff.deactivate']({ id })));

export function usePrinterSettings() {
  return useQuery({ queryKey: setupKeys.printer, queryFn: () => unwrap(getApi()['printer.get']({})) });
}

export function useUpdatePrinter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'printer.update'>) => unwrap(getApi()['printer.update'](input)),
    onSuccess: (view) => qc.setQueryData(setupKeys.printer, view),
  });
}

export function useTestPrint() {
  return useMutation({ mutationFn: () => unwrap(getApi()['printer.test']({})) });
}
