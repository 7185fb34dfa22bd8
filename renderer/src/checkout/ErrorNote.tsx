import { useTranslation } from 'react-i18next';
import { errorDetail, errorField, errorHeadline } from '../errorText';

/** An engine error said in the cashier's language, chosen by its code and details (see errorText.ts). */
export function ErrorNote({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = (error as { code?: string }).code;
  const detail = errorDetail(t, error);
  return (
    <p role="alert" className="error" data-testid={testId} data-code={code ?? 'generic'} data-field={errorField(error)}>
      {errorHeadline(t, error)}
      {detail && <span className="error-detail">{detail}</span>}
    </p>
  );
}
