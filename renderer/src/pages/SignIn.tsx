import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo, useSignIn } from '../api/hooks';
import { pinDigits } from '../../../shared/digits';
import { ErrorNote } from '../checkout/ErrorNote';

export function SignIn() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const signIn = useSignIn();
  const [pin, setPin] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pin.length >= 4) signIn.mutate(pin, { onError: () => setPin('') });
  };

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
          onChange={(e) => setPin(pinDigits(e.target.value))}
          aria-describedby="pin-hint"
        />
        <p id="pin-hint" className="muted">{t('signIn.hint')}</p>
        <ErrorNote error={signIn.error} testId="signin-error" />
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
                  {t(`screens.staff.${s.role}`)} · <bdi>{s.name}</bdi>: <code>{s.pin}</code>
                </li>
              ))}
            </ul>
          </section>
        )}
      </form>
    </main>
  );
}
