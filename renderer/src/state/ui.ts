import { create } from 'zustand';
import { applyLang, initialLang, type Lang } from '../i18n';

export type Page = 'checkout' | 'paylinks' | 'settings' | 'endOfDay' | 'syncQueue' | 'links' | 'reconciliation';

interface UiState {
  page: Page;
  lang: Lang;
  go(page: Page): void;
  toggleLang(): void;
}

/** UI-only state. Engine data lives in react-query, never here. */
export const useUi = create<UiState>((set, get) => ({
  page: 'checkout',
  lang: initialLang(),
  go: (page) => set({ page }),
  toggleLang: () => {
    const lang: Lang = get().lang === 'en' ? 'ar' : 'en';
    applyLang(lang);
    set({ lang });
  },
}));
