/**
 * What a purchase costs, what it is worth in the cooperative's reporting currency, what is
 * withheld for each fund, and what the miner is paid. The server computes all of it; a
 * client's figure is only ever compared, never trusted.
 *
 * Arithmetic: every product is taken exactly on BigInt and kept as a rational; only the
 * final figure of each step is rounded, half-up to the minor unit (a remainder of exactly
 * one half rounds away from zero). The steps are rounded in this order, each from the
 * previous rounded figure, because each is a sum that changes hands or is reported:
 *   1. amount = priced mass × unit price                  (rounded once)
 *   2. reporting amount = amount × exchange rate          (from the rounded amount)
 *   3. each fee separately                                (percent of the rounded amount)
 *   4. net paid = amount − Σ fees                         (exact, no rounding left)
 */
import { DomainError } from '../../common/domain-error.js';
import { assertSafeMinor, isSupportedCurrency, minorUnitDigits } from '../../common/money.js';
import {
  type Rational,
  isSafeBigInt,
  normaliseDecimal,
  parseDecimal,
  powerOfTen,
  rational,
  roundRationalHalfUp,
} from './decimal.js';
import { BASIS_POINTS_PER_WHOLE, isMassUnit, MASS_UNITS, MILLIGRAMS_PER_UNIT, type MassUnit } from './units.js';

/**
 * per_unit_net_mass: the unit price applies to the net mass as weighed.
 * per_unit_contained_metal: the unit price applies to the metal contained in the dry mass,
 * netMg × (1 − moisture) × grade; moisture counts as 0 when not measured.
 */
export type PriceBasis = 'per_unit_net_mass' | 'per_unit_contained_metal';

export interface PurchaseAmountInput {
  readonly netMg: number;
  /** Minor units of the purchase currency per one `priceUnit` of priced mass. */
  readonly unitPriceMinor: number;
  readonly priceUnit: MassUnit;
  readonly priceBasis: PriceBasis;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
}

export interface RoundedAmount {
  /** The exact figure in minor units, before rounding. */
  readonly exactMinor: Rational;
  /** The exact figure rounded half-up to the minor unit. */
  readonly amountMinor: number;
}

export interface PurchaseAmount extends RoundedAmount {
  /** The mass the unit price applies to, in milligrams, exact. */
  readonly pricedMassMg: Rational;
}

const WHOLE = BigInt(BASIS_POINTS_PER_WHOLE);

function assertPositiveSafeInteger(value: number, code: string, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new DomainError(code, { field, value });
}

function assertBasisPointsWithin(value: number, min: number, max: number, code: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new DomainError(code, { value, min, max });
}

function toSafeMinor(value: bigint, params: Readonly<Record<string, unknown>>): number {
  if (!isSafeBigInt(value)) throw new DomainError('AMOUNT_TOO_LARGE', { ...params, value: value.toString() });
  return Number(value);
}

function pricedMassMg(input: PurchaseAmountInput): Rational {
  const net = BigInt(input.netMg);
  switch (input.priceBasis) {
    case 'per_unit_net_mass':
      return rational(net, 1n);
    case 'per_unit_contained_metal': {
      if (input.gradeBp === null) throw new DomainError('GRADE_REQUIRED', { priceBasis: input.priceBasis });
      const dryShare = WHOLE - BigInt(input.moistureBp ?? 0);
      return rational(net * dryShare * BigInt(input.gradeBp), WHOLE * WHOLE);
    }
  }
}

/** amount = priced mass × unit price, exact and rounded half-up to the minor unit. */
export function computePurchaseAmount(input: PurchaseAmountInput): PurchaseAmount {
  assertPositiveSafeInteger(input.netMg, 'MASS_NOT_POSITIVE', 'netMg');
  assertPositiveSafeInteger(input.unitPriceMinor, 'UNIT_PRICE_NOT_POSITIVE', 'unitPriceMinor');
  if (!isMassUnit(input.priceUnit)) {
    throw new DomainError('PRICE_UNIT_UNKNOWN', { priceUnit: input.priceUnit, allowed: MASS_UNITS });
  }
  if (input.gradeBp !== null) assertBasisPointsWithin(input.gradeBp, 1, BASIS_POINTS_PER_WHOLE, 'GRADE_OUT_OF_RANGE');
  // Fully wet material has no dry mass to price: 100 % moisture is a mistake, not a zero price.
  if (input.moistureBp !== null) {
    assertBasisPointsWithin(input.moistureBp, 0, BASIS_POINTS_PER_WHOLE - 1, 'MOISTURE_OUT_OF_RANGE');
  }
  const mass = pricedMassMg(input);
  const exactMinor = rational(
    mass.numerator * BigInt(input.unitPriceMinor),
    mass.denominator * MILLIGRAMS_PER_UNIT[input.priceUnit],
  );
  const amountMinor = toSafeMinor(roundRationalHalfUp(exactMinor), { field: 'amountMinor' });
  return { pricedMassMg: mass, exactMinor, amountMinor };
}

