import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickLanguage } from './pick-language.ts';

/**
 * Every JSON file in src/web/i18n is a UI language: adding `de.json` adds German to the picker, nothing else to change.
 * Each file names itself in `meta.name` (in its own language).
 */
type LocaleFile = { meta: { name: string } } & Record<string, unknown>;
const modules = import.meta.glob<LocaleFile>('./*.json', { eager: true, import: 'default' });

export const LOCALES = Object.entries(modules)
  .map(([file, data]) => ({ code: file.replace(/^.*\/([^/]+)\.json$/, '$1'), name: data.meta.name, data }))
  .sort((a, b) => a.code.localeCompare(b.code));
export const LOCALE_CODES = LOCALES.map((l) => l.code);

const STORAGE_KEY = 'servisto.uiLanguage';

export function storedLanguage(): string | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value && LOCALE_CODES.includes(value) ? value : null;
  } catch {
    return null;
  }
}

export function setUiLanguage(code: string): void {
  if (!LOCALE_CODES.includes(code)) return;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18next.changeLanguage(code);
}

/** After login: the agent's saved account language applies unless they picked one in this browser. */
export function adoptAccountLanguage(code: string): void {
  if (!storedLanguage() && LOCALE_CODES.includes(code) && i18next.language !== code) void i18next.changeLanguage(code);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18next.use(initReactI18next).init({
  resources: Object.fromEntries(LOCALES.map((l) => [l.code, { translation: l.data }])),
  lng: pickLanguage(storedLanguage(), navigator.languages, LOCALE_CODES),
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export default i18next;
