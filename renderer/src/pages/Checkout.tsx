import { useTranslation } from 'react-i18next';

export function Checkout() {
  const { t } = useTranslation();
  return (
    <main className="page">
      <h2>{t('checkout.title')}</h2>
    </main>
  );
}
