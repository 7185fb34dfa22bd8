import { useTranslation } from 'react-i18next';
import { PAYLINK_STATUSES } from '../../../shared/status';
import { useProviders, useStaffList } from '../api/hooks';
import type { DayFilterState } from './dayFilter';

interface Props {
  value: DayFilterState;
  onChange(next: DayFilterState): void;
}

/** Provider, status, cashier and time range; every change re-queries the list and the totals. */
export function DayFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const providers = useProviders();
  const staff = useStaffList();
  const set = <K extends keyof DayFilterState>(key: K) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  const paylinkProviders = (providers.data ?? []).filter((p) => p.type !== 'gateway_sync');

  return (
    <form className="card day-filters" aria-label={t('manager.filters.title')} onSubmit={(e) => e.preventDefault()} data-testid="day-filters">
      <label>
        {t('manager.filters.date')}
        <input type="date" value={value.date} onChange={set('date')} data-testid="filter-date" />
      </label>
      <label>
        {t('manager.filters.from')}
        <input type="time" value={value.fromTime} onChange={set('fromTime')} data-testid="filter-from" />
      </label>
      <label>
        {t('manager.filters.to')}
        <input type="time" value={value.toTime} onChange={set('toTime')} data-testid="filter-to" />
      </label>
      <label>
        {t('manager.filters.provider')}
        <select value={value.provider} onChange={set('provider')} data-testid="filter-provider">
          <option value="">{t('manager.filters.all')}</option>
          {paylinkProviders.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('manager.filters.status')}
        <select value={value.status} onChange={set('status')} data-testid="filter-status">
          <option value="">{t('manager.filters.all')}</option>
          {PAYLINK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('manager.filters.cashier')}
        <select value={value.cashierId} onChange={set('cashierId')} data-testid="filter-cashier">
          <option value="">{t('manager.filters.all')}</option>
          {(staff.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
