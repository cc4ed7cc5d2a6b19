import { DomainError } from '../../common/domain-error.js';
import { addMonthsRollingOver, compareIsoDates, formatIsoDate, type IsoDate, parseIsoDate } from '../../common/calendar-date.js';

/**
 * A date of birth, or only the year when that is all anyone knows (common for miners with
 * no birth certificate); the registry stores it as a year and an "estimated" flag.
 */
export type Birth =
  | { readonly estimated: false; readonly date: IsoDate }
  | { readonly estimated: true; readonly year: number };

export interface Age {
  readonly years: number;
  /** True when the age rests on an estimated year of birth, so it is the youngest possible age. */
  readonly estimated: boolean;
}

/** Minimum working age since the 2016 DRC Labour Code; a setting, this is the default. */
export const ADULT_AGE = 18;

export const AGE_BANDS = ['<18', '18-24', '25-34', '35-44', '45-54', '55+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Lower bound in whole years of each band after the first, in the order of AGE_BANDS. */
const BAND_FLOORS: ReadonlyArray<readonly [number, AgeBand]> = [
  [55, '55+'],
  [45, '45-54'],
  [35, '35-44'],
  [25, '25-34'],
  [18, '18-24'],
];

/**
 * The birth date the rules reason with. For an estimated year it is 31 December of that
 * year, the youngest the person can be: a child-labour check must never let a possible
 * minor through because of a guessed birthday, and reports use the same age so that the
 * gate and the regulator's figures never disagree.
 */
export function assumedBirthDate(birth: Birth): IsoDate {
  if (!birth.estimated) return birth.date;
  if (!Number.isInteger(birth.year) || birth.year < 1 || birth.year > 9999) {
    throw new DomainError('INVALID_BIRTH_YEAR', { year: birth.year });
  }
  return formatIsoDate({ year: birth.year, month: 12, day: 31 });
}

/**
 * Age in whole years on `date`. A person born on 29 February becomes a year older on
 * 1 March in common years (see calendar.ts). An estimated birth counts from 31 December
 * and is 0 years old earlier in that year; a date before an exact birth is refused.
 */
export function ageOn(birth: Birth, date: IsoDate): Age {
  const born = assumedBirthDate(birth);
  const on = parseIsoDate(date);
  const bornYear = parseIsoDate(born).year;
  if (compareIsoDates(date, born) < 0) {
    if (birth.estimated && on.year === bornYear) return { years: 0, estimated: true };
    throw new DomainError('DATE_BEFORE_BIRTH', { birthDate: born, date });
  }
  const birthdayThisYear = addMonthsRollingOver(born, (on.year - bornYear) * 12);
  const hadBirthday = compareIsoDates(date, birthdayThisYear) >= 0;
  return { years: on.year - bornYear - (hadBirthday ? 0 : 1), estimated: birth.estimated };
}

export function isAdultOn(birth: Birth, date: IsoDate, adultAge: number = ADULT_AGE): boolean {
  if (!Number.isInteger(adultAge) || adultAge < 0) throw new DomainError('ADULT_AGE_INVALID', { adultAge });
  return ageOn(birth, date).years >= adultAge;
}

export function ageBand(years: number): AgeBand {
  if (!Number.isInteger(years) || years < 0) throw new DomainError('AGE_INVALID', { years });
  return BAND_FLOORS.find(([floor]) => years >= floor)?.[1] ?? '<18';
}

export function ageBandOn(birth: Birth, date: IsoDate): AgeBand {
  return ageBand(ageOn(birth, date).years);
}
