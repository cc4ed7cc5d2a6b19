import {
  assertClientAmount,
  computeFeesWithheld,
  computePurchaseAmount,
  convertToReportingCurrency,
  type ExchangeRate,
  type FeeRule,
  pricePurchase,
  type PurchaseAmountInput,
} from './amount.js';
import { type MassUnit } from './units.js';

function perKgOfNetMass(netMg: number, unitPriceMinor: number): PurchaseAmountInput {
  return { netMg, unitPriceMinor, priceUnit: 'kg', priceBasis: 'per_unit_net_mass', gradeBp: null, moistureBp: null };
}

/** The worked example: 12.5 kg of heterogenite, 8 % moisture, 14.2 % Co, USD 9.50 per kg of cobalt. */
const HETEROGENITE_LOT: PurchaseAmountInput = {
  netMg: 12_500_000,
  unitPriceMinor: 950,
  priceUnit: 'kg',
  priceBasis: 'per_unit_contained_metal',
  gradeBp: 1420,
  moistureBp: 800,
};

const USD_IN_CDF: ExchangeRate = { base: 'USD', quote: 'CDF', rate: '2850.5' };

describe('computePurchaseAmount on net mass', () => {
  it('multiplies the net mass by the price per kg', () => {
    expect(computePurchaseAmount(perKgOfNetMass(12_345_000, 1000))).toEqual({
      pricedMassMg: { numerator: 12_345_000n, denominator: 1n },
      exactMinor: { numerator: 12_345n, denominator: 1n },
      amountMinor: 12_345,
    });
  });

  it.each([
    [2_499_999, 2],
    [2_500_000, 3],
    [2_500_001, 3],
    [3_500_000, 4],
    [1_000_000, 1],
    [499_999, 0],
    [500_000, 1],
  ])('rounds %i mg at 1 minor unit per kg half-up to %i', (netMg, amountMinor) => {
    expect(computePurchaseAmount(perKgOfNetMass(netMg, 1)).amountMinor).toBe(amountMinor);
  });

  it('returns the exact rational beside the rounded amount', () => {
    expect(computePurchaseAmount(perKgOfNetMass(2_500_000, 1)).exactMinor).toEqual({ numerator: 5n, denominator: 2n });
  });

  it('prices gold per gram', () => {
    const gold: PurchaseAmountInput = { ...perKgOfNetMass(3_456, 6_500), priceUnit: 'g' };
    expect(computePurchaseAmount(gold).amountMinor).toBe(22_464);
  });

  it('prices diamonds per carat of 200 mg', () => {
    const diamonds: PurchaseAmountInput = { ...perKgOfNetMass(650, 12_000), priceUnit: 'ct' };
    expect(computePurchaseAmount(diamonds).amountMinor).toBe(39_000);
    const oneMilligram: PurchaseAmountInput = { ...perKgOfNetMass(1, 100), priceUnit: 'ct' };
    expect(computePurchaseAmount(oneMilligram).exactMinor).toEqual({ numerator: 1n, denominator: 2n });
    expect(computePurchaseAmount(oneMilligram).amountMinor).toBe(1);
  });

  it('prices copper ore per tonne', () => {
    const copper: PurchaseAmountInput = { ...perKgOfNetMass(2_500_000_000, 150_000), priceUnit: 't' };
    expect(computePurchaseAmount(copper).amountMinor).toBe(375_000);
  });

  it('ignores moisture and grade when the price is on the net mass', () => {
    const withMeasurements = { ...perKgOfNetMass(12_500_000, 950), gradeBp: 1420, moistureBp: 800 };
    expect(computePurchaseAmount(withMeasurements).amountMinor).toBe(11_875);
  });
});

