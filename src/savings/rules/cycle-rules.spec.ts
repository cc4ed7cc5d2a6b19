import { DomainError } from '../../common/domain-error.js';
import { CYCLE_RULE_DEFAULTS, defineCycleRules, fineAmountMinor, type CycleRulesInput } from './cycle-rules.js';

const minimal: CycleRulesInput = { currency: 'CDF', sharePriceMinor: 100_000, socialFundContributionMinor: 20_000 };

function fieldErrorsOf(input: CycleRulesInput): { field: string; code: string }[] {
  try {
    defineCycleRules(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('CYCLE_RULES_INVALID');
    return domainError.errors.map(({ field, code }) => ({ field, code }));
  }
  throw new Error('expected the rules to be refused');
}

describe('defineCycleRules', () => {
  it('applies the methodology defaults: 1–5 shares, 3 × savings, 3 months, 10 % flat, social fund kept', () => {
    const rules = defineCycleRules(minimal);
    // The methodology's figures, written out rather than read from CYCLE_RULE_DEFAULTS, so that a changed default fails here.
    expect(rules).toEqual({
      ...minimal, minSharesPerMeeting: 1, maxSharesPerMeeting: 5, shareOutSocialFund: false, loanCapSavingsMultipleBp: 30_000,
      maxLoanTermMonths: 3, serviceChargeRateBpPerMonth: 1_000, serviceChargeMethod: 'flat', fineTypes: [],
    });
    expect(CYCLE_RULE_DEFAULTS.serviceChargeRateBpPerMonth).toBe(1_000);
  });

  it('keeps every rule the group chose over the defaults', () => {
    const chosen: CycleRulesInput = {
      ...minimal,
      minSharesPerMeeting: 0,
      maxSharesPerMeeting: 10,
      shareOutSocialFund: true,
      loanCapSavingsMultipleBp: 20_000,
      maxLoanTermMonths: 6,
      serviceChargeRateBpPerMonth: 500,
      serviceChargeMethod: 'declining',
      fineTypes: [{ code: 'LATE', amountMinor: 5_000 }],
    };
    expect(defineCycleRules(chosen)).toEqual(chosen);
  });

  it('treats a rule sent as undefined as "use the default"', () => {
    expect(defineCycleRules({ ...minimal, maxSharesPerMeeting: undefined }).maxSharesPerMeeting).toBe(5);
  });

  it('freezes the rules so that nothing changes them mid-cycle', () => {
    const rules = defineCycleRules({ ...minimal, fineTypes: [{ code: 'LATE', amountMinor: 5_000 }] });
    expect(Object.isFrozen(rules)).toBe(true);
    expect(Object.isFrozen(rules.fineTypes)).toBe(true);
    expect(Object.isFrozen(rules.fineTypes[0])).toBe(true);
  });

  it('does not share the caller’s fine list, so later edits to it cannot leak in', () => {
    const fineTypes = [{ code: 'LATE', amountMinor: 5_000 }];
    const rules = defineCycleRules({ ...minimal, fineTypes });
    fineTypes[0].amountMinor = 1;
    expect(rules.fineTypes[0].amountMinor).toBe(5_000);
  });

  it('lists every broken rule at once, each with its field', () => {
    const errors = fieldErrorsOf({
      currency: 'BTC',
      sharePriceMinor: 0,
      socialFundContributionMinor: -1,
      minSharesPerMeeting: 1.5,
      maxSharesPerMeeting: 0,
      loanCapSavingsMultipleBp: 0,
      maxLoanTermMonths: 0,
      serviceChargeRateBpPerMonth: 10_001,
      serviceChargeMethod: 'compound' as 'flat',
      fineTypes: [
        { code: 'LATE', amountMinor: 100 },
        { code: 'LATE', amountMinor: 0 },
        { code: ' ', amountMinor: 2.5 },
      ],
    });
    expect(errors).toEqual([
      { field: 'currency', code: 'CURRENCY_UNSUPPORTED' },
      { field: 'sharePriceMinor', code: 'AMOUNT_NOT_POSITIVE' },
      { field: 'minSharesPerMeeting', code: 'COUNT_NOT_WHOLE' },
      { field: 'maxSharesPerMeeting', code: 'COUNT_NOT_POSITIVE' },
      { field: 'socialFundContributionMinor', code: 'AMOUNT_NOT_WHOLE_MINOR_UNITS' },
      { field: 'loanCapSavingsMultipleBp', code: 'COUNT_NOT_POSITIVE' },
      { field: 'maxLoanTermMonths', code: 'COUNT_NOT_POSITIVE' },
      { field: 'serviceChargeRateBpPerMonth', code: 'SERVICE_CHARGE_RATE_TOO_HIGH' },
      { field: 'serviceChargeMethod', code: 'SERVICE_CHARGE_METHOD_UNKNOWN' },
      { field: 'fineTypes[1].code', code: 'FINE_CODE_DUPLICATE' },
      { field: 'fineTypes[1].amountMinor', code: 'AMOUNT_NOT_POSITIVE' },
      { field: 'fineTypes[2].code', code: 'FINE_CODE_EMPTY' },
      { field: 'fineTypes[2].amountMinor', code: 'AMOUNT_NOT_WHOLE_MINOR_UNITS' },
    ]);
  });

  it('refuses a maximum below the minimum number of shares', () => {
    expect(fieldErrorsOf({ ...minimal, minSharesPerMeeting: 3, maxSharesPerMeeting: 2 })).toEqual([
      { field: 'maxSharesPerMeeting', code: 'SHARE_RANGE_INVERTED' },
    ]);
  });

  it('accepts a minimum equal to the maximum, a zero minimum, a free social fund and an interest-free loan', () => {
    const rules = defineCycleRules({
      ...minimal,
      minSharesPerMeeting: 0,
      maxSharesPerMeeting: 1,
      socialFundContributionMinor: 0,
      serviceChargeRateBpPerMonth: 0,
    });
    expect(rules.maxSharesPerMeeting).toBe(1);
    expect(defineCycleRules({ ...minimal, minSharesPerMeeting: 4, maxSharesPerMeeting: 4 }).minSharesPerMeeting).toBe(4);
  });

  it('accepts a service charge of exactly 100 % a month and refuses a fractional rate', () => {
    expect(defineCycleRules({ ...minimal, serviceChargeRateBpPerMonth: 10_000 }).serviceChargeRateBpPerMonth).toBe(10_000);
    expect(fieldErrorsOf({ ...minimal, serviceChargeRateBpPerMonth: 12.5 })).toEqual([
      { field: 'serviceChargeRateBpPerMonth', code: 'COUNT_NOT_WHOLE' },
    ]);
  });
});

describe('fineAmountMinor', () => {
  const rules = defineCycleRules({
    ...minimal,
    fineTypes: [
      { code: 'LATE', amountMinor: 5_000 },
      { code: 'ABSENT', amountMinor: 10_000 },
    ],
  });

  it('gives the amount the group set for the fine type', () => {
    expect(fineAmountMinor(rules, 'ABSENT')).toBe(10_000);
    expect(fineAmountMinor(rules, 'LATE')).toBe(5_000);
  });

  it('refuses a fine type the group never defined', () => {
    expect(() => fineAmountMinor(rules, 'RUDE')).toThrow('FINE_TYPE_UNKNOWN');
  });
});
