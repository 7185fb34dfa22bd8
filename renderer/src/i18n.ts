import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { screenDigits } from './digitSystem';
import { ar } from './locales/ar';
import { en } from './locales/en';

export type Lang = 'en' | 'ar';
const STORAGE_KEY = 'paydesk.lang';

export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'ar' || saved === 'en' ? saved : 'en';
}

/** Switches language and the whole document's direction (Arabic is right-to-left). */
export function applyLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ar: { translation: ar } },
  lng: initialLang(),
  fallbackLng: 'en',
  // React escapes text itself; "escaping" here writes every interpolated number in the screen's digit
  // system. Codes, ids and phone numbers are interpolated raw ({{- code}}) so they stay as typed.
  interpolation: { escapeValue: true, escape: (value: string) => screenDigits(String(value), i18n.language === 'ar' ? 'ar' : 'en') },
});

export default i18n;
