import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An engine error said in the cashier's language, chosen by its code; the engine's own words stay as a detail. */
export function ErrorNote({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : '';
  return (
    <p role="alert" className="error" data-testid={testId} data-code={code ?? 'generic'}>
      {t(`errors.${code ?? 'generic'}`, { defaultValue: t('errors.generic') })}
      {detail && <span className="error-detail">{detail}</span>}
    </p>
  );
}
