import { DomainError, type FieldError } from '../../common/domain-error.js';
import { isSupportedCurrency } from '../../common/money.js';
import { requireMinorAmount, requirePositiveMinorAmount, requireWholeCount } from './whole-numbers.js';

/** 'flat' charges on the original principal, 'declining' on the principal still outstanding. */
export type ServiceChargeMethod = 'flat' | 'declining';
export const SERVICE_CHARGE_METHODS: readonly ServiceChargeMethod[] = ['flat', 'declining'];

export interface FineType {
  readonly code: string;
  readonly amountMinor: number;
}

/** The rules a cycle starts with; they never change while the cycle runs. */
export interface CycleRules {
  readonly currency: string;
  readonly sharePriceMinor: number;
  readonly minSharesPerMeeting: number;
  readonly maxSharesPerMeeting: number;
  readonly socialFundContributionMinor: number;
  /** When true the social fund is shared equally among members at the share-out. */
  readonly shareOutSocialFund: boolean;
  /** Loan cap as a multiple of the member's savings, in basis points: 30 000 bp = 3 ×. */
  readonly loanCapSavingsMultipleBp: number;
  readonly maxLoanTermMonths: number;
  /** Service charge per started 30-day period, in basis points: 1 000 bp = 10 %. */
  readonly serviceChargeRateBpPerMonth: number;
  readonly serviceChargeMethod: ServiceChargeMethod;
  readonly fineTypes: readonly FineType[];
}

type Defaulted =
  | 'minSharesPerMeeting'
  | 'maxSharesPerMeeting'
  | 'shareOutSocialFund'
  | 'loanCapSavingsMultipleBp'
  | 'maxLoanTermMonths'
  | 'serviceChargeRateBpPerMonth'
  | 'serviceChargeMethod'
  | 'fineTypes';

export type CycleRulesInput = Omit<CycleRules, Defaulted> & Partial<Pick<CycleRules, Defaulted>>;

export const CYCLE_RULE_DEFAULTS: Readonly<Pick<CycleRules, Defaulted>> = Object.freeze({
  minSharesPerMeeting: 1,
  maxSharesPerMeeting: 5,
  shareOutSocialFund: false,
  loanCapSavingsMultipleBp: 30_000,
  maxLoanTermMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
  fineTypes: Object.freeze([]),
});

/** 100 % a month: anything above is far likelier a typing slip than a group's decision. */
export const MAX_SERVICE_CHARGE_RATE_BP_PER_MONTH = 10_000;

/**
 * Applies the defaults and checks every rule at once, so that the committee sees all its
 * mistakes in one go: throws CYCLE_RULES_INVALID with one FieldError per broken rule.
 * The result is frozen because a cycle's rules are fixed when it starts.
 */
export function defineCycleRules(input: CycleRulesInput): CycleRules {
  const rules: CycleRules = { ...CYCLE_RULE_DEFAULTS, ...withoutUndefined(input) };
  const errors = cycleRuleErrors(rules);
  if (errors.length > 0) throw new DomainError('CYCLE_RULES_INVALID', {}, 'invalid', errors);
  const fineTypes = Object.freeze(rules.fineTypes.map((fine) => Object.freeze({ ...fine })));
  return Object.freeze({ ...rules, fineTypes });
}

/** The amount of a fine of the given type, refusing a type the group never defined. */
export function fineAmountMinor(rules: CycleRules, fineCode: string): number {
  const fine = rules.fineTypes.find((candidate) => candidate.code === fineCode);
  if (!fine) throw new DomainError('FINE_TYPE_UNKNOWN', { fineCode });
  return fine.amountMinor;
}

/** A field sent as undefined means "use the default", not "erase the default". */
function withoutUndefined(input: CycleRulesInput): CycleRulesInput {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as CycleRulesInput;
}

function cycleRuleErrors(rules: CycleRules): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, guard: () => void): void => {
    try {
      guard();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push({ field, code: error.code });
    }
  };
  check('currency', () => requireSupportedCurrency(rules.currency));
  check('sharePriceMinor', () => requirePositiveMinorAmount(rules.sharePriceMinor, 'sharePriceMinor'));
  check('minSharesPerMeeting', () => requireWholeCount(rules.minSharesPerMeeting, 'minSharesPerMeeting'));
  check('maxSharesPerMeeting', () => requireShareRange(rules.minSharesPerMeeting, rules.maxSharesPerMeeting));
  check('socialFundContributionMinor', () =>
    requireMinorAmount(rules.socialFundContributionMinor, 'socialFundContributionMinor'),
  );
  check('loanCapSavingsMultipleBp', () => requirePositiveCount(rules.loanCapSavingsMultipleBp));
  check('maxLoanTermMonths', () => requirePositiveCount(rules.maxLoanTermMonths));
  check('serviceChargeRateBpPerMonth', () => requireServiceChargeRate(rules.serviceChargeRateBpPerMonth));
  check('serviceChargeMethod', () => requireServiceChargeMethod(rules.serviceChargeMethod));
  rules.fineTypes.forEach((fine, index) => {
    check(`fineTypes[${index}].code`, () => requireFineCode(fine.code, rules.fineTypes.slice(0, index)));
    check(`fineTypes[${index}].amountMinor`, () => requirePositiveMinorAmount(fine.amountMinor, 'amountMinor'));
  });
  return errors;
}

function requireSupportedCurrency(currency: string): void {
  if (!isSupportedCurrency(currency)) throw new DomainError('CURRENCY_UNSUPPORTED', { currency });
}

function requirePositiveCount(value: number): void {
  requireWholeCount(value, 'value');
  if (value === 0) throw new DomainError('COUNT_NOT_POSITIVE', { value });
}

function requireShareRange(min: number, max: number): void {
  requirePositiveCount(max);
  if (Number.isSafeInteger(min) && max < min) throw new DomainError('SHARE_RANGE_INVERTED', { min, max });
}

function requireServiceChargeRate(rateBp: number): void {
  requireWholeCount(rateBp, 'serviceChargeRateBpPerMonth');
  if (rateBp > MAX_SERVICE_CHARGE_RATE_BP_PER_MONTH) {
    throw new DomainError('SERVICE_CHARGE_RATE_TOO_HIGH', { rateBp, maxBp: MAX_SERVICE_CHARGE_RATE_BP_PER_MONTH });
  }
}

function requireServiceChargeMethod(method: string): void {
  if (!(SERVICE_CHARGE_METHODS as readonly string[]).includes(method)) {
    throw new DomainError('SERVICE_CHARGE_METHOD_UNKNOWN', { method });
  }
}

function requireFineCode(code: string, earlier: readonly FineType[]): void {
  if (code.trim() === '') throw new DomainError('FINE_CODE_EMPTY', {});
  if (earlier.some((fine) => fine.code === code)) throw new DomainError('FINE_CODE_DUPLICATE', { code });
}
