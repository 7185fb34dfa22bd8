import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CustomerDisplay } from './customer/CustomerDisplay';
import { applyLang, initialLang } from './i18n';
import './styles.css';

applyLang(initialLang());
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// /customer is the screen facing the customer (renderer/src/customer): its own small app, no bridge.
const isCustomerDisplay = window.location.pathname.replace(/\/+$/, '') === '/customer';

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
