import { DomainError } from '../../common/domain-error.js';

/**
 * Member number read out and typed at the gate: 'KOL-2026-00042-X', that is the
 * cooperative's three-letter prefix, the year of membership, a sequence of at least five digits
 * and a check character.
 *
 * Choices:
 * - The check character is Luhn mod 36 over the prefix, year and sequence (digits and
 *   letters): every single-character substitution is caught, and most swaps of two
 *   neighbouring characters.
 * - The prefix is exactly three letters, like an airport code: short to read out, and with
 *   fixed widths a number typed without dashes is unambiguous and a slip that turns a dash
 *   into a character (or the reverse) changes the length and is refused.
 * - The sequence is printed on five digits while it fits and grows to six or seven after that,
 *   without a leading zero, and then must be typed with its dashes: a large cooperative is not
 *   capped at 99,999 members, numbers already printed do not change, and a dash typed as a
 *   digit is still refused rather than read as a longer sequence.
 * - Parsing forgives lower case, spaces and missing dashes, because officers type fast on
 *   phone keyboards; it forgives nothing else.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const RADIX = ALPHABET.length;
const PREFIX = /^[A-Z]{3}$/;
const MEMBER_NUMBER = /^([A-Z]{3})-?(\d{4})-?(\d{5,7})-?([0-9A-Z])$/;
export const MAX_SEQUENCE = 9_999_999;

export interface MemberNumber {
  readonly prefix: string;
  readonly year: number;
  readonly sequence: number;
  readonly checkCharacter: string;
  /** The number as printed: 'KOL-2026-00042-X'. */
  readonly formatted: string;
}

function codePoint(character: string): number {
  const value = ALPHABET.indexOf(character);
  if (value < 0) throw new DomainError('MEMBER_NUMBER_MALFORMED', { character });
  return value;
}

/** Luhn mod N (N = 36): double every second code point from the right, sum the base-36 digits. */
export function luhnMod36CheckCharacter(payload: string): string {
  let sum = 0;
  let double = true;
  for (let index = payload.length - 1; index >= 0; index -= 1) {
    const addend = codePoint(payload[index]) * (double ? 2 : 1);
    sum += Math.floor(addend / RADIX) + (addend % RADIX);
    double = !double;
  }
  return ALPHABET[(RADIX - (sum % RADIX)) % RADIX];
}

function sequenceText(sequence: number): string {
  return String(sequence).padStart(5, '0');
}

function payloadOf(prefix: string, year: number, sequence: number): string {
  return `${prefix}${String(year)}${sequenceText(sequence)}`;
}

function printed(prefix: string, year: number, sequence: number, check: string): string {
  return `${prefix}-${String(year)}-${sequenceText(sequence)}-${check}`;
}

/**
 * The prefix and year of a series of member numbers, checked as formatMemberNumber checks them:
 * for a number whose sequence the database allocates (SQL member_number_of, which must agree).
 */
export function memberNumberSeries(coopPrefix: string, year: number): { readonly prefix: string; readonly year: number } {
  const prefix = coopPrefix.toUpperCase();
  if (!PREFIX.test(prefix)) throw new DomainError('MEMBER_PREFIX_INVALID', { prefix: coopPrefix });
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new DomainError('MEMBER_YEAR_INVALID', { year });
  return { prefix, year };
}

export function formatMemberNumber(coopPrefix: string, year: number, sequence: number): string {
  const { prefix } = memberNumberSeries(coopPrefix, year);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new DomainError('MEMBER_SEQUENCE_OUT_OF_RANGE', { sequence, max: MAX_SEQUENCE });
  }
  return printed(prefix, year, sequence, luhnMod36CheckCharacter(payloadOf(prefix, year, sequence)));
}

/** Throws MEMBER_NUMBER_MALFORMED or MEMBER_NUMBER_CHECK_FAILED (a typing slip, most likely). */
export function parseMemberNumber(value: string): MemberNumber {
  const compact = value.replace(/\s+/gu, '').toUpperCase();
  const match = MEMBER_NUMBER.exec(compact);
  if (match === null) throw new DomainError('MEMBER_NUMBER_MALFORMED', { value });
  const [, prefix, yearDigits, sequenceDigits, checkCharacter] = match;
  const year = Number(yearDigits);
  const sequence = Number(sequenceDigits);
  if (year < 1000 || sequence < 1 || sequenceDigits !== sequenceText(sequence)) throw new DomainError('MEMBER_NUMBER_MALFORMED', { value });
  // Past five digits the dashes are required: a dash typed as a digit must not read as a longer
  // sequence that the check character would accept once in 36.
  if (sequenceDigits.length > 5 && value.trim().toUpperCase().replace(/\s+/gu, '-') !== printed(prefix, year, sequence, checkCharacter)) {
    throw new DomainError('MEMBER_NUMBER_MALFORMED', { value });
  }
  if (luhnMod36CheckCharacter(`${prefix}${yearDigits}${sequenceDigits}`) !== checkCharacter) {
    throw new DomainError('MEMBER_NUMBER_CHECK_FAILED', { value });
  }
  return { prefix, year, sequence, checkCharacter, formatted: printed(prefix, year, sequence, checkCharacter) };
}

export function isValidMemberNumber(value: string): boolean {
  try {
    parseMemberNumber(value);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
