import { createHash } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { assertBylawInteger, assertCount } from './arithmetic.js';
import { addMonthsClamped, compareIsoDates } from '../../common/calendar-date.js';
import { type GovernanceBylaws, type IsoDate, type MemberStatus, type TieBreakRule } from './types.js';

// ---------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------

/**
 * OUR default, not the Act's: a candidate must have been a member for six months on the
 * election date, long enough to have been seen at work and at an assembly. Bylaws may set
 * any whole number of months, zero included.
 */
export const DEFAULT_CANDIDATE_MIN_MEMBERSHIP_MONTHS = 6;

export interface CandidateRecord {
  readonly memberId: string;
  /** Status on the election date. */
  readonly status: MemberStatus;
  readonly membershipDate: IsoDate;
}

/** One member standing for one position (president, treasurer, committee member…). */
export interface Candidacy {
  readonly memberId: string;
  readonly positionId: string;
}

export type IneligibilityReason =
  | 'MEMBER_NOT_ACTIVE'
  | 'MEMBERSHIP_TOO_RECENT'
  | 'CANDIDATE_FOR_SEVERAL_SEATS';

export interface EligibilityResult {
  readonly memberId: string;
  readonly eligible: boolean;
  readonly reasons: readonly IneligibilityReason[];
  /** First election date on which the seniority condition is met. */
  readonly eligibleFrom: IsoDate;
  /** Positions the member stands for in this election. */
  readonly positionIds: readonly string[];
}

/** Returns every reason at once rather than throwing, so the ballot list can show them all. */
export function checkCandidateEligibility(
  candidate: CandidateRecord,
  electionDate: IsoDate,
  candidacies: readonly Candidacy[],
  bylaws: GovernanceBylaws = {},
): EligibilityResult {
  const months = bylaws.candidateMinMembershipMonths ?? DEFAULT_CANDIDATE_MIN_MEMBERSHIP_MONTHS;
  assertBylawInteger('candidateMinMembershipMonths', months, 0);
  const eligibleFrom = addMonthsClamped(candidate.membershipDate, months);
  const positionIds = [
    ...new Set(candidacies.filter((c) => c.memberId === candidate.memberId).map((c) => c.positionId)),
  ];
  const reasons: IneligibilityReason[] = [];
  if (candidate.status !== 'active') reasons.push('MEMBER_NOT_ACTIVE');
  if (compareIsoDates(electionDate, eligibleFrom) < 0) reasons.push('MEMBERSHIP_TOO_RECENT');
  if (positionIds.length > 1) reasons.push('CANDIDATE_FOR_SEVERAL_SEATS');
  const eligible = reasons.length === 0;
  return { memberId: candidate.memberId, eligible, reasons, eligibleFrom, positionIds };
}

// ---------------------------------------------------------------------------------------
// Tally
// ---------------------------------------------------------------------------------------

/**
 * Counting one position with S seats. A ballot names at most S distinct candidates of that
 * position; an empty ballot is blank; naming more than S, the same candidate twice or
 * someone who is not a candidate spoils it. Candidates are ranked by votes and the top S
 * elected (plurality). A candidate with no vote is never elected: seats left over are
 * reported as unfilled rather than handed to nobody's choice.
 *
 * A tie across the last seat is broken by the bylaws' rule:
 * - 'second_round' (OUR default: it needs no extra data and keeps the choice with members);
 * - 'seniority': earliest membership date wins; equal dates go to a second round;
 * - 'age': eldest (earliest birth date) wins; equal dates go to a second round;
 * - 'lot': a draw, made reproducible by the input: either a public seed (read out and
 *   minuted) that orders candidates by SHA-256(seed, position, member), or the order in
 *   which names were drawn by hand. Without either, the result asks for a draw.
 * A second round is run by calling this again with the tied candidates and the open seats.
 */
export const DEFAULT_TIE_BREAK: TieBreakRule = 'second_round';

export interface ElectionCandidate {
  readonly memberId: string;
  readonly membershipDate?: IsoDate;
  readonly birthDate?: IsoDate;
}

export interface Ballot {
  readonly choices: readonly string[];
}

export type LotDraw = { readonly seed: string } | { readonly order: readonly string[] };

export interface TallyInput {
  readonly positionId: string;
  readonly seats: number;
  readonly candidates: readonly ElectionCandidate[];
  readonly ballots: readonly Ballot[];
  /** Members present or represented; when given, ballots may not exceed it. */
  readonly voters?: number;
  readonly lotDraw?: LotDraw;
}

export interface CandidateScore {
  readonly memberId: string;
  readonly votes: number;
}

export interface BallotSummary {
  readonly total: number;
  readonly valid: number;
  readonly blank: number;
  readonly spoilt: number;
}

export type TallyStatus = 'decided' | 'second_round_required' | 'draw_required';

