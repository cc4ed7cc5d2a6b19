import { normaliseName } from './names.js';

/** 'YYYY-MM-DD' of now where the cooperative works. */
export function localDateIn(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Three letters from the cooperative's name, upper case without accents, padded with X. */
export function memberPrefix(cooperativeName: string): string {
  return normaliseName(cooperativeName).replace(/[^a-z]/g, '').slice(0, 3).toUpperCase().padEnd(3, 'X');
}

/** ID numbers are compared as typed on different days: case and spacing do not count. */
export function normaliseIdDocumentNumber(value: string): string {
  return value.trim().replace(/\s+/g, '').toUpperCase();
}
