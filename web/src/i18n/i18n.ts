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
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

function localeTag(): string {
  return language.get() === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A calendar date 'YYYY-MM-DD' as the language writes it (26/11/2026, 26 Nov 2026...), never shifted by a time zone. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** An exact decimal as the API or the rules write it ('12.8'), with the language's decimal mark (12,8). */
export function formatDecimal(value: string): string {
  return language.get() === 'fr' ? value.replace('.', ',') : value;
}

/** A measured figure for reading, at most `digits` decimals, in the language's format (1,633). */
export function formatNumber(value: number, digits: number): string {
  return new Intl.NumberFormat(localeTag(), { maximumFractionDigits: digits }).format(value);
}
