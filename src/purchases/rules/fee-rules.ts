/**
 * Fee schedules change (a new provincial levy, a new cooperative due) but a purchase keeps
 * the fees of the day it was made: the rules are chosen by the purchase's calendar date in
 * the cooperative's time zone, which the caller supplies, never by today's date.
 *
 * A period runs from validFrom to validTo, both days included; validTo null means open-ended.
 * Versions of one rule share a ruleCode; two versions of a rule in force on the same day
 * would make the fee depend on list order, so that is refused.
 */
import { DomainError } from '../../common/domain-error.js';
import { FIRST_YEAR_READ_BY_DATE_UTC, readIsoDate } from '../../common/calendar-date.js';
import { type FeeRule } from './amount.js';

/** Calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface DatedFeeRule {
  /** Stable name of the rule across its versions, e.g. 'PROVINCIAL_LEVY'. */
  readonly ruleCode: string;
  readonly rule: FeeRule;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/** A real calendar day written 'YYYY-MM-DD' (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(value: string): boolean {
  return readIsoDate(value, FIRST_YEAR_READ_BY_DATE_UTC) !== null;
}

function assertIsoDate(value: string, field: string): void {
  if (!isIsoDate(value)) throw new DomainError('DATE_INVALID', { field, value });
}

function assertPeriod(dated: DatedFeeRule): void {
  assertIsoDate(dated.validFrom, 'validFrom');
  if (dated.validTo === null) return;
  assertIsoDate(dated.validTo, 'validTo');
  if (dated.validTo < dated.validFrom) {
    const { ruleCode, validFrom, validTo } = dated;
    throw new DomainError('FEE_RULE_PERIOD_INVALID', { ruleCode, validFrom, validTo });
  }
}

// 'YYYY-MM-DD' strings compare in calendar order.
function inForceOn(dated: DatedFeeRule, day: IsoDate): boolean {
  return dated.validFrom <= day && (dated.validTo === null || day <= dated.validTo);
}

/** The fee rules in force on the given day, in the order of the schedule. */
export function feeRulesInForce(schedule: readonly DatedFeeRule[], day: IsoDate): FeeRule[] {
  return datedFeeRulesInForce(schedule, day).map((dated) => dated.rule);
}

/** The same, as the schedule's own items (with whatever else they carry, e.g. their ids). */
export function datedFeeRulesInForce<Dated extends DatedFeeRule>(schedule: readonly Dated[], day: IsoDate): Dated[] {
  assertIsoDate(day, 'day');
  schedule.forEach(assertPeriod);
  const inForce = schedule.filter((dated) => inForceOn(dated, day));
  const seen = new Set<string>();
  for (const dated of inForce) {
    if (seen.has(dated.ruleCode)) throw new DomainError('FEE_RULE_AMBIGUOUS', { ruleCode: dated.ruleCode, day });
    seen.add(dated.ruleCode);
  }
  return inForce;
}

function periodsOverlap(a: DatedFeeRule, b: DatedFeeRule): boolean {
  const aEndsBeforeB = a.validTo !== null && a.validTo < b.validFrom;
  const bEndsBeforeA = b.validTo !== null && b.validTo < a.validFrom;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** Checks a whole schedule when it is saved, so that no purchase day can ever be ambiguous. */
export function assertFeeScheduleConsistent(schedule: readonly DatedFeeRule[]): void {
  schedule.forEach(assertPeriod);
  schedule.forEach((a, index) => {
    const clash = schedule.slice(index + 1).find((b) => b.ruleCode === a.ruleCode && periodsOverlap(a, b));
    if (clash !== undefined) {
      throw new DomainError('FEE_RULE_PERIODS_OVERLAP', {
        ruleCode: a.ruleCode,
        first: { validFrom: a.validFrom, validTo: a.validTo },
        second: { validFrom: clash.validFrom, validTo: clash.validTo },
      });
    }
  });
}
