import { DomainError } from '../../common/domain-error.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { defineCycleRules, type CycleRules, type CycleRulesInput } from './cycle-rules.js';
import { requireWholeCount } from './whole-numbers.js';

/**
 * What an amendment may not touch: the share price (and its currency) is fixed for the whole
 * cycle, because every share bought so far was bought at it and the share-out divides by
 * the number of shares.
 */
export const RULES_FIXED_FOR_THE_CYCLE = ['currency', 'sharePriceMinor'] as const;

export type RuleChanges = Partial<Omit<CycleRulesInput, (typeof RULES_FIXED_FOR_THE_CYCLE)[number]>>;

export interface AmendmentVote {
  readonly votesFor: number;
  readonly votesAgainst: number;
  readonly votesAbstaining: number;
  /** Members of the group on the day: nobody votes twice. */
  readonly members: number;
}

export interface AdoptedAmendment {
  readonly votedOn: IsoDate;
  readonly rulesAfter: CycleRules;
}

/**
 * The rules after an amendment voted by the group: adopted by a majority of the votes cast
 * (for > against, abstentions not counted), with at most one vote per member. Changing a
 * rule fixed for the cycle, or changing nothing, is refused; the new rules are checked
 * whole, as at the start of a cycle.
 */
export function amendCycleRules(current: CycleRules, changes: Readonly<Record<string, unknown>>, vote: AmendmentVote): CycleRules {
  const votesFor = requireWholeCount(vote.votesFor, 'votesFor');
  const votesAgainst = requireWholeCount(vote.votesAgainst, 'votesAgainst');
  const votesAbstaining = requireWholeCount(vote.votesAbstaining, 'votesAbstaining');
  const votes = votesFor + votesAgainst + votesAbstaining;
  if (votes > vote.members) throw new DomainError('AMENDMENT_VOTES_EXCEED_MEMBERS', { votes, members: vote.members });
  if (votesFor <= votesAgainst) throw new DomainError('AMENDMENT_NOT_ADOPTED', { votesFor, votesAgainst });
  for (const rule of RULES_FIXED_FOR_THE_CYCLE) {
    if (rule in changes && changes[rule] !== undefined && changes[rule] !== current[rule]) {
      throw new DomainError('AMENDMENT_RULE_FIXED', { rule });
    }
  }
  const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
  const next = defineCycleRules({ ...current, ...Object.fromEntries(defined) });
  if (JSON.stringify(next) === JSON.stringify(current)) throw new DomainError('AMENDMENT_CHANGES_NOTHING', {});
  return next;
}

/**
 * The rules a meeting held on `on` applies: those of the cycle's start, as amended by every
 * amendment voted at an earlier meeting. An amendment is effective for later meetings only,
 * so the meeting that votes it still runs under the old rules. Amendments are given in the
 * order they were voted; each one's rulesAfter already includes the earlier ones.
 */
export function rulesInForce(initial: CycleRules, amendments: readonly AdoptedAmendment[], on: IsoDate): CycleRules {
  const day = dayNumberFromYear100(on);
  let rules = initial;
  for (const amendment of amendments) {
    if (dayNumberFromYear100(amendment.votedOn) < day) rules = amendment.rulesAfter;
  }
  return rules;
}
