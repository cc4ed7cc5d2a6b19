import { checkPurchase, datedFeeRules, mineralNeeds, pricedMassIn, type PurchaseDraft } from './purchase-check';

const draft = (overrides: Partial<PurchaseDraft> = {}): PurchaseDraft => ({
  mineral: 'HETEROGENITE',
  netKg: '12,5',
  grossKg: '',
  gradePercent: '14,2',
  moisturePercent: '8',
  priceBasis: 'per_unit_contained_metal',
  unitPriceMinor: 950,
  currency: 'USD',
  paymentMethod: 'cash',
  paymentReference: '',
  ...overrides,
});

const schedule = datedFeeRules([
  { id: 'a', ruleCode: 'DUES', fundCode: 'COOPERATIVE_DUES', kind: 'percent', rateBp: 250, amountMinor: null, currency: null, validFrom: '2026-01-01', validTo: '2026-06-30', createdBy: 'u', createdAt: '' },
  { id: 'b', ruleCode: 'DUES', fundCode: 'COOPERATIVE_DUES', kind: 'percent', rateBp: 300, amountMinor: null, currency: null, validFrom: '2026-07-01', validTo: null, createdBy: 'u', createdAt: '' },
  { id: 'c', ruleCode: 'LEVY', fundCode: 'PROVINCIAL_LEVY', kind: 'fixed', rateBp: null, amountMinor: 10, currency: 'USD', validFrom: '2026-01-01', validTo: null, createdBy: 'u', createdAt: '' },
]);

describe('the purchase form checks, with the server rules', () => {
  it('prices the contained metal and withholds the fees in force on the day, as the server does', () => {
    const result = checkPurchase(draft(), schedule, '2026-03-10');
    expect(result.ok && result.preview).toMatchObject({
      amountMinor: 1551,
      fees: [
        { fundCode: 'COOPERATIVE_DUES', amountMinor: 39 },
        { fundCode: 'PROVINCIAL_LEVY', amountMinor: 10 },
      ],
      netPaidMinor: 1502,
    });
    expect(result.ok && pricedMassIn(result.preview)).toBeCloseTo(1.633, 3);
    const later = checkPurchase(draft(), schedule, '2026-08-01');
    expect(later.ok && later.preview.fees[0].amountMinor).toBe(47);
  });

  it('refuses a cobalt purchase without moisture, and points at the field', () => {
    expect(checkPurchase(draft({ moisturePercent: '' }), schedule, '2026-03-10')).toEqual({
      ok: false,
      problem: { code: 'MOISTURE_REQUIRED', params: { mineral: 'HETEROGENITE' }, field: 'moisturePercent' },
    });
  });

  it('refuses moisture, grade and a contained-metal price where the mineral has none', () => {
    const copper = checkPurchase(draft({ mineral: 'COPPER_ORE' }), schedule, '2026-03-10');
    expect(!copper.ok && copper.problem.field).toBe('moisturePercent');
    const diamond = checkPurchase(draft({ mineral: 'ROUGH_DIAMOND_UNSORTED', moisturePercent: '' }), schedule, '2026-03-10');
    expect(!diamond.ok && diamond.problem).toMatchObject({ code: 'GRADE_NOT_APPLICABLE', field: 'gradePercent' });
  });

  it('refuses a mobile-money payment without its reference, a net above the gross and a mistyped mass', () => {
    const mobile = checkPurchase(draft({ paymentMethod: 'mobile_money' }), schedule, '2026-03-10');
    expect(!mobile.ok && mobile.problem.field).toBe('paymentReference');
    const above = checkPurchase(draft({ grossKg: '10' }), schedule, '2026-03-10');
    expect(!above.ok && above.problem.code).toBe('NET_MASS_ABOVE_GROSS');
    const typo = checkPurchase(draft({ netKg: '12..5' }), schedule, '2026-03-10');
    expect(!typo.ok && typo.problem).toMatchObject({ code: 'MASS_NOT_A_NUMBER', field: 'netKg' });
  });

  it('asks for a price', () => {
    const none = checkPurchase(draft({ unitPriceMinor: null }), schedule, '2026-03-10');
    expect(!none.ok && none.problem.field).toBe('unitPrice');
  });

  it('asks each mineral for its own measures: carats and no grade for a diamond, grams for gold, moisture for cobalt only', () => {
    expect(mineralNeeds('ROUGH_DIAMOND_UNSORTED')).toEqual({ unit: 'ct', graded: false, moisture: false, diamond: true });
    expect(mineralNeeds('GOLD')).toEqual({ unit: 'g', graded: true, moisture: false, diamond: false });
    expect(mineralNeeds('HETEROGENITE')).toEqual({ unit: 'kg', graded: true, moisture: true, diamond: false });
    const diamond = checkPurchase(
      draft({ mineral: 'ROUGH_DIAMOND_UNSORTED', massUnit: 'ct', netKg: '2,5', gradePercent: '', moisturePercent: '', priceBasis: 'per_unit_net_mass', unitPriceMinor: 10_000, diamond: { stones: 3, qualityClass: 'GEM -1ct', parcelId: '6d1b8f1e-2f55-4a8f-9d55-3f3c1b7a0a11' } }),
      [],
      '2026-03-10',
    );
    expect(diamond.ok && [diamond.preview.netMg, diamond.preview.priceUnit, diamond.preview.amountMinor]).toEqual([500, 'ct', 25_000]);
  });

  it('asks a diamond for its stones, class and parcel, before anything is saved', () => {
    const base = { mineral: 'ROUGH_DIAMOND_UNSORTED', massUnit: 'ct' as const, netKg: '2,5', gradePercent: '', moisturePercent: '', priceBasis: 'per_unit_net_mass' as const, unitPriceMinor: 10_000 };
    const parcelId = '6d1b8f1e-2f55-4a8f-9d55-3f3c1b7a0a11';
    const missing = checkPurchase(draft(base), [], '2026-03-10');
    expect(!missing.ok && missing.problem).toMatchObject({ code: 'DIAMOND_DETAILS_REQUIRED', field: 'parcelId' });
    const noStones = checkPurchase(draft({ ...base, diamond: { stones: 0, qualityClass: 'GEM', parcelId } }), [], '2026-03-10');
    expect(!noStones.ok && noStones.problem).toMatchObject({ code: 'DIAMOND_STONES_INVALID', field: 'stones' });
    const noClass = checkPurchase(draft({ ...base, diamond: { stones: 2, qualityClass: '  ', parcelId } }), [], '2026-03-10');
    expect(!noClass.ok && noClass.problem).toMatchObject({ code: 'DIAMOND_CLASS_INVALID', field: 'qualityClass' });
    const ore = checkPurchase(draft({ diamond: { stones: 2, qualityClass: 'GEM', parcelId } }), [], '2026-03-10');
    expect(!ore.ok && ore.problem.code).toBe('DIAMOND_DETAILS_NOT_APPLICABLE');
  });
});
