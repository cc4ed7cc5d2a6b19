import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';

export interface ElectionRow {
  id: string;
  assembly_id: string;
  title: string;
  status: 'open' | 'closed' | 'certified';
  round: number;
  previous_election_id: string | null;
  results: unknown;
  /** Set when the poll closes. */
  turnout: number | null;
  certified_at: Date | null;
}

export interface PositionRow {
  id: string;
  position: number;
  title: string;
  seats: number;
  term_months: number;
}

export interface CandidacyRow {
  id: string;
  position_id: string;
  member_id: string;
  membership_date: string;
  date_of_birth: string | null;
}

export interface LotDrawRow {
  position_id: string;
  seed: string | null;
  draw_order: string[] | null;
  recorded_at: Date;
}

export interface MandateRow {
  id: string;
  position_id: string;
  member_id: string;
  starts_on: string;
  ends_on: string;
}

const ELECTION_SELECT = 'SELECT id, assembly_id, title, status, round, previous_election_id, results, turnout, certified_at FROM elections';

/**
 * Elections, their positions, candidacies, ballot box and mandates. The voter register and
 * the sealed ballots are out of the API role's reach: it casts and closes through the
 * database functions of migration h5-sealed-ballots, which keep the two unlinkable.
 */
@Injectable()
export class ElectionsRepository {
  async election(tx: TenantTx, id: string, forUpdate = false): Promise<ElectionRow | undefined> {
    const [row] = await tx.query<ElectionRow[]>(`${ELECTION_SELECT} WHERE cooperative_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tx.cooperativeId, id]);
    return row;
  }

  async electionsOf(tx: TenantTx, assemblyId: string): Promise<ElectionRow[]> {
    return tx.query<ElectionRow[]>(`${ELECTION_SELECT} WHERE cooperative_id = $1 AND assembly_id = $2 ORDER BY created_at, id`, [tx.cooperativeId, assemblyId]);
  }

  /** The round opened on this election's undecided seats, if any. */
  async nextRound(tx: TenantTx, electionId: string): Promise<ElectionRow | undefined> {
    const [row] = await tx.query<ElectionRow[]>(`${ELECTION_SELECT} WHERE cooperative_id = $1 AND previous_election_id = $2`, [tx.cooperativeId, electionId]);
    return row;
  }

  async insertElection(
    tx: TenantTx,
    election: { id: string; assemblyId: string; title: string; round: number; previousElectionId: string | null; createdBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO elections (cooperative_id, id, assembly_id, title, status, round, previous_election_id, created_by) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7)`,
      [tx.cooperativeId, election.id, election.assemblyId, election.title, election.round, election.previousElectionId, election.createdBy],
    );
  }

  async positions(tx: TenantTx, electionId: string): Promise<PositionRow[]> {
    return tx.query<PositionRow[]>(
      'SELECT id, position, title, seats, term_months FROM election_positions WHERE cooperative_id = $1 AND election_id = $2 ORDER BY position',
      [tx.cooperativeId, electionId],
    );
  }

  async insertPosition(tx: TenantTx, electionId: string, position: { position: number; title: string; seats: number; termMonths: number }): Promise<string> {
    const [{ id }] = await tx.query<{ id: string }[]>(
      'INSERT INTO election_positions (cooperative_id, election_id, position, title, seats, term_months) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [tx.cooperativeId, electionId, position.position, position.title, position.seats, position.termMonths],
    );
    return id;
  }

  async candidacies(tx: TenantTx, electionId: string): Promise<CandidacyRow[]> {
    return tx.query<CandidacyRow[]>(
      `SELECT c.id, c.position_id, c.member_id, to_char(m.membership_date, 'YYYY-MM-DD') AS membership_date,
              to_char(m.date_of_birth, 'YYYY-MM-DD') AS date_of_birth
         FROM election_candidacies c JOIN miners m ON m.cooperative_id = c.cooperative_id AND m.id = c.member_id
        WHERE c.cooperative_id = $1 AND c.election_id = $2 ORDER BY c.recorded_at, c.id`,
      [tx.cooperativeId, electionId],
    );
  }

