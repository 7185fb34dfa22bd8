import { useTranslation } from 'react-i18next';
import type { DataScopeView } from '../../../shared/views';
import { useStoreDbStatus } from '../api/hooks';

/** Says when a manager view shows this till only because the store database cannot be read. */
export function StoreScopeBanner({ scope }: { scope: DataScopeView | undefined }) {
  const { t } = useTranslation();
  if (scope?.source !== 'till') return null;
  return (
    <p className="card banner warning" role="status" data-testid="store-scope-banner">
      {t('storedb.thisTillOnly', { till: scope.till_name })}
    </p>
  );
}

/** The till filter of the store-wide views; shown only when the till belongs to a store database. */
export function TillFilter({ value, onChange }: { value: string; onChange(tillId: string): void }) {
  const { t } = useTranslation();
  const s = useStoreDbStatus().data;
  if (!s?.configured) return null;
  return (
    <label className="card till-filter">
      {t('storedb.till')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="filter-till">
        <option value="">{t('storedb.allTills')}</option>
        {s.tills.map((till) => (
          <option key={till.till_id} value={till.till_id}>
            {till.name}
            {till.online ? '' : ` (${t('sync.offline')})`}
          </option>
        ))}
      </select>
    </label>
  );
}
