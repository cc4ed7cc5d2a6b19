/** The periods a regulator's report covers, as the API names them: `2026-11`, `2026-Q4`, `2026`. */
export type PeriodKind = 'month' | 'quarter' | 'year';

export function periodKey(kind: PeriodKind, year: number, index: number): string {
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${index}`;
  return `${year}-${String(index).padStart(2, '0')}`;
}

/** The period just ended on `today` (ISO date): last month, last quarter, last year — what is usually reported. */
export function lastEnded(kind: PeriodKind, today: string): { year: number; index: number } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (kind === 'year') return { year: year - 1, index: 1 };
  if (kind === 'quarter') {
    const quarter = Math.ceil(month / 3) - 1;
    return quarter === 0 ? { year: year - 1, index: 4 } : { year, index: quarter };
  }
  return month === 1 ? { year: year - 1, index: 12 } : { year, index: month - 1 };
}

/** The indexes a period kind offers: 12 months, 4 quarters, none for a year. */
export function indexesOf(kind: PeriodKind): number[] {
  if (kind === 'year') return [];
  return Array.from({ length: kind === 'quarter' ? 4 : 12 }, (_, at) => at + 1);
}
