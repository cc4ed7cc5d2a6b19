import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { AssembliesRepository } from './assemblies.repository.js';
import type { BallotReceiptView, ElectionTallyView } from './dto/election.view.js';
import type { CastBallotDto, LotDrawDto } from './dto/governance.dto.js';
import { ElectionCount } from './election-count.js';
import { ElectionsRepository } from './elections.repository.js';
import { GovernanceContext, notFound, votingAssembly } from './governance.context.js';
import { assertCertifiable, assertDrawNamesTied, assertMayVote, assertPollOpen, ballotChoices, certifiedResults, mandateEndDate, submittedLotDraw } from './rules/index.js';

/**
 * The polling table. Secret ballot: while the poll is open a vote only registers the voter and
 * seals the ballot; no count, no order and no time of any vote can be read. Closing the poll
 * mixes the sealed ballots into the box in one batch; only then is anything counted.
 */
@Injectable()
export class PollingService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly assemblies: AssembliesRepository,
    private readonly elections: ElectionsRepository,
    private readonly count: ElectionCount,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records one secret ballot at the polling table: the voter goes to the register and the
   * choices are sealed, in one transaction, so a ballot is never lost nor cast twice. Nothing
   * is audited per vote and the answer carries no count: a retry is refused as ALREADY_VOTED.
   */
  async castBallot(auth: TenantAuthContext, electionId: string, dto: CastBallotDto): Promise<BallotReceiptView> {
    return this.db.tenant(auth, async (tx) => {
      const election = await this.context.electionOf(tx, electionId, true);
      assertPollOpen(election);
      const assembly = await this.context.assemblyOf(tx, election.assembly_id);
      assertMayVote(votingAssembly(assembly));
      if (!(await this.assemblies.attendance(tx, assembly.id)).some((a) => a.member_id === dto.voterMemberId)) {
        throw new DomainError('VOTER_NOT_IN_ATTENDANCE', { memberId: dto.voterMemberId });
      }
      const choices = ballotChoices((await this.elections.positions(tx, electionId)).map((p) => p.id), dto.choices);
      await this.context.assertMembersOfCooperative(tx, dto.choices.flatMap((c) => c.memberIds));
      if (!(await this.elections.castSealedBallot(tx, electionId, dto.voterMemberId, choices))) {
        throw new DomainError('ALREADY_VOTED', { memberId: dto.voterMemberId }, 'conflict');
      }
      return { recorded: true };
    });
  }

  /** Closes the poll: the sealed ballots go into the box in random order, then are counted. */
  async close(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.tenant(auth, async (tx) => {
      await this.closePoll(tx, auth, electionId);
      return this.count.of(tx, await this.context.electionOf(tx, electionId));
    });
  }

  private async closePoll(tx: TenantTx, auth: TenantAuthContext, electionId: string): Promise<void> {
    const election = await this.context.electionOf(tx, electionId, true);
    if (election.status !== 'open') throw new DomainError('POLL_ALREADY_CLOSED', { electionId }, 'conflict');
    const turnout = await this.elections.closePoll(tx, electionId);
    await this.audit.record(tx, auth, { action: 'election.poll_closed', entity: 'election', entityId: electionId, before: { status: 'open' }, after: { status: 'closed', turnout } });
  }

  /** Refused to every role while the poll is open: a running count would pair each vote with its voter. */
  async tally(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.tenant(auth, async (tx) => this.count.of(tx, await this.context.electionOf(tx, electionId)));
  }

  /** Certifies the results; certifying an election whose poll is still open closes it first. */
  async certify(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.tenant(auth, async (tx) => {
      if ((await this.context.electionOf(tx, electionId)).status === 'open') await this.closePoll(tx, auth, electionId);
      const election = await this.context.electionOf(tx, electionId, true);
      if (election.status !== 'closed') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.context.assemblyOf(tx, election.assembly_id);
      assertMayVote(votingAssembly(assembly));
      const result = await this.count.of(tx, election);
      assertCertifiable(result.positions, result.nextRoundElectionId !== null);
      for (const position of result.positions) {
        const endsOn = mandateEndDate(assembly.held_on, position.termMonths);
        for (const elected of position.tally.elected) {
          await this.elections.insertMandate(tx, { electionId, positionId: position.positionId, memberId: elected.memberId, startsOn: assembly.held_on, endsOn });
        }
      }
      const results = certifiedResults(result.positions, result.nextRoundElectionId);
      await this.elections.markCertified(tx, electionId, results, auth.userId);
      const view = await this.count.of(tx, await this.context.electionOf(tx, electionId));
      await this.audit.record(tx, auth, { action: 'election.certified', entity: 'election', entityId: electionId, before: { status: 'closed' }, after: { status: 'certified', results, mandates: view.mandates } });
      return view;
    });
  }

  /**
   * Records the draw that breaks a tie under the bylaws' 'lot' rule, once per position, and
   * only while that position's count (of a closed poll) is waiting for it.
   */
  async recordLotDraw(auth: TenantAuthContext, electionId: string, dto: LotDrawDto): Promise<ElectionTallyView> {
    return this.db.tenant(auth, async (tx) => {
      const election = await this.context.electionOf(tx, electionId, true);
      if (election.status === 'certified') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const draw = submittedLotDraw(dto);
      const position = (await this.count.of(tx, election)).positions.find((p) => p.positionId === dto.positionId);
      if (!position) throw notFound('POSITION_NOT_FOUND');
      if (position.tally.status !== 'draw_required') {
        throw new DomainError('LOT_DRAW_NOT_REQUIRED', { position: position.title, status: position.tally.status }, 'conflict');
      }
      assertDrawNamesTied(draw, position.tally.tied);
      await this.elections.insertLotDraw(tx, { electionId, positionId: dto.positionId, seed: dto.seed ?? null, order: dto.order ?? null, recordedBy: auth.userId });
      const view = await this.count.of(tx, election);
      const after = view.positions.find((p) => p.positionId === dto.positionId);
      await this.audit.record(tx, auth, { action: 'election.lot_drawn', entity: 'election', entityId: electionId, after: { positionId: dto.positionId, ...draw, elected: after?.tally.elected ?? [] } });
      return view;
    });
  }
}
