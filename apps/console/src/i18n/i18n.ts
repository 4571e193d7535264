import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { kk } from './kk.js';
import { ru } from './ru.js';
import { vi } from './vi.js';

export { CONSOLE_LANGUAGES, type ConsoleLanguage, LANGUAGE_NAMES, LOCALE_TAGS } from './locales.js';

import { CONSOLE_LANGUAGES, type ConsoleLanguage } from './locales.js';

const STORAGE_KEY = 'safenet.language';

function isConsoleLanguage(value: unknown): value is ConsoleLanguage {
  return typeof value === 'string' && (CONSOLE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language before anyone signs in: the one chosen last on this device, else the
 * browser's first of ours, else Russian (the programmes' shared language).
 */
function initialLanguage(): ConsoleLanguage {
  const stored = readStored();
  if (stored) return stored;
  for (const tag of navigator.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isConsoleLanguage(base)) return base;
  }
  return 'ru';
}

function readStored(): ConsoleLanguage | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isConsoleLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled: the browser's language then
  }
}

/** Switches the console's language and remembers it on this device. */
export async function setLanguage(language: ConsoleLanguage): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts until the page is reloaded
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** The current language. */
export function currentLanguage(): ConsoleLanguage {
  return isConsoleLanguage(i18next.language) ? i18next.language : 'ru';
}

const language = initialLanguage();
document.documentElement.lang = language;

void i18next.use(initReactI18next).init({
  lng: language,
  fallbackLng: 'en',
  resources: {
    en: { translation: en },
    ru: { translation: ru },
    kk: { translation: kk },
    vi: { translation: vi },
  },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export { i18next };