describe('computePurchaseAmount on contained metal', () => {
  it('prices the cobalt in the dry mass: net × (1 − moisture) × grade', () => {
    const amount = computePurchaseAmount(HETEROGENITE_LOT);
    expect(amount.pricedMassMg).toEqual({ numerator: 1_633_000n, denominator: 1n });
    expect(amount.exactMinor).toEqual({ numerator: 31_027n, denominator: 20n });
    expect(amount.amountMinor).toBe(1551);
  });

  it('counts moisture as zero when it was not measured', () => {
    const amount = computePurchaseAmount({ ...HETEROGENITE_LOT, moistureBp: null });
    expect(amount.pricedMassMg).toEqual({ numerator: 1_775_000n, denominator: 1n });
    expect(amount.amountMinor).toBe(1686);
  });

  it('keeps a fractional milligram of contained metal exact until the final rounding', () => {
    const amount = computePurchaseAmount({ ...HETEROGENITE_LOT, netMg: 1, gradeBp: 3333, moistureBp: 1 });
    expect(amount.pricedMassMg).toEqual({ numerator: 3333n * 9999n, denominator: 100_000_000n });
    expect(amount.amountMinor).toBe(0);
  });

  it('rounds a contained-metal amount of exactly one half up', () => {
    const halfKgOfMetal = { ...HETEROGENITE_LOT, netMg: 1_000_000, gradeBp: 5000, moistureBp: 0 };
    const amount = computePurchaseAmount({ ...halfKgOfMetal, unitPriceMinor: 1 });
    expect(amount.exactMinor).toEqual({ numerator: 1n, denominator: 2n });
    expect(amount.amountMinor).toBe(1);
  });

  it('needs a grade', () => {
    expect(() => computePurchaseAmount({ ...HETEROGENITE_LOT, gradeBp: null })).toThrow(
      expect.objectContaining({ code: 'GRADE_REQUIRED', params: { priceBasis: 'per_unit_contained_metal' } }),
    );
  });
});

describe('computePurchaseAmount refusals', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses a net mass of %p', (netMg) => {
    expect(() => computePurchaseAmount(perKgOfNetMass(netMg, 100))).toThrow('MASS_NOT_POSITIVE');
  });

  it.each([0, -100, 9.5])('refuses a unit price of %p', (unitPriceMinor) => {
    expect(() => computePurchaseAmount(perKgOfNetMass(1_000_000, unitPriceMinor))).toThrow('UNIT_PRICE_NOT_POSITIVE');
  });

  it('refuses a price unit it does not know', () => {
    expect(() => computePurchaseAmount({ ...perKgOfNetMass(1_000_000, 100), priceUnit: 'lb' as MassUnit })).toThrow(
      expect.objectContaining({ code: 'PRICE_UNIT_UNKNOWN', params: expect.objectContaining({ priceUnit: 'lb' }) }),
    );
  });

  it.each([0, 10_001, 12.5, -1])('refuses a grade of %p bp', (gradeBp) => {
    expect(() => computePurchaseAmount({ ...HETEROGENITE_LOT, gradeBp })).toThrow('GRADE_OUT_OF_RANGE');
  });

  it('accepts the grade bounds 1 bp and 100 %', () => {
    expect(computePurchaseAmount({ ...HETEROGENITE_LOT, gradeBp: 1 }).amountMinor).toBe(1);
    expect(computePurchaseAmount({ ...HETEROGENITE_LOT, gradeBp: 10_000, moistureBp: 0 }).amountMinor).toBe(11_875);
  });

  it.each([-1, 10_000, 0.5])('refuses a moisture of %p bp', (moistureBp) => {
    expect(() => computePurchaseAmount({ ...HETEROGENITE_LOT, moistureBp })).toThrow(
      expect.objectContaining({ code: 'MOISTURE_OUT_OF_RANGE', params: { value: moistureBp, min: 0, max: 9999 } }),
    );
  });

  it('accepts a moisture of 99.99 %', () => {
    expect(computePurchaseAmount({ ...HETEROGENITE_LOT, moistureBp: 9999 }).pricedMassMg).toEqual({
      numerator: 355n,
      denominator: 2n,
    });
  });

  it('refuses an amount beyond a safe integer instead of losing digits', () => {
    expect(() => computePurchaseAmount(perKgOfNetMass(Number.MAX_SAFE_INTEGER, 2_000_000))).toThrow(
      expect.objectContaining({ code: 'AMOUNT_TOO_LARGE', params: expect.objectContaining({ field: 'amountMinor' }) }),
    );
  });
});