/** One unit of `base` is worth `rate` units of `quote`, e.g. { base: 'USD', quote: 'CDF', rate: '2850.5' }. */
export interface ExchangeRate {
  readonly base: string;
  readonly quote: string;
  readonly rate: string;
}

export interface ReportingAmount extends RoundedAmount {
  /** The rate as it must be recorded, its decimal in shortest form; null when no conversion was needed. */
  readonly rateUsed: ExchangeRate | null;
}

export function assertSupportedCurrency(currency: string): void {
  if (!isSupportedCurrency(currency)) throw new DomainError('CURRENCY_UNSUPPORTED', { currency });
}

function parsePositiveRate(rate: ExchangeRate): { numerator: bigint; denominator: bigint } {
  const decimal = parseDecimal(rate.rate);
  if (decimal === null || decimal.units <= 0n) throw new DomainError('EXCHANGE_RATE_INVALID', { rate: rate.rate });
  return { numerator: decimal.units, denominator: powerOfTen(decimal.scale) };
}

/**
 * The rounded amount expressed in the reporting currency. The rate may be quoted either way
 * round (CDF per USD or USD per CDF), as long as its two currencies are the pair converted;
 * quoting it the way the market does keeps it a finite decimal.
 */
export function convertToReportingCurrency(
  amountMinor: number,
  currency: string,
  reportingCurrency: string,
  exchangeRate: ExchangeRate | null,
): ReportingAmount {
  assertSafeMinor(amountMinor);
  assertSupportedCurrency(currency);
  assertSupportedCurrency(reportingCurrency);
  if (currency === reportingCurrency) {
    if (exchangeRate !== null) throw new DomainError('EXCHANGE_RATE_UNEXPECTED', { currency, reportingCurrency });
    return { exactMinor: rational(BigInt(amountMinor), 1n), amountMinor, rateUsed: null };
  }
  if (exchangeRate === null) throw new DomainError('EXCHANGE_RATE_REQUIRED', { currency, reportingCurrency });
  const { numerator, denominator } = parsePositiveRate(exchangeRate);
  const multiplies = exchangeRate.base === currency && exchangeRate.quote === reportingCurrency;
  const divides = exchangeRate.base === reportingCurrency && exchangeRate.quote === currency;
  if (!multiplies && !divides) {
    throw new DomainError('EXCHANGE_RATE_CURRENCY_MISMATCH', {
      currency,
      reportingCurrency,
      base: exchangeRate.base,
      quote: exchangeRate.quote,
    });
  }
  const [rateTop, rateBottom] = multiplies ? [numerator, denominator] : [denominator, numerator];
  const exactMinor = rational(
    BigInt(amountMinor) * rateTop * powerOfTen(minorUnitDigits(reportingCurrency)),
    rateBottom * powerOfTen(minorUnitDigits(currency)),
  );
  return {
    exactMinor,
    amountMinor: toSafeMinor(roundRationalHalfUp(exactMinor), { field: 'amountReportingMinor' }),
    rateUsed: { ...exchangeRate, rate: normaliseDecimal(exchangeRate.rate) ?? exchangeRate.rate },
  };
}

/**
 * A deduction withheld from the miner's payment and credited to a named fund (provincial
 * levy, cooperative dues, a social fund...). Fixed and per-kg fees are in minor units of
 * their own currency, which must be the purchase's: a levy set in CDF is not silently taken
 * from a USD purchase.
 */
export type FeeRule =
  | { readonly kind: 'percent'; readonly fundCode: string; readonly rateBp: number }
  | { readonly kind: 'per_kg'; readonly fundCode: string; readonly minorPerKg: number; readonly currency: string }
  | { readonly kind: 'fixed'; readonly fundCode: string; readonly amountMinor: number; readonly currency: string };

