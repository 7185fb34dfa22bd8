import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './api/client';
import { useAppInfo, useEngineEvents, useMe, useSignOut, useStoreSettings } from './api/hooks';
import { useDigitSystem } from './useDigitSystem';
import { SyncIndicator } from './components/SyncIndicator';
import { PairDisplay } from './customer/PairDisplay';
import { useTillPublisher } from './customer/useTillPublisher';
import { CatalogLinks } from './manager/CatalogLinks';
import { EndOfDayReport } from './manager/EndOfDayReport';
import { SyncQueue } from './manager/SyncQueue';
import { Checkout } from './pages/Checkout';
import { Paylinks } from './pages/Paylinks';
import { Reconciliation } from './pages/Reconciliation';
import { Settings } from './pages/Settings';
import { SignIn } from './pages/SignIn';
import { useCheckout } from './state/checkout';
import { useUi, type Page } from './state/ui';

const PAGES: { id: Page; key: string; shortcut: string; managerOnly?: true }[] = [
  { id: 'checkout', key: 'nav.checkout', shortcut: 'F1' },
  { id: 'paylinks', key: 'nav.paylinks', shortcut: 'F2' },
  { id: 'settings', key: 'nav.settings', shortcut: 'F3' },
  { id: 'reconciliation', key: 'nav.reconciliation', shortcut: 'F6', managerOnly: true },
  // Manager screens (issue 6). F4, F7–F9 are checkout keys and F6 is reconciliation, hence F10–F12.
  { id: 'endOfDay', key: 'nav.endOfDay', shortcut: 'F10', managerOnly: true },
  { id: 'syncQueue', key: 'nav.syncQueue', shortcut: 'F11', managerOnly: true },
  { id: 'links', key: 'nav.links', shortcut: 'F12', managerOnly: true },
];

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const info = useAppInfo();
  const signOut = useSignOut();
  const { page, go, toggleLang } = useUi();
  useEngineEvents(Boolean(me.data));
  useTillPublisher(Boolean(me.data));
  const digits = useDigitSystem(useStoreSettings(Boolean(me.data)).data?.digits);
  const isManager = me.data?.role === 'manager';

  // Keyboard-first: F-keys switch screens (managers get F10–F12 too), Ctrl+L switches language.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = PAGES.find((p) => p.shortcut === e.key && (!p.managerOnly || isManager));
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
  }, [go, toggleLang, isManager]);

  const langButton = (
    <button type="button" className="lang" data-testid="toggle-lang" onClick={toggleLang}>
      {t('nav.language')}
    </button>
  );

  if (me.isPending) {
    return (
      <p className="startup" role="status" aria-busy="true" data-testid="app-loading">
        {t('screens.states.starting')}
      </p>
    );
  }
  if ((me.error as ApiError | null)?.code === 'launch_required') {
    return (
      <>
        <header className="topbar">
          <strong>{t('app.title')}</strong>
          {langButton}
        </header>
        <main className="signin">
          <section className="card signin-card" data-testid="launch-required" role="alert">
            <h1>{t('launch.title')}</h1>
            <p>{t('launch.body')}</p>
          </section>
        </main>
      </>
    );
  }
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
          {PAGES.filter((p) => !p.managerOnly || isManager).map((p) => (
            <button key={p.id} type="button" data-testid={`nav-${p.id}`} aria-current={page === p.id ? 'page' : undefined} onClick={() => go(p.id)}>
              {t(p.key)} <kbd>{p.shortcut}</kbd>
            </button>
          ))}
        </nav>
        <SyncIndicator />
        <PairDisplay />
        {info.data?.mode === 'demo' && (
          <span className="demo-flag" title={t('app.demo')} data-testid="demo-flag">
            {t('screens.header.demo')}
          </span>
        )}
        <span className="who" data-testid="who">
          <bdi>{me.data.name}</bdi> · {t(`screens.staff.${me.data.role}`)}
        </span>
        {langButton}
        <button
          type="button"
          onClick={() => {
            // The next person at the till must never inherit this cashier's sale.
            useCheckout.getState().nextSale();
            signOut.mutate();
          }}
        >
          {t('nav.signOut')}
        </button>
      </header>
      {/* Keyed by the digit setting: every number on screen is redrawn in the new digits when it changes. */}
      <div key={digits} className="contents">
        {page === 'checkout' && <Checkout />}
        {page === 'paylinks' && <Paylinks />}
        {page === 'settings' && <Settings />}
        {isManager && page === 'endOfDay' && <EndOfDayReport />}
        {isManager && page === 'syncQueue' && <SyncQueue />}
        {isManager && page === 'links' && <CatalogLinks />}
        {isManager && page === 'reconciliation' && <Reconciliation />}
      </div>
    </>
  );
}
