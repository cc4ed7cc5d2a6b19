import { type FeeRule } from './amount.js';
import { assertFeeScheduleConsistent, datedFeeRulesInForce, type DatedFeeRule, feeRulesInForce, isIsoDate } from './fee-rules.js';

const LEVY_2024: FeeRule = { kind: 'percent', fundCode: 'PROVINCIAL_LEVY', rateBp: 100 };
const LEVY_2025: FeeRule = { kind: 'percent', fundCode: 'PROVINCIAL_LEVY', rateBp: 150 };
const DUES: FeeRule = { kind: 'fixed', fundCode: 'COOPERATIVE_DUES', amountMinor: 50, currency: 'USD' };

const SCHEDULE: DatedFeeRule[] = [
  { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2024, validFrom: '2024-01-01', validTo: '2024-12-31' },
  { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2025, validFrom: '2025-01-01', validTo: null },
  { ruleCode: 'COOPERATIVE_DUES', rule: DUES, validFrom: '2024-07-01', validTo: '2025-06-30' },
];

describe('feeRulesInForce', () => {
  it.each<[string, FeeRule[]]>([
    ['2023-12-31', []],
    ['2024-01-01', [LEVY_2024]],
    ['2024-06-30', [LEVY_2024]],
    ['2024-07-01', [LEVY_2024, DUES]],
    ['2024-12-31', [LEVY_2024, DUES]],
    ['2025-01-01', [LEVY_2025, DUES]],
    ['2025-06-30', [LEVY_2025, DUES]],
    ['2025-07-01', [LEVY_2025]],
    ['2099-01-01', [LEVY_2025]],
  ])('on %s applies %j', (day, expected) => {
    expect(feeRulesInForce(SCHEDULE, day)).toEqual(expected);
  });

  it('keeps a purchase on the rule of its own day after the rule changed', () => {
    const decemberPurchase = feeRulesInForce(SCHEDULE, '2024-12-15');
    expect(decemberPurchase).toContainEqual(LEVY_2024);
    expect(decemberPurchase).not.toContainEqual(LEVY_2025);
  });

  it('applies a rule valid for a single day on that day only', () => {
    const oneDay: DatedFeeRule[] = [{ ruleCode: 'FAIR', rule: DUES, validFrom: '2025-03-14', validTo: '2025-03-14' }];
    expect(feeRulesInForce(oneDay, '2025-03-13')).toEqual([]);
    expect(feeRulesInForce(oneDay, '2025-03-14')).toEqual([DUES]);
    expect(feeRulesInForce(oneDay, '2025-03-15')).toEqual([]);
  });

  it('returns nothing from an empty schedule', () => {
    expect(feeRulesInForce([], '2025-03-14')).toEqual([]);
  });

  it('refuses two versions of one rule in force on the same day', () => {
    const overlapping: DatedFeeRule[] = [
      { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2024, validFrom: '2024-01-01', validTo: '2025-01-31' },
      { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2025, validFrom: '2025-01-01', validTo: null },
    ];
    expect(feeRulesInForce(overlapping, '2024-12-31')).toEqual([LEVY_2024]);
    expect(() => feeRulesInForce(overlapping, '2025-01-15')).toThrow(
      expect.objectContaining({ code: 'FEE_RULE_AMBIGUOUS', params: { ruleCode: 'PROVINCIAL_LEVY', day: '2025-01-15' } }),
    );
  });

  it.each(['2025-02-30', '2025-13-01', '14/03/2025', '2025-3-14', ''])('refuses the day %j', (day) => {
    expect(() => feeRulesInForce(SCHEDULE, day)).toThrow(
      expect.objectContaining({ code: 'DATE_INVALID', params: { field: 'day', value: day } }),
    );
  });

  it('refuses a rule whose period ends before it starts', () => {
    const backwards: DatedFeeRule[] = [{ ruleCode: 'X', rule: DUES, validFrom: '2025-02-01', validTo: '2025-01-31' }];
    expect(() => feeRulesInForce(backwards, '2025-01-15')).toThrow('FEE_RULE_PERIOD_INVALID');
  });

  it('refuses a rule with a malformed date', () => {
    const malformed: DatedFeeRule[] = [{ ruleCode: 'X', rule: DUES, validFrom: '2025-01-01', validTo: '2025-02-29' }];
    expect(() => feeRulesInForce(malformed, '2025-01-15')).toThrow(
      expect.objectContaining({ code: 'DATE_INVALID', params: { field: 'validTo', value: '2025-02-29' } }),
    );
  });
});