export type FeeKind = FeeRule['kind'];

export interface FeeLine extends RoundedAmount {
  readonly fundCode: string;
  readonly kind: FeeKind;
}

export interface FeesWithheld {
  /** One line per rule, in the order of the rules, zero-amount lines kept. */
  readonly fees: readonly FeeLine[];
  readonly feesTotalMinor: number;
  readonly netPaidMinor: number;
}

export interface FeeBase {
  readonly amountMinor: number;
  readonly netMg: number;
  readonly currency: string;
}

function assertNonNegativeSafeInteger(value: number, fundCode: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('FEE_AMOUNT_INVALID', { fundCode, value });
}

function assertFeeCurrency(rule: { fundCode: string; currency: string }, currency: string): void {
  if (rule.currency !== currency) {
    throw new DomainError('FEE_CURRENCY_MISMATCH', { fundCode: rule.fundCode, feeCurrency: rule.currency, currency });
  }
}

function exactFeeMinor(rule: FeeRule, base: FeeBase): Rational {
  switch (rule.kind) {
    case 'percent':
      if (!Number.isSafeInteger(rule.rateBp) || rule.rateBp < 0 || rule.rateBp > BASIS_POINTS_PER_WHOLE) {
        throw new DomainError('FEE_RATE_OUT_OF_RANGE', { fundCode: rule.fundCode, rateBp: rule.rateBp });
      }
      return rational(BigInt(base.amountMinor) * BigInt(rule.rateBp), WHOLE);
    case 'per_kg':
      assertNonNegativeSafeInteger(rule.minorPerKg, rule.fundCode);
      assertFeeCurrency(rule, base.currency);
      return rational(BigInt(base.netMg) * BigInt(rule.minorPerKg), MILLIGRAMS_PER_UNIT.kg);
    case 'fixed':
      assertNonNegativeSafeInteger(rule.amountMinor, rule.fundCode);
      assertFeeCurrency(rule, base.currency);
      return rational(BigInt(rule.amountMinor), 1n);
  }
}

/**
 * Each fee rounded half-up on its own; refused when together they exceed the amount.
 * Fees are computed for purchases only: a reversal negates the fee lines it reverses.
 */
export function computeFeesWithheld(base: FeeBase, rules: readonly FeeRule[]): FeesWithheld {
  assertSafeMinor(base.amountMinor);
  const fees = rules.map((rule): FeeLine => {
    const exactMinor = exactFeeMinor(rule, base);
    const amountMinor = toSafeMinor(roundRationalHalfUp(exactMinor), { field: 'fees', fundCode: rule.fundCode });
    return { fundCode: rule.fundCode, kind: rule.kind, exactMinor, amountMinor };
  });
  const total = fees.reduce((sum, fee) => sum + BigInt(fee.amountMinor), 0n);
  if (total > BigInt(base.amountMinor)) {
    throw new DomainError('FEES_EXCEED_AMOUNT', { amountMinor: base.amountMinor, feesTotalMinor: Number(total) });
  }
  const feesTotalMinor = Number(total);
  return { fees, feesTotalMinor, netPaidMinor: base.amountMinor - feesTotalMinor };
}

export interface PurchasePricingInput extends PurchaseAmountInput {
  readonly currency: string;
  readonly reportingCurrency: string;
  readonly exchangeRate: ExchangeRate | null;
  readonly feeRules: readonly FeeRule[];
}

export interface PurchasePricing extends FeesWithheld {
  readonly amount: PurchaseAmount;
  readonly reporting: ReportingAmount;
}

/** The whole price of a purchase: amount, its reporting-currency value, fees and net paid. */
export function pricePurchase(input: PurchasePricingInput): PurchasePricing {
  assertSupportedCurrency(input.currency);
  const amount = computePurchaseAmount(input);
  const reporting = convertToReportingCurrency(
    amount.amountMinor,
    input.currency,
    input.reportingCurrency,
    input.exchangeRate,
  );
  const withheld = computeFeesWithheld(
    { amountMinor: amount.amountMinor, netMg: input.netMg, currency: input.currency },
    input.feeRules,
  );
  return { amount, reporting, ...withheld };
}

/** The server's figure is the one recorded; a client that computed otherwise is told both. */
export function assertClientAmount(client: number, computed: number, field = 'amountMinor'): void {
  if (client !== computed) throw new DomainError('AMOUNT_MISMATCH', { field, client, computed });
}
