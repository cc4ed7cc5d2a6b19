import { minorUnitDigits } from '../../src/common/money';

/**
 * An amount typed by a person ("12,50" or "12.50") as integer minor units of the currency,
 * read as text so that no float touches it; null when it is not a plain amount with at most
 * the currency's decimals.
 */
export function parseAmountToMinor(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
