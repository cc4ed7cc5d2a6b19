import {
  ANNEX_II_FLAG_CATEGORIES,
  compareSeverity,
  DEFAULT_SEVERITY_BY_CATEGORY,
  defaultSeverity,
  FLAG_CATEGORIES,
  FLAG_SEVERITIES,
  type FlagCategory,
  type FlagSeverity,
  isAnnexIICategory,
  isFlagCategory,
  isFlagSeverity,
  OPERATIONAL_FLAG_CATEGORIES,
} from './categories.js';

const EXPECTED_DEFAULTS: ReadonlyArray<[FlagCategory, FlagSeverity]> = [
  ['worst_forms_child_labour', 'critical'],
  ['forced_labour', 'critical'],
  ['torture_cruel_treatment', 'critical'],
  ['human_rights_abuse_sexual_violence', 'critical'],
  ['armed_group_support', 'critical'],
  ['security_forces', 'high'],
  ['bribery_fraud_origin', 'high'],
  ['money_laundering', 'high'],
  ['non_payment_taxes', 'medium'],
  ['accident', 'medium'],
  ['injury', 'high'],
  ['fatality', 'critical'],
  ['pregnant_woman_on_site', 'high'],
  ['missing_ppe', 'low'],
  ['mercury_explosives', 'high'],
  ['environmental_damage', 'medium'],
  ['weight_grade_discrepancy', 'medium'],
  ['illegal_taxation', 'high'],
  ['armed_presence', 'high'],
  ['other', 'medium'],
];

describe('flag categories', () => {
  it('lists the nine OECD Annex II categories then the eleven operational ones, without duplicates', () => {
    expect(ANNEX_II_FLAG_CATEGORIES).toHaveLength(9);
    expect(OPERATIONAL_FLAG_CATEGORIES).toHaveLength(11);
    expect(FLAG_CATEGORIES).toEqual([...ANNEX_II_FLAG_CATEGORIES, ...OPERATIONAL_FLAG_CATEGORIES]);
    expect(new Set(FLAG_CATEGORIES).size).toBe(20);
  });

  it('orders severities from low to critical', () => {
    expect(FLAG_SEVERITIES).toEqual(['low', 'medium', 'high', 'critical']);
  });

  it.each(EXPECTED_DEFAULTS)('gives %s the default severity %s', (category, severity) => {
    expect(defaultSeverity(category)).toBe(severity);
  });

  it('has a default for every category and no other key', () => {
    expect(Object.keys(DEFAULT_SEVERITY_BY_CATEGORY).sort()).toEqual([...FLAG_CATEGORIES].sort());
    expect(EXPECTED_DEFAULTS.map(([category]) => category).sort()).toEqual([...FLAG_CATEGORIES].sort());
  });

  it('treats child labour, fatality, armed groups, forced labour, torture and sexual violence as critical', () => {
    const critical = FLAG_CATEGORIES.filter((category) => defaultSeverity(category) === 'critical');
    expect(critical.sort()).toEqual(
      [
        'armed_group_support',
        'fatality',
        'forced_labour',
        'human_rights_abuse_sexual_violence',
        'torture_cruel_treatment',
        'worst_forms_child_labour',
      ].sort(),
    );
  });

  it.each(ANNEX_II_FLAG_CATEGORIES)('knows %s is an Annex II category', (category) => {
    expect(isAnnexIICategory(category)).toBe(true);
  });

  it.each(OPERATIONAL_FLAG_CATEGORIES)('knows %s is not an Annex II category', (category) => {
    expect(isAnnexIICategory(category)).toBe(false);
  });

  it('recognises category and severity codes and refuses others, case included', () => {
    expect(isFlagCategory('fatality')).toBe(true);
    expect(isFlagCategory('Fatality')).toBe(false);
    expect(isFlagCategory('theft')).toBe(false);
    expect(isFlagSeverity('critical')).toBe(true);
    expect(isFlagSeverity('urgent')).toBe(false);
    expect(isFlagSeverity('')).toBe(false);
  });

  it('compares every pair of severities by rank', () => {
    for (const [i, a] of FLAG_SEVERITIES.entries()) {
      for (const [j, b] of FLAG_SEVERITIES.entries()) {
        expect(Math.sign(compareSeverity(a, b))).toBe(Math.sign(i - j));
      }
    }
  });
});
