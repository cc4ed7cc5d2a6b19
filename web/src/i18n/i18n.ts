import fr from './fr.json';
import en from './en.json';
import { createStore, saved, useStore } from '../store';
import { formatMoney as formatMinor } from '../../../src/common/money';

export type Language = 'fr' | 'en';
export type MessageKey = keyof typeof fr;
const dictionaries: Record<Language, Record<MessageKey, string>> = { fr, en };

const initial: Language = saved.read<Language>('ushirika.lang') ?? 'fr';
export const language = createStore<Language>(initial);
document.documentElement.lang = initial;

export function setLanguage(next: Language): void {
  saved.write('ushirika.lang', next);
  document.documentElement.lang = next;
  language.set(next);
}

/** A message in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[language.get()][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): Language {
  return useStore(language);
}

export function formatMoney(amountMinor: number, currency: string): string {
  return formatMinor(language.get() === 'fr' ? 'fr-FR' : 'en-GB', amountMinor, currency);
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(language.get() === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