describe('convertToReportingCurrency', () => {
  it('multiplies when one unit of the purchase currency is quoted in the reporting currency', () => {
    expect(convertToReportingCurrency(1551, 'USD', 'CDF', USD_IN_CDF)).toEqual({
      exactMinor: { numerator: 8_842_251n, denominator: 2n },
      amountMinor: 4_421_126,
      rateUsed: USD_IN_CDF,
    });
  });

  it('divides when the rate is quoted the other way round', () => {
    const converted = convertToReportingCurrency(4_421_126, 'CDF', 'USD', USD_IN_CDF);
    expect(converted.exactMinor).toEqual({ numerator: 8_842_252n, denominator: 5701n });
    expect(converted.amountMinor).toBe(1551);
  });

  it.each([
    ['2.5', 3],
    ['2.49', 2],
    ['2.51', 3],
    ['3.5', 4],
  ])('rounds one cent at %s half-up to %i', (rate, expected) => {
    expect(convertToReportingCurrency(1, 'USD', 'CDF', { base: 'USD', quote: 'CDF', rate }).amountMinor).toBe(expected);
  });

  it('accounts for currencies with different minor units', () => {
    const usdInXof: ExchangeRate = { base: 'USD', quote: 'XOF', rate: '605.25' };
    expect(convertToReportingCurrency(10_000, 'USD', 'XOF', usdInXof).amountMinor).toBe(60_525);
    expect(convertToReportingCurrency(1, 'USD', 'XOF', usdInXof).amountMinor).toBe(6);
    expect(convertToReportingCurrency(60_525, 'XOF', 'USD', usdInXof).amountMinor).toBe(10_000);
    expect(convertToReportingCurrency(3, 'XOF', 'USD', usdInXof)).toMatchObject({
      exactMinor: { numerator: 400n, denominator: 807n },
      amountMinor: 0,
    });
  });

  it('records the rate in its shortest spelling', () => {
    const rate: ExchangeRate = { base: 'USD', quote: 'CDF', rate: '2850.50' };
    expect(convertToReportingCurrency(100, 'USD', 'CDF', rate).rateUsed).toEqual({ ...rate, rate: '2850.5' });
  });

  it('passes the amount through when the currencies are the same', () => {
    expect(convertToReportingCurrency(1551, 'USD', 'USD', null)).toEqual({
      exactMinor: { numerator: 1551n, denominator: 1n },
      amountMinor: 1551,
      rateUsed: null,
    });
  });

  it('refuses a rate between a currency and itself', () => {
    expect(() => convertToReportingCurrency(1551, 'USD', 'USD', USD_IN_CDF)).toThrow('EXCHANGE_RATE_UNEXPECTED');
  });

  it('refuses a conversion without a rate', () => {
    expect(() => convertToReportingCurrency(1551, 'USD', 'CDF', null)).toThrow(
      expect.objectContaining({ code: 'EXCHANGE_RATE_REQUIRED', params: { currency: 'USD', reportingCurrency: 'CDF' } }),
    );
  });

  it.each<ExchangeRate>([
    { base: 'EUR', quote: 'CDF', rate: '3100' },
    { base: 'USD', quote: 'XAF', rate: '605' },
    { base: 'USD', quote: 'USD', rate: '1' },
    { base: 'CDF', quote: 'CDF', rate: '1' },
  ])('refuses a rate quoted between %j other currencies', (rate) => {
    expect(() => convertToReportingCurrency(1551, 'USD', 'CDF', rate)).toThrow('EXCHANGE_RATE_CURRENCY_MISMATCH');
  });

  it.each(['0', '0.000', '-2850.5', '2850,5', '', 'abc', '1e3'])('refuses the rate %j', (rate) => {
    expect(() => convertToReportingCurrency(1551, 'USD', 'CDF', { base: 'USD', quote: 'CDF', rate })).toThrow(
      expect.objectContaining({ code: 'EXCHANGE_RATE_INVALID', params: { rate } }),
    );
  });

  it('converts a reversed, negative amount to the exact negative of the original', () => {
    expect(convertToReportingCurrency(-1551, 'USD', 'CDF', USD_IN_CDF).amountMinor).toBe(-4_421_126);
  });

  it('refuses an amount that is not a whole number of minor units', () => {
    expect(() => convertToReportingCurrency(15.5, 'USD', 'CDF', USD_IN_CDF)).toThrow(RangeError);
  });

  it('refuses a currency it does not know, on either side', () => {
    expect(() => convertToReportingCurrency(1, 'BTC', 'USD', null)).toThrow('CURRENCY_UNSUPPORTED');
    expect(() => convertToReportingCurrency(1, 'USD', 'BTC', null)).toThrow('CURRENCY_UNSUPPORTED');
  });

  it('refuses a converted amount beyond a safe integer', () => {
    const rate: ExchangeRate = { base: 'USD', quote: 'CDF', rate: '100000000' };
    expect(() => convertToReportingCurrency(Number.MAX_SAFE_INTEGER, 'USD', 'CDF', rate)).toThrow(
      expect.objectContaining({
        code: 'AMOUNT_TOO_LARGE',
        params: expect.objectContaining({ field: 'amountReportingMinor' }),
      }),
    );
  });
});