  /** False when this member already has a candidacy in the election. */
  async insertCandidacy(
    tx: TenantTx,
    candidacy: { id?: string; electionId: string; positionId: string; memberId: string; recordedBy: string },
  ): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO election_candidacies (cooperative_id, id, election_id, position_id, member_id, recorded_by)
       VALUES ($1, coalesce($2::uuid, gen_random_uuid()), $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, candidacy.id ?? null, candidacy.electionId, candidacy.positionId, candidacy.memberId, candidacy.recordedBy],
    );
    return inserted.length > 0;
  }

  /**
   * Registers the voter and seals the ballot in the caller's transaction; false when the
   * member had already voted (nothing is written then).
   */
  async castSealedBallot(tx: TenantTx, electionId: string, memberId: string, choices: Record<string, string[]>): Promise<boolean> {
    const [{ cast }] = await tx.query<{ cast: boolean }[]>('SELECT election_cast_sealed_ballot($1, $2, $3, $4::jsonb) AS cast', [
      tx.cooperativeId,
      electionId,
      memberId,
      JSON.stringify(choices),
    ]);
    return cast;
  }

  async votingStarted(tx: TenantTx, electionId: string): Promise<boolean> {
    const [{ started }] = await tx.query<{ started: boolean }[]>('SELECT election_voting_started($1, $2) AS started', [tx.cooperativeId, electionId]);
    return started;
  }

  /** Who has voted (never how), sorted by member id so the order says nothing of when. */
  async votedMembers(tx: TenantTx, electionId: string): Promise<string[]> {
    const [{ voted }] = await tx.query<{ voted: string[] }[]>('SELECT election_voted_members($1, $2) AS voted', [tx.cooperativeId, electionId]);
    return voted;
  }

  /** Mixes the sealed ballots into the box in one batch and closes the poll; answers the turnout. */
  async closePoll(tx: TenantTx, electionId: string): Promise<number> {
    const [{ turnout }] = await tx.query<{ turnout: number }[]>('SELECT election_close_poll($1, $2) AS turnout', [tx.cooperativeId, electionId]);
    return turnout;
  }

  /** Ordered by their random id, so the order says nothing about when each was cast. */
  async ballots(tx: TenantTx, electionId: string): Promise<{ choices: Record<string, string[]> }[]> {
    return tx.query<{ choices: Record<string, string[]> }[]>(
      'SELECT choices FROM election_ballots WHERE cooperative_id = $1 AND election_id = $2 ORDER BY id',
      [tx.cooperativeId, electionId],
    );
  }

  async lotDraws(tx: TenantTx, electionId: string): Promise<LotDrawRow[]> {
    return tx.query<LotDrawRow[]>(
      `SELECT position_id, seed, draw_order, recorded_at FROM election_lot_draws WHERE cooperative_id = $1 AND election_id = $2 ORDER BY recorded_at`,
      [tx.cooperativeId, electionId],
    );
  }

  async insertLotDraw(
    tx: TenantTx,
    draw: { electionId: string; positionId: string; seed: string | null; order: string[] | null; recordedBy: string },
  ): Promise<void> {
    await tx.query(
      'INSERT INTO election_lot_draws (cooperative_id, election_id, position_id, seed, draw_order, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)',
      [tx.cooperativeId, draw.electionId, draw.positionId, draw.seed, draw.order, draw.recordedBy],
    );
  }

  async mandates(tx: TenantTx, electionId: string): Promise<MandateRow[]> {
    return tx.query<MandateRow[]>(
      `SELECT id, position_id, member_id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM mandates WHERE cooperative_id = $1 AND election_id = $2 ORDER BY position_id, member_id`,
      [tx.cooperativeId, electionId],
    );
  }

  async insertMandate(
    tx: TenantTx,
    mandate: { electionId: string; positionId: string; memberId: string; startsOn: string; endsOn: string },
  ): Promise<void> {
    await tx.query(
      'INSERT INTO mandates (cooperative_id, election_id, position_id, member_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)',
      [tx.cooperativeId, mandate.electionId, mandate.positionId, mandate.memberId, mandate.startsOn, mandate.endsOn],
    );
  }

  async markCertified(tx: TenantTx, electionId: string, results: unknown, certifiedBy: string): Promise<void> {
    await tx.query(
      `UPDATE elections SET status = 'certified', results = $3, certified_by = $4, certified_at = now() WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, electionId, JSON.stringify(results), certifiedBy],
    );
  }
}