describe('assertFeeScheduleConsistent', () => {
  it('accepts versions that follow each other day after day', () => {
    expect(() => assertFeeScheduleConsistent(SCHEDULE)).not.toThrow();
  });

  it.each<[string, string | null, string, string | null]>([
    ['2024-01-01', '2025-01-01', '2025-01-01', null],
    ['2024-01-01', null, '2030-01-01', '2030-12-31'],
    ['2025-01-01', null, '2024-01-01', '2025-01-01'],
    ['2024-01-01', null, '2020-01-01', null],
    ['2024-03-01', '2024-03-31', '2024-01-01', '2024-12-31'],
  ])('refuses versions of one rule [%s, %s] and [%s, %s] that share a day', (fromA, toA, fromB, toB) => {
    const schedule: DatedFeeRule[] = [
      { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2024, validFrom: fromA, validTo: toA },
      { ruleCode: 'PROVINCIAL_LEVY', rule: LEVY_2025, validFrom: fromB, validTo: toB },
    ];
    expect(() => assertFeeScheduleConsistent(schedule)).toThrow(
      expect.objectContaining({
        code: 'FEE_RULE_PERIODS_OVERLAP',
        params: expect.objectContaining({ ruleCode: 'PROVINCIAL_LEVY' }),
      }),
    );
  });

  it('accepts different rules in force at the same time', () => {
    const parallel: DatedFeeRule[] = [
      { ruleCode: 'A', rule: LEVY_2024, validFrom: '2024-01-01', validTo: null },
      { ruleCode: 'B', rule: DUES, validFrom: '2024-01-01', validTo: null },
    ];
    expect(() => assertFeeScheduleConsistent(parallel)).not.toThrow();
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      assertFeeScheduleConsistent([{ ruleCode: 'X', rule: DUES, validFrom: '2025-02-01', validTo: '2025-01-31' }]),
    ).toThrow('FEE_RULE_PERIOD_INVALID');
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2025-12-31', true],
    ['2025-00-10', false],
    ['2025-04-31', false],
    ['2025-04-30', true],
    ['20250430', false],
    ['2025-04-30T00:00:00Z', false],
  ])('judges %s a calendar day: %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('datedFeeRulesInForce', () => {
  it('returns the schedule items themselves, with what they carry, in schedule order', () => {
    const schedule = [
      { id: 'a', ruleCode: 'DUES', rule: { kind: 'fixed' as const, fundCode: 'DUES', amountMinor: 50, currency: 'USD' }, validFrom: '2025-01-01', validTo: null },
      { id: 'b', ruleCode: 'LEVY', rule: { kind: 'percent' as const, fundCode: 'LEVY', rateBp: 100 }, validFrom: '2024-01-01', validTo: '2024-12-31' },
      { id: 'c', ruleCode: 'LEVY', rule: { kind: 'percent' as const, fundCode: 'LEVY', rateBp: 200 }, validFrom: '2025-01-01', validTo: null },
    ];
    expect(datedFeeRulesInForce(schedule, '2025-03-14').map((dated) => dated.id)).toEqual(['a', 'c']);
    expect(datedFeeRulesInForce(schedule, '2024-06-01').map((dated) => dated.id)).toEqual(['b']);
    expect(feeRulesInForce(schedule, '2025-03-14')).toEqual([schedule[0].rule, schedule[2].rule]);
  });
});