describe('computeFeesWithheld', () => {
  const base = { amountMinor: 1551, netMg: 12_500_000, currency: 'USD' };
  const levy: FeeRule = { kind: 'percent', fundCode: 'PROVINCIAL_LEVY', rateBp: 100 };
  const dues: FeeRule = { kind: 'fixed', fundCode: 'COOPERATIVE_DUES', amountMinor: 50, currency: 'USD' };
  const perKg: FeeRule = { kind: 'per_kg', fundCode: 'SOCIAL_FUND', minorPerKg: 2, currency: 'USD' };

  it('withholds each fee for its fund and pays the rest', () => {
    expect(computeFeesWithheld(base, [levy, dues, perKg])).toEqual({
      fees: [
        { fundCode: 'PROVINCIAL_LEVY', kind: 'percent', exactMinor: { numerator: 1551n, denominator: 100n }, amountMinor: 16 },
        { fundCode: 'COOPERATIVE_DUES', kind: 'fixed', exactMinor: { numerator: 50n, denominator: 1n }, amountMinor: 50 },
        { fundCode: 'SOCIAL_FUND', kind: 'per_kg', exactMinor: { numerator: 25n, denominator: 1n }, amountMinor: 25 },
      ],
      feesTotalMinor: 91,
      netPaidMinor: 1460,
    });
  });

  it.each([
    [149, 1],
    [150, 2],
    [151, 2],
    [250, 3],
    [49, 0],
    [50, 1],
  ])('rounds 1 %% of %i half-up to %i', (amountMinor, fee) => {
    expect(computeFeesWithheld({ ...base, amountMinor }, [levy]).fees[0].amountMinor).toBe(fee);
  });

  it.each([
    [249_999, 0],
    [250_000, 1],
    [750_000, 2],
    [12_500_000, 25],
  ])('rounds 2 minor units per kg of %i mg half-up to %i', (netMg, fee) => {
    expect(computeFeesWithheld({ ...base, netMg }, [perKg]).fees[0].amountMinor).toBe(fee);
  });

  it('rounds each fee on its own, not their sum', () => {
    const halfPercent: FeeRule = { kind: 'percent', fundCode: 'A', rateBp: 50 };
    const result = computeFeesWithheld({ ...base, amountMinor: 100 }, [halfPercent, { ...halfPercent, fundCode: 'B' }]);
    expect(result.fees.map((fee) => fee.amountMinor)).toEqual([1, 1]);
    expect(result.feesTotalMinor).toBe(2);
  });

  it('keeps a fee that rounds to zero as a line of zero', () => {
    const result = computeFeesWithheld({ ...base, amountMinor: 10 }, [levy]);
    expect(result.fees).toEqual([
      { fundCode: 'PROVINCIAL_LEVY', kind: 'percent', exactMinor: { numerator: 1n, denominator: 10n }, amountMinor: 0 },
    ]);
    expect(result.netPaidMinor).toBe(10);
  });

  it('refuses an amount that is not a whole number of minor units', () => {
    expect(() => computeFeesWithheld({ ...base, amountMinor: 15.5 }, [levy])).toThrow(RangeError);
  });

  it('pays the whole amount when no fee is in force', () => {
    expect(computeFeesWithheld(base, [])).toEqual({ fees: [], feesTotalMinor: 0, netPaidMinor: 1551 });
  });

  it('accepts fees equal to the amount, leaving nothing to pay', () => {
    expect(computeFeesWithheld(base, [{ ...dues, amountMinor: 1551 }]).netPaidMinor).toBe(0);
    expect(computeFeesWithheld(base, [{ ...levy, rateBp: 10_000 }]).netPaidMinor).toBe(0);
  });

  it('refuses fees that together exceed the amount', () => {
    expect(() => computeFeesWithheld(base, [{ ...dues, amountMinor: 1540 }, levy])).toThrow(
      expect.objectContaining({ code: 'FEES_EXCEED_AMOUNT', params: { amountMinor: 1551, feesTotalMinor: 1556 } }),
    );
    expect(() => computeFeesWithheld(base, [{ ...dues, amountMinor: 1536 }, levy])).toThrow('FEES_EXCEED_AMOUNT');
    expect(computeFeesWithheld(base, [{ ...dues, amountMinor: 1535 }, levy]).netPaidMinor).toBe(0);
  });

  it.each([-1, 10_001, 1.5])('refuses a percentage of %p bp', (rateBp) => {
    expect(() => computeFeesWithheld(base, [{ ...levy, rateBp }])).toThrow(
      expect.objectContaining({ code: 'FEE_RATE_OUT_OF_RANGE', params: { fundCode: 'PROVINCIAL_LEVY', rateBp } }),
    );
  });

  it.each([-1, 2.5])('refuses a fixed or per-kg fee of %p', (value) => {
    expect(() => computeFeesWithheld(base, [{ ...dues, amountMinor: value }])).toThrow('FEE_AMOUNT_INVALID');
    expect(() => computeFeesWithheld(base, [{ ...perKg, minorPerKg: value }])).toThrow('FEE_AMOUNT_INVALID');
  });

  it('refuses a fixed or per-kg fee set in another currency', () => {
    expect(() => computeFeesWithheld(base, [{ ...dues, currency: 'CDF' }])).toThrow(
      expect.objectContaining({
        code: 'FEE_CURRENCY_MISMATCH',
        params: { fundCode: 'COOPERATIVE_DUES', feeCurrency: 'CDF', currency: 'USD' },
      }),
    );
    expect(() => computeFeesWithheld(base, [{ ...perKg, currency: 'CDF' }])).toThrow('FEE_CURRENCY_MISMATCH');
  });
});

