import { DomainError } from '../../common/domain-error.js';
import { certificationBlockers, type LotDraw, tallyPosition, type TallyResult } from './elections.js';
import type { GovernanceBylaws } from './types.js';

/**
 * What the polling table checks and counts around the tally rule: a ballot's choices, the
 * lot draw that breaks a tie, the count of every position and what certification records.
 */

export type PollStatus = 'open' | 'closed' | 'certified';

/** Ballots (and candidacies) are taken only while the poll is open. */
export function assertPollOpen(election: { readonly id: string; readonly status: PollStatus }): void {
  if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId: election.id }, 'conflict');
  if (election.status === 'closed') throw new DomainError('POLL_CLOSED', { electionId: election.id }, 'conflict');
}

/** The sealed choices, by position: each a position of the election, chosen once. */
export function ballotChoices(positionIds: readonly string[], choices: readonly { readonly positionId: string; readonly memberIds: readonly string[] }[]): Record<string, string[]> {
  const known = new Set(positionIds);
  const sealed: Record<string, string[]> = {};
  for (const choice of choices) {
    if (!known.has(choice.positionId)) throw new DomainError('POSITION_NOT_FOUND', {}, 'not_found');
    if (sealed[choice.positionId] !== undefined) throw new DomainError('POSITION_CHOSEN_TWICE', { positionId: choice.positionId });
    sealed[choice.positionId] = [...choice.memberIds];
  }
  return sealed;
}

/** A draw is a public seed read out at the assembly or a hand-drawn order, never both. */
export function submittedLotDraw(submitted: { readonly seed?: string; readonly order?: readonly string[] }): LotDraw {
  if ((submitted.seed === undefined) === (submitted.order === undefined)) throw new DomainError('LOT_DRAW_SEED_OR_ORDER');
  return submitted.seed !== undefined ? { seed: submitted.seed } : { order: submitted.order ?? [] };
}

/** A hand-drawn order must name exactly the tied candidates. */
export function assertDrawNamesTied(draw: LotDraw, tied: readonly { readonly memberId: string }[]): void {
  if (!('order' in draw)) return;
  const expected = new Set(tied.map((c) => c.memberId));
  if (draw.order.length !== expected.size || draw.order.some((id) => !expected.has(id))) {
    throw new DomainError('LOT_DRAW_MISMATCH', { expected: [...expected], received: draw.order });
  }
}

export function recordedLotDraw(row: { readonly seed: string | null; readonly order: readonly string[] | null }): LotDraw {
  return row.seed !== null ? { seed: row.seed } : { order: row.order ?? [] };
}

export interface CountedPosition {
  readonly id: string;
  readonly title: string;
  readonly seats: number;
  readonly termMonths: number;
}

export interface CountedCandidacy {
  readonly positionId: string;
  readonly memberId: string;
  readonly membershipDate: string;
  readonly birthDate: string | null;
}

export interface PositionCount {
  readonly positionId: string;
  readonly title: string;
  readonly seats: number;
  readonly termMonths: number;
  readonly tally: TallyResult;
}

/** Counts every position of the box; a ballot without a position is a blank for it. */
export function countPositions(
  box: {
    readonly positions: readonly CountedPosition[];
    readonly candidacies: readonly CountedCandidacy[];
    readonly ballots: readonly { readonly choices: Readonly<Record<string, readonly string[]>> }[];
    readonly voters: number;
    readonly lotDraws: ReadonlyMap<string, LotDraw>;
  },
  bylaws: GovernanceBylaws,
): PositionCount[] {
  return box.positions.map((position) => {
    const lotDraw = box.lotDraws.get(position.id);
    return {
      positionId: position.id,
      title: position.title,
      seats: position.seats,
      termMonths: position.termMonths,
      tally: tallyPosition(
        {
          positionId: position.id,
          seats: position.seats,
          candidates: box.candidacies
            .filter((c) => c.positionId === position.id)
            .map((c) => ({ memberId: c.memberId, membershipDate: c.membershipDate, ...(c.birthDate ? { birthDate: c.birthDate } : {}) })),
          ballots: box.ballots.map((b) => ({ choices: b.choices[position.id] ?? [] })),
          voters: box.voters,
          ...(lotDraw !== undefined ? { lotDraw } : {}),
        },
        bylaws,
      ),
    };
  });
}

/** What the certified election keeps of each count, as its `results`. */
export function certifiedResults(positions: readonly PositionCount[], nextRoundElectionId: string | null): Record<string, unknown>[] {
  return positions.map((p) => ({
    positionId: p.positionId,
    title: p.title,
    status: p.tally.status,
    elected: p.tally.elected,
    ...(p.tally.undecidedSeats > 0 ? { undecidedSeats: p.tally.undecidedSeats, secondRoundElectionId: nextRoundElectionId } : {}),
    ballots: p.tally.ballots,
    rule: p.tally.rule,
    tieBreakRule: p.tally.tieBreakRule,
  }));
}

/** Certification waits for every tie to be drawn, or sent to an opened second round. */
export function assertCertifiable(positions: readonly PositionCount[], secondRoundOpened: boolean): void {
  const blocking = new Set(certificationBlockers(positions.map((p) => p.tally), secondRoundOpened).map((t) => t.positionId));
  const undecided = positions.filter((p) => blocking.has(p.positionId));
  if (undecided.length > 0) throw new DomainError('TALLY_UNDECIDED', { positions: undecided.map((p) => p.title).join(', '), status: undecided[0].tally.status });
}
