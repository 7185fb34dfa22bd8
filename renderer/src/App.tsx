import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo, useEngineEvents, useMe, useSignOut } from './api/hooks';
import { SyncIndicator } from './components/SyncIndicator';
import { Checkout } from './pages/Checkout';
import { Paylinks } from './pages/Paylinks';
import { Settings } from './pages/Settings';
import { SignIn } from './pages/SignIn';
import { useUi, type Page } from './state/ui';

const PAGES: { id: Page; key: string; shortcut: string }[] = [
  { id: 'checkout', key: 'nav.checkout', shortcut: 'F1' },
  { id: 'paylinks', key: 'nav.paylinks', shortcut: 'F2' },
  { id: 'settings', key: 'nav.settings', shortcut: 'F3' },
];

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const info = useAppInfo();
  const signOut = useSignOut();
  const { page, go, toggleLang } = useUi();
  useEngineEvents(Boolean(me.data));

  // Keyboard-first: F1–F3 switch screens, Ctrl+L switches language.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = PAGES.find((p) => p.shortcut === e.key);
      if (target) {
        e.preventDefault();
        go(target.id);
      } else if (e.ctrlKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        toggleLang();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, toggleLang]);

  const langButton = (
    <button type="button" className="lang" data-testid="toggle-lang" onClick={toggleLang}>
      {t('nav.language')}
    </button>
  );

  if (me.isPending) return null;
  if (!me.data) {
    return (
      <>
        <header className="topbar">
          <strong>{t('app.title')}</strong>
          {info.data?.mode === 'demo' && <span className="demo-flag">{t('app.demo')}</span>}
          {langButton}
        </header>
        <SignIn />
      </>
    );
  }

  return (
    <>
      <header className="topbar">
        <strong>{t('app.title')}</strong>
        <nav aria-label="main">
          {PAGES.map((p) => (
            <button key={p.id} type="button" data-testid={`nav-${p.id}`} aria-current={page === p.id ? 'page' : undefined} onClick={() => go(p.id)}>
              {t(p.key)} <kbd>{p.shortcut}</kbd>
            </button>
          ))}
        </nav>
        <SyncIndicator />
        {info.data?.mode === 'demo' && <span className="demo-flag">{t('app.demo')}</span>}
        <span className="who" data-testid="who">
          {me.data.name}
        </span>
        {langButton}
        <button type="button" onClick={() => signOut.mutate()}>
          {t('nav.signOut')}
        </button>
      </header>
      {page === 'checkout' && <Checkout />}
      {page === 'paylinks' && <Paylinks />}
      {page === 'settings' && <Settings />}
    </>
  );
}
