import { readIsoDate } from '../../../src/common/calendar-date';

/** 'YYYY-MM-DD' as the console writes a date for typing: day first, as French and British English do (26/11/2026). */
export function typedDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** A typed date (26/11/2026, 26.11.2026, 26-11-2026, or 2026-11-26) as 'YYYY-MM-DD'; null unless it is a real day. */
export function parseTypedDate(text: string): string | null {
  const trimmed = text.trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const [year, month, day] = dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return null;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return readIsoDate(value) ? value : null;
}
