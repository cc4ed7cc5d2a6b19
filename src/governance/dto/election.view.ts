import { ApiProperty } from '@nestjs/swagger';
import type { LotDrawRow, MandateRow, PositionRow } from '../elections.repository.js';
import type { TallyStatus, TieBreakRule } from '../rules/index.js';
import { TIE_BREAK_RULES } from './governance.dto.js';

/** Open while members vote; closed once the sealed ballots went into the box and were counted. */
export const ELECTION_STATUSES = ['open', 'closed', 'certified'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

export class ElectionPositionView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ description: 'Order on the ballot, from 1.' }) readonly position: number;
  @ApiProperty() readonly title: string;
  @ApiProperty() readonly seats: number;
  @ApiProperty() readonly termMonths: number;
}

export class ElectionView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty() readonly title: string;
  @ApiProperty({ enum: ELECTION_STATUSES }) readonly status: ElectionStatus;
  @ApiProperty({ description: '1, or 2+ for a second round on the seats the previous round left tied.' }) readonly round: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) readonly previousElectionId: string | null;
  @ApiProperty({ type: () => [ElectionPositionView] }) readonly positions: ElectionPositionView[];
}

export class ElectionCandidacyView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly positionId: string;
  @ApiProperty({ format: 'uuid' }) readonly memberId: string;
  @ApiProperty({ format: 'date', description: 'The first day the member could stand.' }) readonly eligibleFrom: string;
}

/** An election as the voting station and the desk read it: no count, only who has voted. */
export class ElectionDetailView extends ElectionView {
  @ApiProperty({ format: 'uuid' }) readonly assemblyId: string;
  @ApiProperty({ type: () => [ElectionCandidacyView] }) readonly candidacies: ElectionCandidacyView[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Members who have voted (the register), sorted by id: never how, nor when.' }) readonly voted: string[];
}

/** All a cast ballot answers: no count, no order, no time. */
export class BallotReceiptView {
  @ApiProperty({ enum: [true] }) readonly recorded: true;
}

export class CandidateScoreView {
  @ApiProperty({ format: 'uuid' }) readonly memberId: string;
  @ApiProperty() readonly votes: number;
}

export class BallotSummaryView {
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly valid: number;
  @ApiProperty() readonly blank: number;
  @ApiProperty() readonly spoilt: number;
}

export class PositionCountView {
  @ApiProperty({ format: 'uuid' }) readonly positionId: string;
  @ApiProperty() readonly seats: number;
  @ApiProperty({ enum: ['decided', 'second_round_required', 'draw_required'] }) readonly status: TallyStatus;
  @ApiProperty({ enum: ['USHIRIKA_TOP_SEATS_BY_VOTES'] }) readonly rule: 'USHIRIKA_TOP_SEATS_BY_VOTES';
  @ApiProperty({ enum: TIE_BREAK_RULES, description: "The bylaws' tie rule in force for this count." }) readonly tieBreakRule: TieBreakRule;
  @ApiProperty({ description: 'True when a tie across the last seat existed and the tie rule was used on it.' }) readonly tieBreakApplied: boolean;
  @ApiProperty({ type: () => [CandidateScoreView] }) readonly elected: readonly CandidateScoreView[];
  @ApiProperty({ type: () => [CandidateScoreView], description: 'Candidates still tied for the undecided seats (second round or draw).' })
  readonly tied: readonly CandidateScoreView[];
  @ApiProperty() readonly undecidedSeats: number;
  @ApiProperty() readonly unfilledSeats: number;
  @ApiProperty({ type: () => [CandidateScoreView] }) readonly ranking: readonly CandidateScoreView[];
  @ApiProperty({ type: () => BallotSummaryView }) readonly ballots: BallotSummaryView;
}

export class PositionTallyView {
  @ApiProperty({ format: 'uuid' }) readonly positionId: string;
  @ApiProperty() readonly title: string;
  @ApiProperty() readonly seats: number;
  @ApiProperty() readonly termMonths: number;
  @ApiProperty({ type: () => PositionCountView }) readonly tally: PositionCountView;
}

export class LotDrawRecordView {
  @ApiProperty({ format: 'uuid' }) readonly positionId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The public seed read out at the assembly.' }) readonly seed: string | null;
  @ApiProperty({ type: [String], format: 'uuid', nullable: true, description: 'Or the hand-drawn order, first drawn first.' }) readonly order: string[] | null;
  @ApiProperty({ type: String, format: 'date-time' }) readonly recordedAt: Date;
}

export class MandateView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly positionId: string;
  @ApiProperty({ format: 'uuid' }) readonly memberId: string;
  @ApiProperty({ format: 'date' }) readonly startsOn: string;
  @ApiProperty({ format: 'date' }) readonly endsOn: string;
}

export class ElectionTallyView {
  @ApiProperty({ format: 'uuid' }) readonly electionId: string;
  @ApiProperty({ enum: ELECTION_STATUSES }) readonly status: ElectionStatus;
  @ApiProperty() readonly round: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) readonly previousElectionId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The round opened on this one's undecided seats, if any." }) readonly nextRoundElectionId: string | null;
  @ApiProperty({ type: () => [LotDrawRecordView] }) readonly lotDraws: LotDrawRecordView[];
  @ApiProperty({ description: 'How many members voted: known once the poll is closed.' }) readonly voters: number;
  @ApiProperty({ type: () => [PositionTallyView] }) readonly positions: PositionTallyView[];
  @ApiProperty({ type: () => [MandateView] }) readonly mandates: MandateView[];
}

export function positionView(row: PositionRow): ElectionPositionView {
  return { id: row.id, position: row.position, title: row.title, seats: row.seats, termMonths: row.term_months };
}

export function lotDrawRecordView(row: LotDrawRow): LotDrawRecordView {
  return { positionId: row.position_id, seed: row.seed, order: row.draw_order, recordedAt: row.recorded_at };
}

export function mandateView(row: MandateRow): MandateView {
  return { id: row.id, positionId: row.position_id, memberId: row.member_id, startsOn: row.starts_on, endsOn: row.ends_on };
}
