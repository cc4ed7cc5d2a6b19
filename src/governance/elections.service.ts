import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import type { CandidacyDto, CastBallotDto, CreateElectionDto, LotDrawDto, SecondRoundDto } from './dto/governance.dto.js';
import { ElectionsRepository } from './elections.repository.js';
import { GovernanceContext } from './governance.context.js';
import { type ElectionRow, GovernanceRepository } from './governance.repository.js';
import { type CandidacyView, type ElectionTallyView, type ElectionView, lotDrawOf, notFound, positionView } from './governance.views.js';
import { assertCommitteeSize, certificationBlockers, checkCandidateEligibility, type LotDraw, mandateEndDate, secondRoundPlan, tallyPosition } from './rules/index.js';

/**
 * Elections at an assembly. Secret ballot: while the poll is open a vote only registers the
 * voter and seals the ballot; no count, no order and no time of any vote can be read. Closing
 * the poll mixes the sealed ballots into the box in one batch; only then is anything counted.
 */
function assertPollOpen(election: ElectionRow): void {
  if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId: election.id }, 'conflict');
  if (election.status === 'closed') throw new DomainError('POLL_CLOSED', { electionId: election.id }, 'conflict');
}

@Injectable()
export class ElectionsService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly repository: GovernanceRepository,
    private readonly elections: ElectionsRepository,
    private readonly audit: AuditService,
  ) {}

  async createElection(auth: TenantAuthContext, assemblyId: string, dto: CreateElectionDto): Promise<ElectionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, auth, assemblyId);
      if (dto.governingBody !== false) {
        const legalForm = await this.context.legalFormOn(tx, auth, assembly.held_on);
        const activeMembers = (await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, assembly.held_on)).length;
        assertCommitteeSize(legalForm, activeMembers, dto.positions.reduce((seats, p) => seats + p.seats, 0));
      }
      const id = dto.id ?? randomUUID();
      if (await this.elections.election(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await this.elections.insertElection(tx, { cooperativeId: auth.cooperativeId, id, assemblyId, title: dto.title.trim(), round: 1, previousElectionId: null, createdBy: auth.userId });
      for (const [index, position] of dto.positions.entries()) {
        await this.elections.insertPosition(tx, auth.cooperativeId, id, { position: index + 1, title: position.title.trim(), seats: position.seats, termMonths: position.termMonths });
      }
      const positions = await this.elections.positions(tx, auth.cooperativeId, id);
      await this.audit.record(tx, auth, { action: 'election.created', entity: 'election', entityId: id, after: { assemblyId, title: dto.title, positions: positions.map(positionView) } });
      return { id, title: dto.title.trim(), status: 'open', round: 1, previousElectionId: null, positions: positions.map(positionView) };
    });
  }

  async addCandidacy(auth: TenantAuthContext, electionId: string, dto: CandidacyDto): Promise<CandidacyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      assertPollOpen(election);
      if (await this.elections.votingStarted(tx, auth.cooperativeId, electionId)) throw new DomainError('VOTING_STARTED', { electionId }, 'conflict');
      const positions = await this.elections.positions(tx, auth.cooperativeId, electionId);
      if (!positions.some((p) => p.id === dto.positionId)) throw notFound('POSITION_NOT_FOUND');
      const assembly = await this.context.assemblyOf(tx, auth, election.assembly_id);
      const [member] = await this.repository.membersOn(tx, auth.cooperativeId, assembly.held_on, [dto.memberId]);
      if (!member) throw new DomainError('CANDIDATE_NOT_A_MEMBER', { memberId: dto.memberId });
      const existing = await this.elections.candidacies(tx, auth.cooperativeId, electionId);
      const candidacies = [...existing.map((c) => ({ memberId: c.member_id, positionId: c.position_id })), { memberId: dto.memberId, positionId: dto.positionId }];
      const eligibility = checkCandidateEligibility(
        { memberId: dto.memberId, status: member.status_on ?? 'applicant', membershipDate: member.membership_date },
        assembly.held_on,
        candidacies,
        await this.context.bylawsOf(tx, auth),
      );
      if (!eligibility.eligible) {
        throw new DomainError('CANDIDATE_INELIGIBLE', { memberId: dto.memberId, reasons: eligibility.reasons.join(', '), eligibleFrom: eligibility.eligibleFrom });
      }
      const id = dto.id ?? randomUUID();
      const inserted = await this.elections.insertCandidacy(tx, { cooperativeId: auth.cooperativeId, id, electionId, positionId: dto.positionId, memberId: dto.memberId, recordedBy: auth.userId });
      if (!inserted) throw new DomainError('CANDIDACY_EXISTS', { memberId: dto.memberId }, 'conflict');
      await this.audit.record(tx, auth, { action: 'election.candidacy_recorded', entity: 'election_candidacy', entityId: id, after: { electionId, positionId: dto.positionId, memberId: dto.memberId } });
      return { id, positionId: dto.positionId, memberId: dto.memberId, eligibleFrom: eligibility.eligibleFrom };
    });
  }

  /**
   * Records one secret ballot at the polling table: the voter goes to the register and the
   * choices are sealed, in one transaction, so a ballot is never lost nor cast twice. Nothing
   * is audited per vote and the answer carries no count: a retry is refused as ALREADY_VOTED.
   */
  async castBallot(auth: TenantAuthContext, electionId: string, dto: CastBallotDto): Promise<{ recorded: true }> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      assertPollOpen(election);
      const assembly = await this.context.assemblyOf(tx, auth, election.assembly_id);
      this.context.assertMayVote(assembly);
      const attendance = await this.repository.attendance(tx, auth.cooperativeId, assembly.id);
      if (!attendance.some((a) => a.member_id === dto.voterMemberId)) {
        throw new DomainError('VOTER_NOT_IN_ATTENDANCE', { memberId: dto.voterMemberId });
      }
      const positions = await this.elections.positions(tx, auth.cooperativeId, electionId);
      const choices: Record<string, string[]> = {};
      for (const choice of dto.choices) {
        if (!positions.some((p) => p.id === choice.positionId)) throw notFound('POSITION_NOT_FOUND');
        if (choices[choice.positionId] !== undefined) throw new DomainError('POSITION_CHOSEN_TWICE', { positionId: choice.positionId });
        choices[choice.positionId] = choice.memberIds;
      }
      await this.context.assertMembersOfCooperative(tx, auth, dto.choices.flatMap((c) => c.memberIds));
      const cast = await this.elections.castSealedBallot(tx, auth.cooperativeId, electionId, dto.voterMemberId, choices);
      if (!cast) throw new DomainError('ALREADY_VOTED', { memberId: dto.voterMemberId }, 'conflict');
      return { recorded: true };
    });
  }

  /** Closes the poll: the sealed ballots go into the box in random order, then are counted. */
  async close(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('POLL_ALREADY_CLOSED', { electionId }, 'conflict');
      const turnout = await this.elections.closePoll(tx, auth.cooperativeId, electionId);
      await this.audit.record(tx, auth, { action: 'election.poll_closed', entity: 'election', entityId: electionId, before: { status: 'open' }, after: { status: 'closed', turnout } });
      return this.computeTally(tx, auth, await this.context.electionOf(tx, auth, electionId));
    });
  }

  async computeTally(tx: EntityManager, auth: TenantAuthContext, election: ElectionRow): Promise<ElectionTallyView> {
    if (election.status === 'open') throw new DomainError('POLL_STILL_OPEN', { electionId: election.id }, 'conflict');
    const bylaws = await this.context.bylawsOf(tx, auth);
    const positions = await this.elections.positions(tx, auth.cooperativeId, election.id);
    const candidacies = await this.elections.candidacies(tx, auth.cooperativeId, election.id);
    const ballots = await this.elections.ballots(tx, auth.cooperativeId, election.id);
    // Elections certified before the sealed box have no recorded turnout: one ballot per voter.
    const voters = election.turnout ?? ballots.length;
    const draws = await this.elections.lotDraws(tx, auth.cooperativeId, election.id);
    const drawOf = new Map(draws.map((d) => [d.position_id, lotDrawOf(d)]));
    const tallies = positions.map((position) => ({
      positionId: position.id,
      title: position.title,
      seats: position.seats,
      termMonths: position.term_months,
      tally: tallyPosition(
        {
          positionId: position.id,
          seats: position.seats,
          candidates: candidacies
            .filter((c) => c.position_id === position.id)
            .map((c) => ({ memberId: c.member_id, membershipDate: c.membership_date, ...(c.date_of_birth ? { birthDate: c.date_of_birth } : {}) })),
          // A ballot without this position is a blank for it.
          ballots: ballots.map((b) => ({ choices: b.choices[position.id] ?? [] })),
          voters,
          ...(drawOf.has(position.id) ? { lotDraw: drawOf.get(position.id) } : {}),
        },
        bylaws,
      ),
    }));
    const mandates = (await this.elections.mandates(tx, auth.cooperativeId, election.id)).map((m) => ({
      id: m.id,
      positionId: m.position_id,
      memberId: m.member_id,
      startsOn: m.starts_on,
      endsOn: m.ends_on,
    }));
    const nextRound = await this.elections.nextRound(tx, auth.cooperativeId, election.id);
    return {
      electionId: election.id,
      status: election.status,
      round: election.round,
      previousElectionId: election.previous_election_id,
      nextRoundElectionId: nextRound?.id ?? null,
      voters,
      positions: tallies,
      lotDraws: draws.map((d) => ({ positionId: d.position_id, seed: d.seed, order: d.draw_order, recordedAt: d.recorded_at })),
      mandates,
    };
  }

  /** Refused to every role while the poll is open: a running count would pair each vote with its voter. */
  async tally(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => this.computeTally(tx, auth, await this.context.electionOf(tx, auth, electionId)));
  }

  /** Certifies the results; certifying an election whose poll is still open closes it first. */
  async certify(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    const current = await this.db.inScope(auth.scope, (tx) => this.context.electionOf(tx, auth, electionId));
    if (current.status === 'open') await this.close(auth, electionId);
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      if (election.status !== 'closed') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.context.assemblyOf(tx, auth, election.assembly_id);
      this.context.assertMayVote(assembly);
      const result = await this.computeTally(tx, auth, election);
      const blocking = new Set(certificationBlockers(result.positions.map((p) => p.tally), result.nextRoundElectionId !== null).map((t) => t.positionId));
      const undecided = result.positions.filter((p) => blocking.has(p.positionId));
      if (undecided.length > 0) {
        throw new DomainError('TALLY_UNDECIDED', { positions: undecided.map((p) => p.title).join(', '), status: undecided[0].tally.status });
      }
      for (const position of result.positions) {
        const endsOn = mandateEndDate(assembly.held_on, position.termMonths);
        for (const elected of position.tally.elected) {
          await this.elections.insertMandate(tx, { cooperativeId: auth.cooperativeId, electionId, positionId: position.positionId, memberId: elected.memberId, startsOn: assembly.held_on, endsOn });
        }
      }
      const results = result.positions.map((p) => ({
        positionId: p.positionId,
        title: p.title,
        status: p.tally.status,
        elected: p.tally.elected,
        ...(p.tally.undecidedSeats > 0 ? { undecidedSeats: p.tally.undecidedSeats, secondRoundElectionId: result.nextRoundElectionId } : {}),
        ballots: p.tally.ballots,
        rule: p.tally.rule,
        tieBreakRule: p.tally.tieBreakRule,
      }));
      await this.elections.markCertified(tx, auth.cooperativeId, electionId, results, auth.userId);
      const certified = await this.context.electionOf(tx, auth, electionId);
      const view = await this.computeTally(tx, auth, certified);
      await this.audit.record(tx, auth, { action: 'election.certified', entity: 'election', entityId: electionId, before: { status: 'closed' }, after: { status: 'certified', results, mandates: view.mandates } });
      return view;
    });
  }

  /**
   * Records the draw that breaks a tie under the bylaws' 'lot' rule, once per position, and
   * only while that position's count (of a closed poll) is waiting for it.
   */
  async recordLotDraw(auth: TenantAuthContext, electionId: string, dto: LotDrawDto): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      if ((dto.seed === undefined) === (dto.order === undefined)) throw new DomainError('LOT_DRAW_SEED_OR_ORDER');
      const current = await this.computeTally(tx, auth, election);
      const position = current.positions.find((p) => p.positionId === dto.positionId);
      if (!position) throw notFound('POSITION_NOT_FOUND');
      if (position.tally.status !== 'draw_required') {
        throw new DomainError('LOT_DRAW_NOT_REQUIRED', { position: position.title, status: position.tally.status }, 'conflict');
      }
      const draw: LotDraw = dto.seed !== undefined ? { seed: dto.seed } : { order: dto.order ?? [] };
      // A hand-drawn order must name exactly the tied candidates.
      if ('order' in draw) {
        const tied = new Set(position.tally.tied.map((c) => c.memberId));
        if (draw.order.length !== tied.size || draw.order.some((id) => !tied.has(id))) {
          throw new DomainError('LOT_DRAW_MISMATCH', { expected: [...tied], received: draw.order });
        }
      }
      await this.elections.insertLotDraw(tx, { cooperativeId: auth.cooperativeId, electionId, positionId: dto.positionId, seed: dto.seed ?? null, order: dto.order ?? null, recordedBy: auth.userId });
      const view = await this.computeTally(tx, auth, election);
      const after = view.positions.find((p) => p.positionId === dto.positionId);
      await this.audit.record(tx, auth, {
        action: 'election.lot_drawn',
        entity: 'election',
        entityId: electionId,
        after: { positionId: dto.positionId, ...draw, elected: after?.tally.elected ?? [] },
      });
      return view;
    });
  }

  /**
   * Opens a second round on the seats a tie left undecided under the 'second_round' rule: a
   * new election at the same assembly, with those seats and only the tied candidates. Every
   * member present may vote again. The first round then certifies the seats it decided.
   */
  async openSecondRound(auth: TenantAuthContext, electionId: string, dto: SecondRoundDto): Promise<ElectionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.context.electionOf(tx, auth, electionId, true);
      if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.context.assemblyOf(tx, auth, election.assembly_id);
      this.context.assertMayVote(assembly);
      const existing = await this.elections.nextRound(tx, auth.cooperativeId, electionId);
      if (existing) throw new DomainError('SECOND_ROUND_EXISTS', { electionId: existing.id }, 'conflict');
      const current = await this.computeTally(tx, auth, election);
      const plan = secondRoundPlan(current.positions.map((p) => p.tally));
      if (plan.length === 0) throw new DomainError('SECOND_ROUND_NOT_REQUIRED', { electionId }, 'conflict');
      const id = dto.id ?? randomUUID();
      if (await this.elections.election(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      const round = election.round + 1;
      await this.elections.insertElection(tx, { cooperativeId: auth.cooperativeId, id, assemblyId: election.assembly_id, title: election.title, round, previousElectionId: electionId, createdBy: auth.userId });
      const titleOf = new Map(current.positions.map((p) => [p.positionId, p]));
      for (const [index, planned] of plan.entries()) {
        const first = titleOf.get(planned.positionId);
        const positionId = await this.elections.insertPosition(tx, auth.cooperativeId, id, { position: index + 1, title: first?.title ?? '', seats: planned.seats, termMonths: first?.termMonths ?? 1 });
        for (const memberId of planned.candidateIds) {
          await this.elections.insertCandidacy(tx, { cooperativeId: auth.cooperativeId, id: randomUUID(), electionId: id, positionId, memberId, recordedBy: auth.userId });
        }
      }
      const positions = (await this.elections.positions(tx, auth.cooperativeId, id)).map(positionView);
      const view: ElectionView = { id, title: election.title, status: 'open', round, previousElectionId: electionId, positions };
      await this.audit.record(tx, auth, { action: 'election.second_round_opened', entity: 'election', entityId: id, after: { ...view, plan } });
      return view;
    });
  }
}