export interface TallyResult {
  readonly positionId: string;
  readonly seats: number;
  readonly status: TallyStatus;
  readonly rule: 'USHIRIKA_TOP_SEATS_BY_VOTES';
  /** The bylaws' tie rule in force for this count. */
  readonly tieBreakRule: TieBreakRule;
  /** True when a tie across the last seat existed and the tie rule was used on it. */
  readonly tieBreakApplied: boolean;
  readonly elected: readonly CandidateScore[];
  /** Candidates still tied for the undecided seats (second round or draw). */
  readonly tied: readonly CandidateScore[];
  readonly undecidedSeats: number;
  readonly unfilledSeats: number;
  readonly ranking: readonly CandidateScore[];
  readonly ballots: BallotSummary;
}

/** Code-unit order, so that results never depend on the server's locale. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

type BallotKind = 'valid' | 'blank' | 'spoilt';

function classifyBallot(ballot: Ballot, seats: number, candidateIds: ReadonlySet<string>): BallotKind {
  const { choices } = ballot;
  if (choices.length === 0) return 'blank';
  const distinct = new Set(choices);
  const spoilt =
    choices.length > seats || distinct.size !== choices.length || choices.some((c) => !candidateIds.has(c));
  return spoilt ? 'spoilt' : 'valid';
}

function countBallots(
  input: TallyInput,
  candidateIds: ReadonlySet<string>,
): { summary: BallotSummary; ranking: CandidateScore[] } {
  const votes = new Map([...candidateIds].map((id) => [id, 0]));
  const summary = { total: input.ballots.length, valid: 0, blank: 0, spoilt: 0 };
  for (const ballot of input.ballots) {
    const kind = classifyBallot(ballot, input.seats, candidateIds);
    summary[kind] += 1;
    if (kind !== 'valid') continue;
    for (const choice of ballot.choices) votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  const ranking = [...votes]
    .map(([memberId, count]) => ({ memberId, votes: count }))
    .sort((a, b) => b.votes - a.votes || compareStrings(a.memberId, b.memberId));
  return { summary, ranking };
}

function assertTallyInput(input: TallyInput): ReadonlySet<string> {
  if (!Number.isSafeInteger(input.seats) || input.seats < 1) {
    throw new DomainError('INVALID_SEAT_COUNT', { seats: input.seats });
  }
  const ids = input.candidates.map((c) => c.memberId);
  const candidateIds = new Set(ids);
  if (candidateIds.size !== ids.length) {
    throw new DomainError('DUPLICATE_CANDIDATE', { positionId: input.positionId });
  }
  const ballots = input.ballots.length;
  if (input.voters !== undefined && ballots > assertCount(input.voters, 'voters')) {
    throw new DomainError('MORE_BALLOTS_THAN_VOTERS', { ballots, voters: input.voters });
  }
  return candidateIds;
}

interface TieOutcome {
  readonly winners: readonly CandidateScore[];
  readonly stillTied: readonly CandidateScore[];
  readonly undecidedSeats: number;
  readonly status: TallyStatus;
}

/** Lower key wins; candidates sharing the key at the cut-off stay tied. */
function breakTieByKey(
  tied: readonly CandidateScore[],
  seats: number,
  keyOf: (memberId: string) => string,
): TieOutcome {
  const byKey = [...tied].sort((a, b) => compareStrings(keyOf(a.memberId), keyOf(b.memberId)));
  const boundary = keyOf(byKey[seats - 1].memberId);
  const winners = byKey.filter((c) => keyOf(c.memberId) < boundary);
  const atBoundary = byKey.filter((c) => keyOf(c.memberId) === boundary);
  const open = seats - winners.length;
  if (atBoundary.length <= open) {
    return { winners: byKey.slice(0, seats), stillTied: [], undecidedSeats: 0, status: 'decided' };
  }
  return { winners, stillTied: atBoundary, undecidedSeats: open, status: 'second_round_required' };
}

function requiredDates(
  tied: readonly CandidateScore[],
  candidates: readonly ElectionCandidate[],
  field: 'membershipDate' | 'birthDate',
): (memberId: string) => string {
  const dates = new Map(candidates.map((c) => [c.memberId, c[field]]));
  const missing = tied.filter((c) => dates.get(c.memberId) === undefined).map((c) => c.memberId);
  if (missing.length > 0) {
    const code = field === 'membershipDate' ? 'MEMBERSHIP_DATE_REQUIRED' : 'BIRTH_DATE_REQUIRED';
    throw new DomainError(code, { memberIds: missing });
  }
  return (memberId) => dates.get(memberId) ?? '';
}

function lotKey(seed: string, positionId: string, memberId: string): string {
  const digest = createHash('sha256').update(`${seed}\u0000${positionId}\u0000${memberId}`).digest('hex');
  // The digest has a fixed length, so appending the id only orders the (improbable) equal digests.
  return digest + memberId;
}

