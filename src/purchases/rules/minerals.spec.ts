import { assertMeasurementsFitMineral, DEFAULT_MINERALS, isKimberleyMineral, findMineral, type Mineral, type MineralCode } from './minerals.js';

describe('default mineral list', () => {
  it.each<[MineralCode, string, string]>([
    ['HETEROGENITE', '2605.00', 'kg'],
    ['COBALT_HYDROXIDE', '2822.00', 'kg'],
    ['COPPER_ORE', '2603.00', 'kg'],
    ['CASSITERITE', '2609.00', 'kg'],
    ['COLTAN', '2615.90', 'kg'],
    ['WOLFRAMITE', '2611.00', 'kg'],
    ['GOLD', '7108.12', 'g'],
    ['ROUGH_DIAMOND_UNSORTED', '7102.10', 'ct'],
    ['ROUGH_DIAMOND_INDUSTRIAL', '7102.21', 'ct'],
    ['ROUGH_DIAMOND_NON_INDUSTRIAL', '7102.31', 'ct'],
  ])('declares %s under HS %s, priced per %s', (code, hsCode, pricingUnit) => {
    expect(findMineral(code)).toMatchObject({ hsCode, pricingUnit });
  });

  it('lists each mineral once, with an HS code written NNNN.NN', () => {
    const codes = DEFAULT_MINERALS.map((mineral) => mineral.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(10);
    for (const mineral of DEFAULT_MINERALS) expect(mineral.hsCode).toMatch(/^\d{4}\.\d{2}$/);
  });

  it('asks for moisture only for heterogenite and cobalt hydroxide', () => {
    const withMoisture = DEFAULT_MINERALS.filter((mineral) => mineral.moistureRelevant).map((mineral) => mineral.code);
    expect(withMoisture.sort()).toEqual(['COBALT_HYDROXIDE', 'HETEROGENITE']);
  });

  it('needs a Kimberley Process certificate for rough diamonds only, and assays no diamond', () => {
    for (const mineral of DEFAULT_MINERALS) {
      const diamond = mineral.code.startsWith('ROUGH_DIAMOND');
      expect(mineral.kimberleyProcess).toBe(diamond);
      expect(mineral.gradeOf === null).toBe(diamond);
    }
  });

  it('states what each grade measures', () => {
    expect(findMineral('HETEROGENITE').gradeOf).toBe('Co');
    expect(findMineral('COLTAN').gradeOf).toBe('Ta2O5');
    expect(findMineral('WOLFRAMITE').gradeOf).toBe('WO3');
    expect(findMineral('GOLD').gradeOf).toBe('Au');
  });
});

describe('findMineral', () => {
  it('refuses a code it does not know, listing those it does', () => {
    expect(() => findMineral('URANIUM')).toThrow(
      expect.objectContaining({ code: 'MINERAL_UNKNOWN', params: expect.objectContaining({ mineral: 'URANIUM' }) }),
    );
  });

  it('looks in the cooperative’s own list when given one', () => {
    const ownList: Mineral[] = [findMineral('GOLD')];
    expect(findMineral('GOLD', ownList).code).toBe('GOLD');
    expect(() => findMineral('COLTAN', ownList)).toThrow(
      expect.objectContaining({ code: 'MINERAL_UNKNOWN', params: { mineral: 'COLTAN', allowed: ['GOLD'] } }),
    );
  });
});

describe('assertMeasurementsFitMineral', () => {
  const netBasis = 'per_unit_net_mass' as const;
  const containedBasis = 'per_unit_contained_metal' as const;
  const unassayed = { priceBasis: netBasis, gradeBp: null, moistureBp: null };

  it('accepts heterogenite with grade and moisture, priced on contained cobalt', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('HETEROGENITE'), { priceBasis: containedBasis, gradeBp: 1420, moistureBp: 800 }),
    ).not.toThrow();
  });

  it('requires moisture for cobalt', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('COBALT_HYDROXIDE'), { ...unassayed, gradeBp: 3000 }),
    ).toThrow(expect.objectContaining({ code: 'MOISTURE_REQUIRED', params: { mineral: 'COBALT_HYDROXIDE' } }));
  });

  it('accepts a moisture of zero for cobalt', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('HETEROGENITE'), { ...unassayed, moistureBp: 0 }),
    ).not.toThrow();
  });

  it('refuses moisture for a mineral it is not deducted from', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('CASSITERITE'), { ...unassayed, gradeBp: 6500, moistureBp: 0 }),
    ).toThrow('MOISTURE_NOT_APPLICABLE');
  });

  it('accepts cassiterite without a grade, priced on net mass', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('CASSITERITE'), unassayed),
    ).not.toThrow();
  });

  it('refuses a grade for a diamond', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('ROUGH_DIAMOND_UNSORTED'), { ...unassayed, gradeBp: 100 }),
    ).toThrow('GRADE_NOT_APPLICABLE');
  });

  it('refuses a contained-metal price for a diamond', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('ROUGH_DIAMOND_INDUSTRIAL'), { ...unassayed, priceBasis: containedBasis }),
    ).toThrow(
      expect.objectContaining({
        code: 'PRICE_BASIS_NOT_APPLICABLE',
        params: { mineral: 'ROUGH_DIAMOND_INDUSTRIAL', priceBasis: containedBasis },
      }),
    );
  });

  it('accepts a diamond priced per carat with no grade and no moisture', () => {
    expect(() =>
      assertMeasurementsFitMineral(findMineral('ROUGH_DIAMOND_NON_INDUSTRIAL'), unassayed),
    ).not.toThrow();
  });

  it('names the rough diamonds, and nothing else, as Kimberley Process minerals', () => {
    expect(DEFAULT_MINERALS.filter((mineral) => isKimberleyMineral(mineral.code)).map((mineral) => mineral.code)).toEqual([
      'ROUGH_DIAMOND_UNSORTED', 'ROUGH_DIAMOND_INDUSTRIAL', 'ROUGH_DIAMOND_NON_INDUSTRIAL',
    ]);
    expect(isKimberleyMineral('DIAMOND')).toBe(false);
    expect(isKimberleyMineral(null)).toBe(false);
  });
});
