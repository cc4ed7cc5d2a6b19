/**
 * Money is an integer count of minor units with its ISO 4217 code; never a float. Amounts
 * are JavaScript numbers that must stay safe integers (|x| < 2^53), which covers any
 * cooperative's books by many orders of magnitude and serialises to JSON as is.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** Minor-unit exponent of the currencies the cooperatives trade in (ISO 4217). */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  USD: 2,
  CDF: 2,
  EUR: 2,
  GNF: 0,
  SLE: 2,
  SLL: 0,
  XAF: 0,
  XOF: 0,
  RWF: 0,
  UGX: 0,
  TZS: 2,
  ZMW: 2,
};

export const SUPPORTED_CURRENCIES: readonly string[] = Object.keys(MINOR_UNIT_DIGITS);

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_UNIT_DIGITS, code);
}

export function minorUnitDigits(currency: string): number {
  const digits = MINOR_UNIT_DIGITS[currency];
  if (digits === undefined) throw new RangeError(`Unsupported currency ${currency}`);
  return digits;
}

/** Throws unless the value is a safe integer: the guard every money sum passes through. */
export function assertSafeMinor(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} is not a safe integer: ${value}`);
  return value;
}

/**
 * An amount for people to read, exact to the minor unit: '1 234,50 USD' in French,
 * '1,234.50 USD' in English. Whole and fraction are formatted apart, from BigInt, so no
 * float ever touches the amount.
 */
export function formatMoney(locale: string, amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const magnitude = BigInt(Math.abs(assertSafeMinor(amountMinor)));
  const unit = 10n ** BigInt(digits);
  const whole = new Intl.NumberFormat(locale).format(magnitude / unit);
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  const fraction = digits === 0 ? '' : `${decimal}${(magnitude % unit).toString().padStart(digits, '0')}`;
  return `${amountMinor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}
