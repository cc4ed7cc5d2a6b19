import {
  DEFAULT_RECONCILIATION_TOLERANCE,
  type MeasuredLot,
  reconcileWithBuyer,
  stockOnHand,
  type StockMovement,
  totalOfLots,
} from './reconciliation.js';

const HUNDRED_KG = 100_000_000;
const OURS: MeasuredLot = { massMg: HUNDRED_KG, gradeBp: 1420 };

describe('reconcileWithBuyer', () => {
  it('defaults to 2 % of mass and half a grade point', () => {
    expect(DEFAULT_RECONCILIATION_TOLERANCE).toEqual({ massBp: 200, gradeBp: 50 });
  });

  it('accepts a small shortfall in mass and grade', () => {
    expect(reconcileWithBuyer(OURS, { massMg: 99_000_000, gradeBp: 1400 })).toEqual({
      massDiffMg: -1_000_000,
      massDiffBp: -100,
      gradeDiffBp: -20,
      exceeds: false,
      reasons: [],
    });
  });

  it('reports no difference when both agree', () => {
    expect(reconcileWithBuyer(OURS, OURS)).toEqual({
      massDiffMg: 0,
      massDiffBp: 0,
      gradeDiffBp: 0,
      exceeds: false,
      reasons: [],
    });
  });

  it.each([
    [98_000_000, -200, false],
    [97_999_999, -200, true],
    [102_000_000, 200, false],
    [102_000_001, 200, true],
    [97_000_000, -300, true],
  ])('compares a buyer mass of %i mg exactly: %i bp, exceeds %s', (massMg, massDiffBp, exceeds) => {
    const result = reconcileWithBuyer(OURS, { massMg, gradeBp: 1420 });
    expect(result.massDiffBp).toBe(massDiffBp);
    expect(result.exceeds).toBe(exceeds);
    expect(result.reasons).toEqual(exceeds ? ['MASS_DIFFERENCE_ABOVE_TOLERANCE'] : []);
  });

  it.each([
    [1470, 50, false],
    [1471, 51, true],
    [1370, -50, false],
    [1369, -51, true],
  ])('compares a buyer grade of %i bp in absolute points: %i, exceeds %s', (gradeBp, gradeDiffBp, exceeds) => {
    const result = reconcileWithBuyer(OURS, { massMg: HUNDRED_KG, gradeBp });
    expect(result.gradeDiffBp).toBe(gradeDiffBp);
    expect(result.reasons).toEqual(exceeds ? ['GRADE_DIFFERENCE_ABOVE_TOLERANCE'] : []);
  });

  it('lists every reason when both mass and grade are off', () => {
    const result = reconcileWithBuyer(OURS, { massMg: 90_000_000, gradeBp: 1200 });
    expect(result).toEqual({
      massDiffMg: -10_000_000,
      massDiffBp: -1000,
      gradeDiffBp: -220,
      exceeds: true,
      reasons: ['MASS_DIFFERENCE_ABOVE_TOLERANCE', 'GRADE_DIFFERENCE_ABOVE_TOLERANCE'],
    });
  });

  it.each([
    [{ massMg: HUNDRED_KG, gradeBp: null }, { massMg: HUNDRED_KG, gradeBp: 500 }],
    [{ massMg: HUNDRED_KG, gradeBp: 500 }, { massMg: HUNDRED_KG, gradeBp: null }],
    [{ massMg: HUNDRED_KG, gradeBp: null }, { massMg: HUNDRED_KG, gradeBp: null }],
  ])('does not compare grades unless both sides assayed (%j against %j)', (ours, buyers) => {
    expect(reconcileWithBuyer(ours, buyers)).toMatchObject({ gradeDiffBp: null, exceeds: false, reasons: [] });
  });

  it('rounds the reported percentage half-up away from zero', () => {
    expect(reconcileWithBuyer({ massMg: 20_000, gradeBp: null }, { massMg: 20_001, gradeBp: null }).massDiffBp).toBe(1);
    expect(reconcileWithBuyer({ massMg: 20_000, gradeBp: null }, { massMg: 19_999, gradeBp: null }).massDiffBp).toBe(-1);
    expect(reconcileWithBuyer({ massMg: 30_000, gradeBp: null }, { massMg: 30_001, gradeBp: null }).massDiffBp).toBe(0);
  });

  it('applies a cooperative’s own tolerance', () => {
    const strict = { massBp: 0, gradeBp: 0 };
    expect(reconcileWithBuyer(OURS, { massMg: HUNDRED_KG + 1, gradeBp: 1420 }, strict).exceeds).toBe(true);
    expect(reconcileWithBuyer(OURS, { massMg: HUNDRED_KG, gradeBp: 1421 }, strict).exceeds).toBe(true);
    expect(reconcileWithBuyer(OURS, OURS, strict).exceeds).toBe(false);
    const lenient = { massBp: 500, gradeBp: 100 };
    expect(reconcileWithBuyer(OURS, { massMg: 96_000_000, gradeBp: 1340 }, lenient).exceeds).toBe(false);
  });

  it.each([0, -1, 1.5])('refuses our mass of %p', (massMg) => {
    expect(() => reconcileWithBuyer({ massMg, gradeBp: null }, OURS)).toThrow(
      expect.objectContaining({ code: 'MASS_NOT_POSITIVE', params: { field: 'ours.massMg', value: massMg } }),
    );
  });

  it('refuses a buyer mass of zero', () => {
    expect(() => reconcileWithBuyer(OURS, { massMg: 0, gradeBp: null })).toThrow(
      expect.objectContaining({ code: 'MASS_NOT_POSITIVE', params: { field: 'buyers.massMg', value: 0 } }),
    );
  });

  it.each([-1, 10_001, 14.2])('refuses a grade of %p bp', (gradeBp) => {
    expect(() => reconcileWithBuyer(OURS, { massMg: HUNDRED_KG, gradeBp })).toThrow('GRADE_OUT_OF_RANGE');
    expect(() => reconcileWithBuyer({ massMg: HUNDRED_KG, gradeBp }, OURS)).toThrow('GRADE_OUT_OF_RANGE');
  });

  it.each([
    { massBp: -1, gradeBp: 50 },
    { massBp: 200, gradeBp: -1 },
    { massBp: 1.5, gradeBp: 50 },
  ])('refuses the tolerance %j', (tolerance) => {
    expect(() => reconcileWithBuyer(OURS, OURS, tolerance)).toThrow('TOLERANCE_INVALID');
  });
});

