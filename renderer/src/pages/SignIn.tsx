import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo, useSignIn } from '../api/hooks';
import type { ApiError } from '../api/client';

export function SignIn() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const signIn = useSignIn();
  const [pin, setPin] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pin.length >= 4) signIn.mutate(pin, { onError: () => setPin('') });
  };
  const error = signIn.error as ApiError | null;

  return (
    <main className="signin">
      <form onSubmit={submit} className="card signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <label htmlFor="pin">{t('signIn.pin')}</label>
        <input
          id="pin"
          data-testid="pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          aria-describedby="pin-hint"
        />
        <p id="pin-hint" className="muted">{t('signIn.hint')}</p>
        {error && (
          <p role="alert" className="error" data-testid="signin-error">
            {t(`errors.${error.code}`, { defaultValue: error.message })}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending || pin.length < 4}>
          {t('signIn.submit')}
        </button>
        {info.data?.demo_staff && (
          <section className="demo-staff" data-testid="demo-staff">
            <h2>{t('signIn.demoStaff')}</h2>
            <p className="demo-public" role="note" data-testid="demo-pins-public">
              {t('security.demoPinsPublic')}
            </p>
            <ul>
              {info.data.demo_staff.map((s) => (
                <li key={s.pin}>
                  {s.name}: <code>{s.pin}</code>
                </li>
              ))}
            </ul>
          </section>
        )}
      </form>
    </main>
  );
}
