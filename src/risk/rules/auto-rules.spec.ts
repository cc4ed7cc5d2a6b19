import {
  AUTO_RULE_CODES,
  buyerDiscrepancy,
  dedupeKeyFor,
  type GateAttemptFacts,
  gradeToleranceVerdict,
  kimberleyCertificateDiscrepancy,
  type KimberleyCertificateFacts,
  massToleranceVerdict,
  minorAtGate,
  minorRegistrationAttempt,
  pregnancyAtForbiddenZone,
  proposeFlagsForGateAttempt,
  type RegistrationAttemptFacts,
  relativeMassDifferenceBp,
  type SaleReconciliationFacts,
  unknownApparentMinorAtGate,
  standardAssessmentFindings,
} from './auto-rules.js';

const ATTEMPTED_AT = new Date('2025-03-14T06:45:00.000Z');

function gateAttempt(overrides: Partial<GateAttemptFacts> = {}): GateAttemptFacts {
  return {
    id: 'gate-attempt-1',
    siteId: 'site-kamilombe',
    zoneId: 'zone-pit-3',
    attemptedAt: ATTEMPTED_AT,
    ageYears: 34,
    apparentMinor: false,
    pregnancyDeclared: false,
    zoneBansPregnantWomen: true,
    ...overrides,
  };
}

function registration(overrides: Partial<RegistrationAttemptFacts> = {}): RegistrationAttemptFacts {
  return { id: 'registration-1', siteId: 'site-kamilombe', attemptedAt: ATTEMPTED_AT, ageYears: 16, ...overrides };
}

/** 100 kg by our scale, tolerance 0.5 % (500 000 mg), grade 60.00 % with 1 point tolerance. */
function reconciliation(overrides: Partial<SaleReconciliationFacts> = {}): SaleReconciliationFacts {
  return {
    id: 'reconciliation-1',
    saleId: 'sale-1',
    siteId: 'site-kamilombe',
    reconciledAt: ATTEMPTED_AT,
    ourNetMassMg: 100_000_000,
    buyerNetMassMg: 100_000_000,
    massToleranceBp: 50,
    ourGradeBp: 6_000,
    buyerGradeBp: 6_000,
    gradeToleranceBp: 100,
    ...overrides,
  };
}