describe('totalOfLots', () => {
  it('sums masses and weights the grade by mass', () => {
    const lots: MeasuredLot[] = [
      { massMg: 30_000_000, gradeBp: 1000 },
      { massMg: 10_000_000, gradeBp: 2000 },
    ];
    expect(totalOfLots(lots)).toEqual({ massMg: 40_000_000, gradeBp: 1250 });
  });

  it('rounds the weighted grade half-up', () => {
    expect(totalOfLots([{ massMg: 1, gradeBp: 1 }, { massMg: 1, gradeBp: 2 }]).gradeBp).toBe(2);
    expect(totalOfLots([{ massMg: 2, gradeBp: 1 }, { massMg: 1, gradeBp: 2 }]).gradeBp).toBe(1);
  });

  it('gives no grade when any lot lacks one', () => {
    expect(totalOfLots([{ massMg: 5, gradeBp: 1000 }, { massMg: 5, gradeBp: null }])).toEqual({ massMg: 10, gradeBp: null });
  });

  it('returns a single lot as it is', () => {
    expect(totalOfLots([OURS])).toEqual(OURS);
  });

  it('refuses an empty sale', () => {
    expect(() => totalOfLots([])).toThrow('LOTS_EMPTY');
  });

  it('refuses a lot without mass, naming it', () => {
    expect(() => totalOfLots([OURS, { massMg: 0, gradeBp: 100 }])).toThrow(
      expect.objectContaining({ code: 'MASS_NOT_POSITIVE', params: { field: 'lots[1].massMg', value: 0 } }),
    );
  });

  it('refuses a total beyond a safe integer', () => {
    const huge = { massMg: Number.MAX_SAFE_INTEGER, gradeBp: null };
    expect(() => totalOfLots([huge, huge])).toThrow('MASS_TOO_LARGE');
  });
});

