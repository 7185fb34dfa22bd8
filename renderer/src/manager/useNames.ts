import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useProviders, useStaffList } from '../api/hooks';

/** Display names for provider ids, staff ids and timeline actors ('api', 'system', 'provider' or a staff id). */
export function useNames() {
  const { t } = useTranslation();
  const providers = useProviders();
  const staff = useStaffList();
  const providerName = useCallback((id: string) => (id === 'cash' ? t('screens.cash.name') : (providers.data?.find((p) => p.id === id)?.name ?? id)), [providers.data, t]);
  const staffName = useCallback(
    (id: string | null) => (id === null ? t('manager.actors.api') : (staff.data?.find((s) => s.id === id)?.name ?? id)),
    [staff.data, t],
  );
  const actorName = useCallback(
    (actor: string) => staff.data?.find((s) => s.id === actor)?.name ?? t(`manager.actors.${actor}`, { defaultValue: actor }),
    [staff.data, t],
  );
  return { providerName, staffName, actorName };
}
