import { DomainError } from '../../common/domain-error.js';
import { assertCount } from './arithmetic.js';
import { type AssemblyKind, type DecisionKind, type LegalForm } from './types.js';

/**
 * Whether a resolution passes. Only votes for and against are "cast": blank ballots and
 * abstentions are not counted (COOP-CA rule of the Act, art. 282 for the constitutive
 * assembly). Nothing cast means nothing adopted.
 * - ordinary decisions: simple majority of votes cast, for > against (a tie fails);
 * - bylaw amendment, dissolution, merger: only an extraordinary assembly may take them, by
 *   two thirds of votes cast, for * 3 >= cast * 2.
 * For a SCOOPS the Act leaves majorities to the bylaws; we apply the COOP-CA majorities and
 * label them as our default in the rule code.
 */

export type VoteChoice = 'for' | 'against' | 'abstain';

export interface VoteCounts {
  readonly for: number;
  readonly against: number;
  /** Blank ballots and abstentions alike. */
  readonly abstain: number;
}

export interface MajorityThreshold {
  readonly num: number;
  readonly den: number;
  readonly comparison: 'more_than' | 'at_least';
}

export interface ResolutionInput {
  readonly legalForm: LegalForm;
  readonly assemblyKind: AssemblyKind;
  readonly decision: DecisionKind;
  readonly votes: VoteCounts;
  /** Members present or represented; when given, the votes may not exceed it. */
  readonly voters?: number;
}

export interface ResolutionResult extends VoteCounts {
  readonly adopted: boolean;
  readonly cast: number;
  readonly rule: string;
  readonly threshold: MajorityThreshold;
}

const SIMPLE_MAJORITY: MajorityThreshold = { num: 1, den: 2, comparison: 'more_than' };
const TWO_THIRDS: MajorityThreshold = { num: 2, den: 3, comparison: 'at_least' };

function requiresExtraordinary(decision: DecisionKind): boolean {
  return decision !== 'ordinary';
}

function assertAssemblyMayDecide(assemblyKind: AssemblyKind, decision: DecisionKind): void {
  if (!requiresExtraordinary(decision) || assemblyKind === 'extraordinary') return;
  if (decision === 'bylaw_amendment') {
    throw new DomainError('BYLAW_CHANGE_NEEDS_EXTRAORDINARY', { assemblyKind });
  }
  throw new DomainError('DECISION_NEEDS_EXTRAORDINARY', { decision, assemblyKind });
}

function rulePrefix(legalForm: LegalForm): string {
  return legalForm === 'COOP_CA' ? 'OHADA_COOP_CA' : 'USHIRIKA_DEFAULT_SCOOPS';
}

function meetsThreshold(votesFor: number, cast: number, threshold: MajorityThreshold): boolean {
  if (cast === 0) return false;
  const left = BigInt(votesFor) * BigInt(threshold.den);
  const right = BigInt(cast) * BigInt(threshold.num);
  return threshold.comparison === 'more_than' ? left > right : left >= right;
}

export function decideResolution(input: ResolutionInput): ResolutionResult {
  const votesFor = assertCount(input.votes.for, 'for');
  const against = assertCount(input.votes.against, 'against');
  const abstain = assertCount(input.votes.abstain, 'abstain');
  assertOneVotePerVoter(votesFor + against + abstain, input.voters);
  assertAssemblyMayDecide(input.assemblyKind, input.decision);
  const qualified = requiresExtraordinary(input.decision);
  const threshold = qualified ? TWO_THIRDS : SIMPLE_MAJORITY;
  const cast = votesFor + against;
  const ruleName = qualified ? 'TWO_THIRDS_OF_VOTES_CAST' : 'SIMPLE_MAJORITY_OF_VOTES_CAST';
  return {
    adopted: meetsThreshold(votesFor, cast, threshold),
    for: votesFor,
    against,
    abstain,
    cast,
    rule: `${rulePrefix(input.legalForm)}_${ruleName}`,
    threshold,
  };
}

/** One member, one vote (art. 102): never more ballots than people entitled to vote. */
function assertOneVotePerVoter(totalVotes: number, voters: number | undefined): void {
  if (voters === undefined) return;
  assertCount(voters, 'voters');
  if (totalVotes > voters) throw new DomainError('MORE_VOTES_THAN_VOTERS', { totalVotes, voters });
}

export interface MemberVote {
  readonly memberId: string;
  readonly choice: VoteChoice;
}

/** Counts an open (roll-call) vote; a member appearing twice is refused, not deduplicated. */
export function countRollCallVotes(votes: readonly MemberVote[]): VoteCounts {
  const seen = new Set<string>();
  const twice = new Set<string>();
  const counts = { for: 0, against: 0, abstain: 0 };
  for (const { memberId, choice } of votes) {
    if (seen.has(memberId)) twice.add(memberId);
    seen.add(memberId);
    counts[choice] += 1;
  }
  if (twice.size > 0) throw new DomainError('MEMBER_VOTED_TWICE', { memberIds: [...twice] });
  return counts;
}