describe('pricePurchase', () => {
  const feeRules: FeeRule[] = [
    { kind: 'percent', fundCode: 'PROVINCIAL_LEVY', rateBp: 100 },
    { kind: 'fixed', fundCode: 'COOPERATIVE_DUES', amountMinor: 50, currency: 'USD' },
  ];

  it('computes amount, reporting amount, fees and net paid of the heterogenite lot', () => {
    const priced = pricePurchase({
      ...HETEROGENITE_LOT,
      currency: 'USD',
      reportingCurrency: 'CDF',
      exchangeRate: USD_IN_CDF,
      feeRules,
    });
    expect(priced.amount.amountMinor).toBe(1551);
    expect(priced.reporting.amountMinor).toBe(4_421_126);
    expect(priced.fees.map((fee) => [fee.fundCode, fee.amountMinor])).toEqual([
      ['PROVINCIAL_LEVY', 16],
      ['COOPERATIVE_DUES', 50],
    ]);
    expect(priced.feesTotalMinor).toBe(66);
    expect(priced.netPaidMinor).toBe(1485);
  });

  it('takes the per-kg fee on the net mass, not the contained metal', () => {
    const perKg: FeeRule = { kind: 'per_kg', fundCode: 'SOCIAL_FUND', minorPerKg: 4, currency: 'USD' };
    const inUsdOnly = { ...HETEROGENITE_LOT, currency: 'USD', reportingCurrency: 'USD', exchangeRate: null };
    const priced = pricePurchase({ ...inUsdOnly, feeRules: [perKg] });
    expect(priced.fees[0].amountMinor).toBe(50);
  });

  it('refuses a purchase currency it does not know', () => {
    expect(() =>
      pricePurchase({ ...HETEROGENITE_LOT, currency: 'BTC', reportingCurrency: 'USD', exchangeRate: null, feeRules: [] }),
    ).toThrow(expect.objectContaining({ code: 'CURRENCY_UNSUPPORTED', params: { currency: 'BTC' } }));
  });
});

describe('assertClientAmount', () => {
  it('accepts the figure the server computed', () => {
    expect(() => assertClientAmount(1551, 1551)).not.toThrow();
  });

  it('refuses a client amount one minor unit off, naming both', () => {
    expect(() => assertClientAmount(1552, 1551)).toThrow(
      expect.objectContaining({ code: 'AMOUNT_MISMATCH', params: { field: 'amountMinor', client: 1552, computed: 1551 } }),
    );
  });

  it('names the field checked when it is not the amount', () => {
    expect(() => assertClientAmount(1486, 1485, 'netPaidMinor')).toThrow(
      expect.objectContaining({ code: 'AMOUNT_MISMATCH', params: { field: 'netPaidMinor', client: 1486, computed: 1485 } }),
    );
  });
});
