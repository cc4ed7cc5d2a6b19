import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('elections')
export class Election {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'assembly_id' }) assemblyId: string;
  @Column('text') title: string;
  @Column('text') status: 'open' | 'closed' | 'certified';
  /** 1, or 2+ for a second round on the seats an earlier round left tied. */
  @Column('integer') round: number;
  @Column('uuid', { name: 'previous_election_id', nullable: true }) previousElectionId: string | null;
  @Column('jsonb', { nullable: true }) results: unknown;
  /** How many members voted, recorded when the poll closed. */
  @Column('integer', { nullable: true }) turnout: number | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('uuid', { name: 'certified_by', nullable: true }) certifiedBy: string | null;
  @Column('timestamptz', { name: 'certified_at', nullable: true }) certifiedAt: Date | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('election_positions')
export class ElectionPosition {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'election_id' }) electionId: string;
  @Column('integer') position: number;
  @Column('text') title: string;
  @Column('integer') seats: number;
  @Column('integer', { name: 'term_months' }) termMonths: number;
}

@Entity('election_candidacies')
export class ElectionCandidacy {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'election_id' }) electionId: string;
  @Column('uuid', { name: 'position_id' }) positionId: string;
  @Column('uuid', { name: 'member_id' }) memberId: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** A secret ballot: choices only, never the voter nor the time it was cast. */
@Entity('election_ballots')
export class ElectionBallot {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'election_id' }) electionId: string;
  @Column('jsonb') choices: unknown;
}

/**
 * A ballot cast while the poll is open: choices only, rewritten in random order at every vote,
 * moved into the box at close. The API role cannot read it (migration h5-sealed-ballots).
 */
@Entity('election_sealed_ballots')
export class ElectionSealedBallot {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'election_id' }) electionId: string;
  @Column('jsonb') choices: unknown;
}

/** Who voted, one row per member and election, with nothing pointing at a ballot. */
@Entity('election_voters')
export class ElectionVoter {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'election_id' }) electionId: string;
  @PrimaryColumn('uuid', { name: 'member_id' }) memberId: string;
}

@Entity('mandates')
export class Mandate {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'election_id' }) electionId: string;
  @Column('uuid', { name: 'position_id' }) positionId: string;
  @Column('uuid', { name: 'member_id' }) memberId: string;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
}

/** The draw that breaks a tie under the bylaws' 'lot' rule: a public seed, or a hand-drawn order. */
@Entity('election_lot_draws')
export class ElectionLotDraw {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'election_id' }) electionId: string;
  @PrimaryColumn('uuid', { name: 'position_id' }) positionId: string;
  @Column('text', { nullable: true }) seed: string | null;
  @Column('uuid', { name: 'draw_order', array: true, nullable: true }) drawOrder: string[] | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