function breakTieByLot(
  tied: readonly CandidateScore[],
  seats: number,
  positionId: string,
  draw: LotDraw | undefined,
): TieOutcome {
  if (draw === undefined) {
    return { winners: [], stillTied: tied, undecidedSeats: seats, status: 'draw_required' };
  }
  if ('seed' in draw) {
    return breakTieByKey(tied, seats, (memberId) => lotKey(draw.seed, positionId, memberId));
  }
  const expected = tied.map((c) => c.memberId).sort(compareStrings);
  const received = [...draw.order].sort(compareStrings);
  if (expected.join('\u0000') !== received.join('\u0000')) {
    throw new DomainError('LOT_DRAW_MISMATCH', { expected, received: draw.order });
  }
  const byId = new Map(tied.map((c) => [c.memberId, c]));
  const winners = draw.order.slice(0, seats).map((id) => byId.get(id)).filter((c) => c !== undefined);
  return { winners, stillTied: [], undecidedSeats: 0, status: 'decided' };
}

function breakTie(
  rule: TieBreakRule,
  tied: readonly CandidateScore[],
  seats: number,
  input: TallyInput,
): TieOutcome {
  switch (rule) {
    case 'second_round':
      return { winners: [], stillTied: tied, undecidedSeats: seats, status: 'second_round_required' };
    case 'seniority':
      return breakTieByKey(tied, seats, requiredDates(tied, input.candidates, 'membershipDate'));
    case 'age':
      return breakTieByKey(tied, seats, requiredDates(tied, input.candidates, 'birthDate'));
    case 'lot':
      return breakTieByLot(tied, seats, input.positionId, input.lotDraw);
  }
}

interface SeatAllocation {
  readonly status: TallyStatus;
  readonly tieBreakApplied: boolean;
  readonly elected: readonly CandidateScore[];
  readonly tied: readonly CandidateScore[];
  readonly undecidedSeats: number;
  readonly unfilledSeats: number;
}

function allocateSeats(
  contenders: readonly CandidateScore[],
  tieBreakRule: TieBreakRule,
  input: TallyInput,
): SeatAllocation {
  const settled = { status: 'decided', tieBreakApplied: false, tied: [], undecidedSeats: 0 } as const;
  if (contenders.length <= input.seats) {
    return { ...settled, elected: contenders, unfilledSeats: input.seats - contenders.length };
  }
  const cutOff = contenders[input.seats - 1].votes;
  const ahead = contenders.filter((c) => c.votes > cutOff);
  const atCutOff = contenders.filter((c) => c.votes === cutOff);
  const open = input.seats - ahead.length;
  if (atCutOff.length <= open) return { ...settled, elected: [...ahead, ...atCutOff], unfilledSeats: 0 };
  const outcome = breakTie(tieBreakRule, atCutOff, open, input);
  return {
    status: outcome.status,
    tieBreakApplied: true,
    elected: [...ahead, ...outcome.winners],
    tied: outcome.stillTied,
    undecidedSeats: outcome.undecidedSeats,
    unfilledSeats: 0,
  };
}

export function tallyPosition(input: TallyInput, bylaws: GovernanceBylaws = {}): TallyResult {
  const candidateIds = assertTallyInput(input);
  const tieBreakRule = bylaws.electionTieBreak ?? DEFAULT_TIE_BREAK;
  const { summary, ranking } = countBallots(input, candidateIds);
  const contenders = ranking.filter((c) => c.votes > 0);
  return {
    positionId: input.positionId,
    seats: input.seats,
    rule: 'USHIRIKA_TOP_SEATS_BY_VOTES',
    tieBreakRule,
    ...allocateSeats(contenders, tieBreakRule, input),
    ranking,
    ballots: summary,
  };
}

// ---------------------------------------------------------------------------------------
// After the count: draws, second rounds, certification
// ---------------------------------------------------------------------------------------

export interface SecondRoundPosition {
  readonly positionId: string;
  /** The seats the first round left undecided. */
  readonly seats: number;
  /** The candidates tied for them, and only they. */
  readonly candidateIds: readonly string[];
}

/** The positions a second round puts back to the vote: each tie the bylaws send to one. */
export function secondRoundPlan(tallies: readonly TallyResult[]): SecondRoundPosition[] {
  return tallies
    .filter((t) => t.status === 'second_round_required')
    .map((t) => ({ positionId: t.positionId, seats: t.undecidedSeats, candidateIds: t.tied.map((c) => c.memberId) }));
}

/**
 * The positions that keep an election from being certified. A tie awaiting a draw always does
 * (the draw is made at the assembly, then recorded). A tie awaiting a second round does until
 * that round is opened; then the first round certifies the seats it decided and the second
 * round fills the rest.
 */
export function certificationBlockers(tallies: readonly TallyResult[], secondRoundOpened: boolean): TallyResult[] {
  return tallies.filter((t) => t.status === 'draw_required' || (t.status === 'second_round_required' && !secondRoundOpened));
}