describe('stockOnHand', () => {
  const purchase = (mineral: string, siteId: string, massMg: number): StockMovement => ({ mineral, siteId, massMg });

  it('subtracts what was sold from what was bought per mineral and site, sorted', () => {
    const purchased = [
      purchase('HETEROGENITE', 'site-b', 5_000_000),
      purchase('CASSITERITE', 'site-a', 2_000_000),
      purchase('HETEROGENITE', 'site-a', 3_000_000),
      purchase('HETEROGENITE', 'site-b', 1_000_000),
    ];
    const sold = [purchase('HETEROGENITE', 'site-b', 4_000_000), purchase('CASSITERITE', 'site-a', 2_000_000)];
    expect(stockOnHand(purchased, sold)).toEqual([
      { mineral: 'CASSITERITE', siteId: 'site-a', purchasedMg: 2_000_000, soldMg: 2_000_000, onHandMg: 0 },
      { mineral: 'HETEROGENITE', siteId: 'site-a', purchasedMg: 3_000_000, soldMg: 0, onHandMg: 3_000_000 },
      { mineral: 'HETEROGENITE', siteId: 'site-b', purchasedMg: 6_000_000, soldMg: 4_000_000, onHandMg: 2_000_000 },
    ]);
  });

  it('counts a reversed purchase as a negative movement', () => {
    const purchased = [purchase('GOLD', 'site-a', 10_000), purchase('GOLD', 'site-a', -4_000)];
    expect(stockOnHand(purchased, [])).toEqual([
      { mineral: 'GOLD', siteId: 'site-a', purchasedMg: 6_000, soldMg: 0, onHandMg: 6_000 },
    ]);
  });

  it('returns nothing when nothing moved', () => {
    expect(stockOnHand([], [])).toEqual([]);
  });

  it('refuses to sell more than was bought', () => {
    expect(() => stockOnHand([purchase('GOLD', 'site-a', 10_000)], [purchase('GOLD', 'site-a', 10_001)])).toThrow(
      expect.objectContaining({
        code: 'STOCK_NEGATIVE',
        params: { mineral: 'GOLD', siteId: 'site-a', purchasedMg: '10000', soldMg: '10001', onHandMg: '-1' },
      }),
    );
  });

  it('refuses a sale from a site that bought none of that mineral', () => {
    const boughtAtA = [purchase('GOLD', 'site-a', 10_000)];
    expect(() => stockOnHand(boughtAtA, [purchase('GOLD', 'site-b', 1)])).toThrow('STOCK_NEGATIVE');
  });

  it('keeps minerals and sites with similar names apart', () => {
    const lines = stockOnHand([purchase('A', 'B-C', 1), purchase('A-B', 'C', 2)], []);
    expect(lines.map((line) => line.onHandMg)).toEqual([1, 2]);
  });

  it('refuses a movement that is not a whole number of milligrams', () => {
    expect(() => stockOnHand([purchase('GOLD', 'site-a', 1.5)], [])).toThrow('MASS_NOT_AN_INTEGER');
  });

  it('refuses totals beyond a safe integer', () => {
    const huge = purchase('GOLD', 'site-a', Number.MAX_SAFE_INTEGER);
    expect(() => stockOnHand([huge, huge], [])).toThrow('MASS_TOO_LARGE');
  });
});
