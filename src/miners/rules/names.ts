import { DomainError } from '../../common/domain-error.js';
import { assumedBirthDate, type Birth } from './age.js';
import { assertIsoDate } from '../../common/calendar-date.js';

/**
 * Name matching for duplicate detection and search, blind to accents, case, spacing and
 * punctuation: the same miner is written "Kabongo-Mwamba Élodie" on a voter card and
 * "KABONGO MWAMBA Elodie" on a form.
 *
 * Choices:
 * - Hyphens and other punctuation separate words, because compound names are written both
 *   hyphenated and as two words.
 * - Apostrophes join (N'Diaye = Ndiaye), because West African names written with one are
 *   just as often written as a single word.
 * - Letters that Unicode does not decompose into a base letter and a mark (œ, æ, ß, ø, ł, đ, ı)
 *   are spelt out, so that "Cœur" and "Coeur" match.
 */

const COMBINING_MARKS = /\p{M}/gu;
const APOSTROPHES = /['’‘ʼ`´]/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const SPELT_OUT: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };
const UNDECOMPOSED_LETTERS = /[œæßøłđı]/gu;

/** Lower case, no accents, no punctuation, single spaces: "Kabongo-Mwamba  Élodie" → "kabongo mwamba elodie". */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(UNDECOMPOSED_LETTERS, (letter) => SPELT_OUT[letter] ?? letter)
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

export function nameTokens(value: string): string[] {
  const normalised = normaliseName(value);
  return normalised === '' ? [] : normalised.split(' ');
}

function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The name words of all parts, sorted: names are recorded in different orders in the DRC
 * (surname first on official documents, postnom in the middle or not at all), so the order
 * and the split between first, middle and last name carry no weight.
 */
export function nameKey(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .flatMap((part) => nameTokens(part ?? ''))
    .sort(byCodeUnits)
    .join(' ');
}

/**
 * Key shared by records that are probably the same person: same name words in any order
 * and same birth. An estimated birth keys on its year marked '~', so it never collides with
 * an exact date; a missing birth keys as '?'.
 */
export function likelyDuplicateKey(
  first: string,
  middle: string | null | undefined,
  last: string,
  birth: Birth | null,
): string {
  const names = nameKey(first, middle, last);
  if (names === '') throw new DomainError('NAME_REQUIRED', { first, middle: middle ?? null, last });
  return `${names}|${birthKey(birth)}`;
}

function birthKey(birth: Birth | null): string {
  if (birth === null) return '?';
  if (birth.estimated) return `~${assumedBirthDate(birth).slice(0, 4)}`;
  return assertIsoDate(birth.date);
}

/**
 * Search as one types: every word of the query starts some word of the name, in any order
 * ("elo kab" finds "Kabongo-Mwamba Élodie"). An empty query matches everyone.
 */
export function nameMatchesQuery(query: string, ...nameParts: ReadonlyArray<string | null | undefined>): boolean {
  const words = nameParts.flatMap((part) => nameTokens(part ?? ''));
  return nameTokens(query).every((wanted) => words.some((word) => word.startsWith(wanted)));
}
