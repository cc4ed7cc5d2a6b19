import { DomainError } from '../../common/domain-error.js';
import type { Birth } from './age.js';
import { assertIsoDate } from '../../common/calendar-date.js';

/** How the registry stores a birth: an exact date, or a year flagged as estimated. */
export interface BirthColumns {
  readonly dateOfBirth: string | null;
  readonly birthYear: number | null;
  readonly birthDateEstimated: boolean;
}

/** What a request says about a birth; every field may be absent or null. */
export interface BirthInput {
  readonly dateOfBirth?: string | null;
  readonly birthYear?: number | null;
  readonly birthDateEstimated?: boolean | null;
}

/** The birth a request gives: an exact date, or a year with `birthDateEstimated: true`; anything else is BIRTH_INVALID. */
export function birthOf(input: BirthInput): Birth {
  const hasYear = input.birthYear !== undefined && input.birthYear !== null;
  if (input.birthDateEstimated === true) {
    if (!hasYear || input.dateOfBirth) throw new DomainError('BIRTH_INVALID', {});
    return { estimated: true, year: input.birthYear };
  }
  if (!input.dateOfBirth || hasYear) throw new DomainError('BIRTH_INVALID', {});
  return { estimated: false, date: assertIsoDate(input.dateOfBirth) };
}

export function birthColumns(birth: Birth): BirthColumns {
  return birth.estimated
    ? { dateOfBirth: null, birthYear: birth.year, birthDateEstimated: true }
    : { dateOfBirth: birth.date, birthYear: null, birthDateEstimated: false };
}

/** The birth a stored record holds (the inverse of `birthColumns`). */
export function birthOfColumns(columns: BirthColumns): Birth {
  return columns.birthDateEstimated && columns.birthYear !== null
    ? { estimated: true, year: columns.birthYear }
    : { estimated: false, date: columns.dateOfBirth ?? '' };
}

/** True when a partial update says anything about the birth, so it must be given whole again. */
export function touchesBirth(input: BirthInput): boolean {
  return input.dateOfBirth !== undefined || input.birthYear !== undefined || input.birthDateEstimated !== undefined;
}