describe('dedupe keys', () => {
  it('is the same for the same source, however often it is computed', () => {
    const first = minorAtGate(gateAttempt({ ageYears: 15 }));
    const replayed = minorAtGate(gateAttempt({ ageYears: 15, attemptedAt: new Date('2025-03-15T00:00:00Z') }));
    expect(first?.dedupeKey).toBe('minor_at_gate:gate_attempt:gate-attempt-1');
    expect(replayed?.dedupeKey).toBe(first?.dedupeKey);
  });

  it('differs between two events and between two rules on one event', () => {
    const pregnantMinor = gateAttempt({ ageYears: 17, pregnancyDeclared: true });
    const keys = [
      minorAtGate(pregnantMinor)?.dedupeKey,
      pregnancyAtForbiddenZone(pregnantMinor)?.dedupeKey,
      minorAtGate({ ...pregnantMinor, id: 'gate-attempt-2' })?.dedupeKey,
      unknownApparentMinorAtGate(gateAttempt({ ageYears: null, apparentMinor: true }))?.dedupeKey,
      minorRegistrationAttempt(registration({ id: 'gate-attempt-1' }))?.dedupeKey,
    ];
    expect(keys.every((key) => typeof key === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps a source type and id apart even when ids look alike', () => {
    expect(dedupeKeyFor('minor_at_gate', { type: 'gate_attempt', id: 'a:b' })).not.toBe(
      dedupeKeyFor('minor_at_gate', { type: 'gate_attempt', id: 'a' }),
    );
    expect(dedupeKeyFor('buyer_discrepancy', { type: 'sale', id: 'x' })).not.toBe(
      dedupeKeyFor('buyer_discrepancy', { type: 'sale_reconciliation', id: 'x' }),
    );
  });

  it('refuses a source without id, which would collide', () => {
    expect(() => dedupeKeyFor('minor_at_gate', { type: 'gate_attempt', id: '' })).toThrow('SOURCE_ID_REQUIRED');
  });

  it('prefixes every key with its rule code', () => {
    for (const rule of AUTO_RULE_CODES) {
      expect(dedupeKeyFor(rule, { type: 'sale', id: '1' }).startsWith(`${rule}:`)).toBe(true);
    }
  });
});

describe('minorAtGate', () => {
  it('raises a critical child-labour flag for a 17-year-old at the gate, pointing at the attempt', () => {
    expect(minorAtGate(gateAttempt({ ageYears: 17 }))).toEqual({
      category: 'worst_forms_child_labour',
      severity: 'critical',
      sourceRule: 'minor_at_gate',
      sourceRef: { type: 'gate_attempt', id: 'gate-attempt-1' },
      dedupeKey: 'minor_at_gate:gate_attempt:gate-attempt-1',
      siteId: 'site-kamilombe',
      occurredAt: ATTEMPTED_AT,
      descriptionKey: 'risk.auto.minor_at_gate',
      descriptionParams: { ageYears: 17, zoneId: 'zone-pit-3' },
    });
  });

  it.each([[0], [9], [17]])('raises it at age %i', (ageYears) => {
    expect(minorAtGate(gateAttempt({ ageYears }))?.category).toBe('worst_forms_child_labour');
  });

  it.each([[18], [19], [60]])('raises nothing at age %i', (ageYears) => {
    expect(minorAtGate(gateAttempt({ ageYears }))).toBeNull();
  });

  it('leaves an unknown age to the apparent-minor rule', () => {
    expect(minorAtGate(gateAttempt({ ageYears: null, apparentMinor: true }))).toBeNull();
  });

  it.each([[-1], [16.5], [Number.NaN]])('refuses an age of %d', (ageYears) => {
    expect(() => minorAtGate(gateAttempt({ ageYears }))).toThrow('AGE_INVALID');
  });
});

describe('unknownApparentMinorAtGate', () => {
  it('raises a critical child-labour flag when the officer judged an unidentified person under 18', () => {
    const flag = unknownApparentMinorAtGate(gateAttempt({ ageYears: null, apparentMinor: true, zoneId: null }));
    expect(flag).toMatchObject({
      category: 'worst_forms_child_labour',
      severity: 'critical',
      sourceRule: 'unknown_apparent_minor_at_gate',
      sourceRef: { type: 'gate_attempt', id: 'gate-attempt-1' },
      dedupeKey: 'unknown_apparent_minor_at_gate:gate_attempt:gate-attempt-1',
      descriptionParams: { zoneId: null },
    });
  });

  it('raises nothing when the unidentified person did not look under 18', () => {
    expect(unknownApparentMinorAtGate(gateAttempt({ ageYears: null, apparentMinor: false }))).toBeNull();
  });

  it('raises nothing when the age is known, minor or adult (minorAtGate or the identity checks apply)', () => {
    expect(unknownApparentMinorAtGate(gateAttempt({ ageYears: 15, apparentMinor: true }))).toBeNull();
    expect(unknownApparentMinorAtGate(gateAttempt({ ageYears: 25, apparentMinor: true }))).toBeNull();
  });

  it('refuses an invalid age', () => {
    expect(() => unknownApparentMinorAtGate(gateAttempt({ ageYears: -3, apparentMinor: true }))).toThrow('AGE_INVALID');
  });
});

describe('pregnancyAtForbiddenZone', () => {
  it('raises a high pregnant-woman-on-site flag when a declared pregnancy meets a banning zone', () => {
    expect(pregnancyAtForbiddenZone(gateAttempt({ pregnancyDeclared: true }))).toMatchObject({
      category: 'pregnant_woman_on_site',
      severity: 'high',
      sourceRule: 'pregnancy_at_forbidden_zone',
      sourceRef: { type: 'gate_attempt', id: 'gate-attempt-1' },
      dedupeKey: 'pregnancy_at_forbidden_zone:gate_attempt:gate-attempt-1',
      siteId: 'site-kamilombe',
      descriptionParams: { zoneId: 'zone-pit-3' },
    });
  });

  it.each([
    [false, true],
    [true, false],
    [false, false],
  ])('raises nothing when pregnancy declared is %s and the zone bans is %s', (pregnancyDeclared, zoneBansPregnantWomen) => {
    expect(pregnancyAtForbiddenZone(gateAttempt({ pregnancyDeclared, zoneBansPregnantWomen }))).toBeNull();
  });
});

describe('proposeFlagsForGateAttempt', () => {
  it('raises nothing for an adult at an allowed entry', () => {
    expect(proposeFlagsForGateAttempt(gateAttempt())).toEqual([]);
  });

  it('raises both the child-labour and the pregnancy flags for a pregnant minor', () => {
    const rules = proposeFlagsForGateAttempt(gateAttempt({ ageYears: 16, pregnancyDeclared: true })).map(
      (flag) => flag.sourceRule,
    );
    expect(rules).toEqual(['minor_at_gate', 'pregnancy_at_forbidden_zone']);
  });

  it('raises the apparent-minor flag alone for an unidentified child', () => {
    const rules = proposeFlagsForGateAttempt(gateAttempt({ ageYears: null, apparentMinor: true })).map(
      (flag) => flag.sourceRule,
    );
    expect(rules).toEqual(['unknown_apparent_minor_at_gate']);
  });
});

describe('minorRegistrationAttempt', () => {
  it('raises a critical child-labour flag for an applicant under 18, pointing at the registration', () => {
    expect(minorRegistrationAttempt(registration({ ageYears: 17, siteId: null }))).toEqual({
      category: 'worst_forms_child_labour',
      severity: 'critical',
      sourceRule: 'minor_registration_attempt',
      sourceRef: { type: 'registration_attempt', id: 'registration-1' },
      dedupeKey: 'minor_registration_attempt:registration_attempt:registration-1',
      siteId: null,
      occurredAt: ATTEMPTED_AT,
      descriptionKey: 'risk.auto.minor_registration_attempt',
      descriptionParams: { ageYears: 17 },
    });
  });

  it.each([[18], [45]])('raises nothing for an applicant aged %i', (ageYears) => {
    expect(minorRegistrationAttempt(registration({ ageYears }))).toBeNull();
  });

  it('raises nothing without a birth date', () => {
    expect(minorRegistrationAttempt(registration({ ageYears: null }))).toBeNull();
  });

  it('refuses an invalid age', () => {
    expect(() => minorRegistrationAttempt(registration({ ageYears: 12.25 }))).toThrow('AGE_INVALID');
  });
});

describe('buyerDiscrepancy', () => {
  // Tolerance 0.5 % of 100 kg = 500 000 mg; twice = 1 000 000 mg.
  it.each([
    ['equal weights', 100_000_000, null],
    ['a difference exactly at tolerance', 100_500_000, null],
    ['one milligram beyond tolerance', 100_500_001, 'medium'],
    ['exactly twice the tolerance', 101_000_000, 'medium'],
    ['one milligram beyond twice the tolerance', 101_000_001, 'high'],
    ['a buyer weight lower by exactly twice the tolerance', 99_000_000, 'medium'],
    ['a buyer weight lower by one milligram beyond twice', 98_999_999, 'high'],
    ['a buyer weight lower by one milligram beyond tolerance', 99_499_999, 'medium'],
  ])('on mass, with %s, proposes %s', (_label, buyerNetMassMg, severity) => {
    expect(buyerDiscrepancy(reconciliation({ buyerNetMassMg }))?.severity ?? null).toBe(severity);
  });

  // Tolerance 100 bp of grade; twice = 200 bp.
  it.each([
    ['exactly at tolerance', 6_100, null],
    ['one point beyond tolerance', 6_101, 'medium'],
    ['exactly twice the tolerance', 6_200, 'medium'],
    ['one point beyond twice the tolerance', 6_201, 'high'],
    ['lower by one point beyond twice', 5_799, 'high'],
    ['lower by exactly twice', 5_800, 'medium'],
  ])('on grade, %s, proposes %s', (_label, buyerGradeBp, severity) => {
    expect(buyerDiscrepancy(reconciliation({ buyerGradeBp }))?.severity ?? null).toBe(severity);
  });

  it('takes the worse of the two measures', () => {
    expect(buyerDiscrepancy(reconciliation({ buyerNetMassMg: 100_600_000, buyerGradeBp: 6_250 }))?.severity).toBe('high');
    expect(buyerDiscrepancy(reconciliation({ buyerNetMassMg: 101_500_000, buyerGradeBp: 6_150 }))?.severity).toBe('high');
    expect(buyerDiscrepancy(reconciliation({ buyerNetMassMg: 100_600_000, buyerGradeBp: 6_150 }))?.severity).toBe('medium');
  });

  it('ignores grade when either side has none', () => {
    expect(buyerDiscrepancy(reconciliation({ ourGradeBp: null, buyerGradeBp: 9_000 }))).toBeNull();
    expect(buyerDiscrepancy(reconciliation({ ourGradeBp: 2_000, buyerGradeBp: null }))).toBeNull();
  });

  it('treats any difference as beyond twice a zero tolerance, and none as within it', () => {
    expect(buyerDiscrepancy(reconciliation({ massToleranceBp: 0, buyerNetMassMg: 100_000_001 }))?.severity).toBe('high');
    expect(buyerDiscrepancy(reconciliation({ massToleranceBp: 0, gradeToleranceBp: 0 }))).toBeNull();
  });

  it('compares relative mass exactly on figures too large for floating point', () => {
    const tolerance = 2 ** 44;
    const ours = 200 * tolerance; // tolerance is exactly 0.5 % of it; ours × 10 000 is far beyond 2^53
    expect(massToleranceVerdict(reconciliation({ ourNetMassMg: ours, buyerNetMassMg: ours + tolerance }))).toBe('within');
    expect(massToleranceVerdict(reconciliation({ ourNetMassMg: ours, buyerNetMassMg: ours + tolerance + 1 }))).toBe('beyond');
    expect(massToleranceVerdict(reconciliation({ ourNetMassMg: ours, buyerNetMassMg: ours + 2 * tolerance + 1 }))).toBe(
      'beyond_twice',
    );
  });

  it('flags any buyer weight when ours is zero', () => {
    expect(massToleranceVerdict(reconciliation({ ourNetMassMg: 0, buyerNetMassMg: 1 }))).toBe('beyond_twice');
    expect(massToleranceVerdict(reconciliation({ ourNetMassMg: 0, buyerNetMassMg: 0 }))).toBe('within');
  });

  it('carries the figures, the sale and a dedupe key per sale', () => {
    const flag = buyerDiscrepancy(reconciliation({ buyerNetMassMg: 98_765_432, buyerGradeBp: 5_850 }));
    expect(flag).toEqual({
      category: 'weight_grade_discrepancy',
      severity: 'high',
      sourceRule: 'buyer_discrepancy',
      sourceRef: { type: 'sale_reconciliation', id: 'reconciliation-1' },
      dedupeKey: 'buyer_discrepancy:sale:sale-1',
      siteId: 'site-kamilombe',
      occurredAt: ATTEMPTED_AT,
      descriptionKey: 'risk.auto.buyer_discrepancy',
      descriptionParams: {
        saleId: 'sale-1',
        ourNetMassMg: 100_000_000,
        buyerNetMassMg: 98_765_432,
        massDifferenceMg: -1_234_568,
        massDifferenceBp: -123,
        massToleranceBp: 50,
        massVerdict: 'beyond_twice',
        ourGradeBp: 6_000,
        buyerGradeBp: 5_850,
        gradeDifferenceBp: -150,
        gradeToleranceBp: 100,
        gradeVerdict: 'beyond',
      },
    });
  });

  it('reports no grade difference when a grade is missing', () => {
    const flag = buyerDiscrepancy(reconciliation({ buyerNetMassMg: 101_000_000, buyerGradeBp: null }));
    expect(flag?.descriptionParams).toMatchObject({ gradeDifferenceBp: null, gradeVerdict: 'within', massVerdict: 'beyond' });
  });

  it('keeps one key per sale when the sale is reconciled again', () => {
    const first = buyerDiscrepancy(reconciliation({ buyerNetMassMg: 102_000_000 }));
    const corrected = buyerDiscrepancy(reconciliation({ id: 'reconciliation-2', buyerNetMassMg: 101_900_000 }));
    const otherSale = buyerDiscrepancy(reconciliation({ saleId: 'sale-2', buyerNetMassMg: 102_000_000 }));
    expect(corrected?.dedupeKey).toBe(first?.dedupeKey);
    expect(corrected?.sourceRef).toEqual({ type: 'sale_reconciliation', id: 'reconciliation-2' });
    expect(otherSale?.dedupeKey).not.toBe(first?.dedupeKey);
  });

  it.each([
    ['ourNetMassMg', { ourNetMassMg: -1 }],
    ['buyerNetMassMg', { buyerNetMassMg: 1.5 }],
    ['massToleranceBp', { massToleranceBp: -10 }],
    ['gradeToleranceBp', { gradeToleranceBp: Number.NaN }],
    ['ourGradeBp', { ourGradeBp: 10_001 }],
    ['buyerGradeBp', { buyerGradeBp: -1 }],
    ['ourNetMassMg', { ourNetMassMg: 2 ** 53 }],
  ])('refuses an invalid %s', (field, override) => {
    expect(() => buyerDiscrepancy(reconciliation(override))).toThrow(
      expect.objectContaining({ code: 'RECONCILIATION_FIGURE_INVALID', params: expect.objectContaining({ field }) }),
    );
  });

  it('accepts grades at 0 % and 100 %', () => {
    expect(gradeToleranceVerdict(reconciliation({ ourGradeBp: 0, buyerGradeBp: 10_000 }))).toBe('beyond_twice');
  });
});

describe('relativeMassDifferenceBp', () => {
  it('rounds half away from zero', () => {
    expect(relativeMassDifferenceBp(20_000, 20_001)).toBe(1); // 0.5 bp
    expect(relativeMassDifferenceBp(20_000, 19_999)).toBe(-1);
    expect(relativeMassDifferenceBp(30_000, 30_001)).toBe(0); // 0.33 bp
    expect(relativeMassDifferenceBp(30_000, 30_002)).toBe(1); // 0.67 bp
    expect(relativeMassDifferenceBp(100, 150)).toBe(5_000);
  });

  it('is null when our mass is zero', () => {
    expect(relativeMassDifferenceBp(0, 10)).toBeNull();
  });
});

describe('standardAssessmentFindings', () => {
  const facts = { assessmentId: 'assessment-1', siteId: 'site-1', standardId: 'craft', standardVersion: '2.0', assessedAt: new Date('2026-03-01T00:00:00Z'), failedMustCriteria: 2 };

  it('raises one high flag for an assessment with failed musts, keyed by the assessment', () => {
    expect(standardAssessmentFindings(facts)).toEqual({
      category: 'other',
      severity: 'high',
      sourceRule: 'standard_assessment',
      sourceRef: { type: 'site_assessment', id: 'assessment-1' },
      dedupeKey: 'standard_assessment:site_assessment:assessment-1',
      siteId: 'site-1',
      occurredAt: facts.assessedAt,
      descriptionKey: 'risk.auto.standard_assessment',
      descriptionParams: { standardId: 'craft', standardVersion: '2.0', failedMustCriteria: 2 },
    });
  });

  it('raises nothing when every must is met', () => {
    expect(standardAssessmentFindings({ ...facts, failedMustCriteria: 0 })).toBeNull();
  });
});

describe('kimberleyCertificateDiscrepancy', () => {
  const facts = (overrides: Partial<KimberleyCertificateFacts> = {}): KimberleyCertificateFacts => ({
    certificateId: 'k-1', certificateNumber: 'CD 0012400', siteId: 's-1', recordedAt: ATTEMPTED_AT, declaredMg: 2100, oursMg: 2000,
    declaredCarats: '10.5', ourCarats: '10', toleranceBp: 50, verdict: 'beyond_twice', ...overrides,
  });

  it('raises nothing for a certificate within the tolerance', () => {
    expect(kimberleyCertificateDiscrepancy(facts({ verdict: 'within' }))).toBeNull();
  });

  it('raises a high misrepresentation-of-origin flag beyond twice the tolerance, once per certificate', () => {
    expect(kimberleyCertificateDiscrepancy(facts())).toEqual({
      category: 'bribery_fraud_origin',
      severity: 'high',
      sourceRule: 'kimberley_certificate_discrepancy',
      sourceRef: { type: 'kimberley_certificate', id: 'k-1' },
      dedupeKey: 'kimberley_certificate_discrepancy:kimberley_certificate:k-1',
      siteId: 's-1',
      occurredAt: ATTEMPTED_AT,
      descriptionKey: 'risk.auto.kimberley_certificate_discrepancy',
      descriptionParams: { certificateNumber: 'CD 0012400', declaredCarats: '10.5', ourCarats: '10', differenceMg: 100, toleranceBp: 50, verdict: 'beyond_twice' },
    });
  });

  it('raises a medium flag just beyond the tolerance, and names no site for stones of several', () => {
    expect(kimberleyCertificateDiscrepancy(facts({ verdict: 'beyond', siteId: null }))).toMatchObject({ severity: 'medium', siteId: null });
  });
});
