import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { MemberStandingRepository } from '../miners/member-standing.repository.js';
import { type ElectionCandidacyView, type ElectionDetailView, type ElectionPositionView, type ElectionView, positionView } from './dto/election.view.js';
import type { CandidacyDto, CreateElectionDto, SecondRoundDto } from './dto/governance.dto.js';
import { ElectionCount } from './election-count.js';
import { ElectionsRepository } from './elections.repository.js';
import { GovernanceContext, notFound, votingAssembly } from './governance.context.js';
import { assertCommitteeSize, assertMayVote, assertPollOpen, checkCandidateEligibility, secondRoundPlan } from './rules/index.js';

/**
 * Elections at an assembly, set up before the vote: their positions, the candidacies, and the
 * second round a tie sends back to the members. The vote itself is the polling table's.
 */
@Injectable()
export class ElectionsService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly elections: ElectionsRepository,
    private readonly standing: MemberStandingRepository,
    private readonly count: ElectionCount,
    private readonly audit: AuditService,
  ) {}

  async createElection(auth: TenantAuthContext, assemblyId: string, dto: CreateElectionDto): Promise<ElectionView> {
    return this.db.tenant(auth, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, assemblyId);
      if (dto.governingBody !== false) {
        const legalForm = await this.context.legalFormOn(tx, assembly.held_on);
        const activeMembers = (await this.standing.activeMemberIdsOn(tx, assembly.held_on)).length;
        assertCommitteeSize(legalForm, activeMembers, dto.positions.reduce((seats, p) => seats + p.seats, 0));
      }
      const id = await this.unusedElectionId(tx, dto.id);
      const title = dto.title.trim();
      await this.elections.insertElection(tx, { id, assemblyId, title, round: 1, previousElectionId: null, createdBy: auth.userId });
      for (const [index, position] of dto.positions.entries()) {
        await this.elections.insertPosition(tx, id, { position: index + 1, title: position.title.trim(), seats: position.seats, termMonths: position.termMonths });
      }
      const positions = (await this.elections.positions(tx, id)).map(positionView);
      await this.audit.record(tx, auth, { action: 'election.created', entity: 'election', entityId: id, after: { assemblyId, title: dto.title, positions } });
      return { id, title, status: 'open', round: 1, previousElectionId: null, positions };
    });
  }

  /** The election with its candidacies (each with the day its candidate could first stand) and who has voted. */
  async detail(auth: TenantAuthContext, electionId: string): Promise<ElectionDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const election = await this.context.electionOf(tx, electionId);
      const assembly = await this.context.assemblyOf(tx, election.assembly_id);
      const bylaws = await this.context.bylawsOf(tx);
      const candidacies = (await this.elections.candidacies(tx, electionId)).map((c) => ({
        id: c.id,
        positionId: c.position_id,
        memberId: c.member_id,
        eligibleFrom: checkCandidateEligibility({ memberId: c.member_id, status: 'active', membershipDate: c.membership_date }, assembly.held_on, [], bylaws).eligibleFrom,
      }));
      return {
        id: election.id,
        assemblyId: election.assembly_id,
        title: election.title,
        status: election.status,
        round: election.round,
        previousElectionId: election.previous_election_id,
        positions: (await this.elections.positions(tx, electionId)).map(positionView),
        candidacies,
        voted: await this.elections.votedMembers(tx, electionId),
      };
    });
  }

  private async unusedElectionId(tx: TenantTx, requested: string | undefined): Promise<string> {
    const id = requested ?? randomUUID();
    if (await this.elections.election(tx, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
    return id;
  }

  /** A candidacy is taken until the first ballot, from a member eligible on the assembly date. */
  async addCandidacy(auth: TenantAuthContext, electionId: string, dto: CandidacyDto): Promise<ElectionCandidacyView> {
    return this.db.tenant(auth, async (tx) => {
      const election = await this.context.electionOf(tx, electionId, true);
      assertPollOpen(election);
      if (await this.elections.votingStarted(tx, electionId)) throw new DomainError('VOTING_STARTED', { electionId }, 'conflict');
      if (!(await this.elections.positions(tx, electionId)).some((p) => p.id === dto.positionId)) throw notFound('POSITION_NOT_FOUND');
      const assembly = await this.context.assemblyOf(tx, election.assembly_id);
      const [member] = await this.standing.membersOn(tx, assembly.held_on, [dto.memberId]);
      if (!member) throw new DomainError('CANDIDATE_NOT_A_MEMBER', { memberId: dto.memberId });
      const existing = await this.elections.candidacies(tx, electionId);
      const eligibility = checkCandidateEligibility(
        { memberId: dto.memberId, status: member.status_on ?? 'applicant', membershipDate: member.membership_date },
        assembly.held_on,
        [...existing.map((c) => ({ memberId: c.member_id, positionId: c.position_id })), { memberId: dto.memberId, positionId: dto.positionId }],
        await this.context.bylawsOf(tx),
      );
      if (!eligibility.eligible) {
        throw new DomainError('CANDIDATE_INELIGIBLE', { memberId: dto.memberId, reasons: eligibility.reasons, eligibleFrom: eligibility.eligibleFrom });
      }
      const id = dto.id ?? randomUUID();
      const inserted = await this.elections.insertCandidacy(tx, { id, electionId, positionId: dto.positionId, memberId: dto.memberId, recordedBy: auth.userId });
      if (!inserted) throw new DomainError('CANDIDACY_EXISTS', { memberId: dto.memberId }, 'conflict');
      await this.audit.record(tx, auth, { action: 'election.candidacy_recorded', entity: 'election_candidacy', entityId: id, after: { electionId, positionId: dto.positionId, memberId: dto.memberId } });
      return { id, positionId: dto.positionId, memberId: dto.memberId, eligibleFrom: eligibility.eligibleFrom };
    });
  }

  /**
   * Opens a second round on the seats a tie left undecided under the 'second_round' rule: a
   * new election at the same assembly, with those seats and only the tied candidates. Every
   * member present may vote again. The first round then certifies the seats it decided.
   */
  async openSecondRound(auth: TenantAuthContext, electionId: string, dto: SecondRoundDto): Promise<ElectionView> {
    return this.db.tenant(auth, async (tx) => {
      const election = await this.context.electionOf(tx, electionId, true);
      if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      assertMayVote(votingAssembly(await this.context.assemblyOf(tx, election.assembly_id)));
      const existing = await this.elections.nextRound(tx, electionId);
      if (existing) throw new DomainError('SECOND_ROUND_EXISTS', { electionId: existing.id }, 'conflict');
      const current = await this.count.of(tx, election);
      const plan = secondRoundPlan(current.positions.map((p) => p.tally));
      if (plan.length === 0) throw new DomainError('SECOND_ROUND_NOT_REQUIRED', { electionId }, 'conflict');
      const id = await this.unusedElectionId(tx, dto.id);
      const round = election.round + 1;
      await this.elections.insertElection(tx, { id, assemblyId: election.assembly_id, title: election.title, round, previousElectionId: electionId, createdBy: auth.userId });
      const firstRound = new Map(current.positions.map((p) => [p.positionId, p]));
      for (const [index, planned] of plan.entries()) {
        const first = firstRound.get(planned.positionId);
        const positionId = await this.elections.insertPosition(tx, id, { position: index + 1, title: first?.title ?? '', seats: planned.seats, termMonths: first?.termMonths ?? 1 });
        for (const memberId of planned.candidateIds) {
          await this.elections.insertCandidacy(tx, { id: randomUUID(), electionId: id, positionId, memberId, recordedBy: auth.userId });
        }
      }
      const positions: ElectionPositionView[] = (await this.elections.positions(tx, id)).map(positionView);
      const view: ElectionView = { id, title: election.title, status: 'open', round, previousElectionId: electionId, positions };
      await this.audit.record(tx, auth, { action: 'election.second_round_opened', entity: 'election', entityId: id, after: { ...view, plan } });
      return view;
    });
  }
}
