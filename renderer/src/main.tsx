import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CustomerDisplay } from './customer/CustomerDisplay';
import { applyLang, initialLang } from './i18n';
// The Arabic UI font ships with the app (Noto Sans Arabic, SIL OFL): the till must not depend on which
// system fonts a store's machine happens to have. Regular for text, semi-bold and bold for headings and totals.
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/600.css';
import '@fontsource/noto-sans-arabic/700.css';
import './styles.css';
import './layout.css';

applyLang(initialLang());
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// /customer is the screen facing the customer (renderer/src/customer): its own small app, no bridge.
// (The desktop app opens it as index.html?view=customer from paydesk://app.)
const isCustomerDisplay = window.location.pathname.replace(/\/+$/, '') === '/customer' || new URLSearchParams(window.location.search).get('view') === 'customer';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {isCustomerDisplay ? (
      <CustomerDisplay />
    ) : (
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    )}
  </StrictMode>,
);
