import { randomUUID } from 'node:crypto';
import { localDateIn } from '../common/time-zone.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import type {
  AssemblyDemandDto,
  CandidacyDto,
  CastBallotDto,
  ConveneAssemblyDto,
  CreateBylawVersionDto,
  CreateElectionDto,
  DeclareBylawDto,
  LotDrawDto,
  RecordAttendanceDto,
  RecordResolutionDto,
  SecondRoundDto,
} from './dto/governance.dto.js';
import {
  type AgendaItemRow,
  type AssemblyDemandRow,
  type AssemblyRow,
  type AttendanceRow,
  type BylawVersionRow,
  type CooperativeRow,
  type ElectionRow,
  GovernanceRepository,
  type MandateRow,
  type PositionRow,
  type ResolutionRow,
} from './governance.repository.js';
import {
  type AssemblyDemandCheck,
  type AssemblyKind,
  type AttendanceEntry,
  type AttendanceProblem,
  applicableQuorum,
  assertCommitteeSize,
  assertIsoDate,
  bylawDeclarationStatus,
  certificationBlockers,
  checkAssemblyDemand,
  checkCandidateEligibility,
  checkNotice,
  computeQuorum,
  type DeclarationCheck,
  decideResolution,
  type GovernanceBylaws,
  type LotDraw,
  mandateEndDate,
  type QuorumResult,
  secondRoundPlan,
  type TallyResult,
  tallyPosition,
  validateAttendance,
} from './rules/index.js';

export interface AssemblyView {
  id: string;
  kind: AssemblyKind;
  heldOn: string;
  place: string;
  callNumber: 1 | 2;
  firstCallAssemblyId: string | null;
  noticeOn: string;
  noticeRule: string;
  status: 'convened' | 'open';
  /** The members' demand this assembly answers, if any. */
  demandId: string | null;
  agenda: { id: string; position: number; title: string; decisionKind: string }[];
}

export interface AssemblyDemandView {
  id: string;
  receivedOn: string;
  kind: 'ordinary' | 'extraordinary';
  purpose: string;
  agenda: { title: string; decisionKind: string }[];
  signatories: string[];
  /** Whether a quarter of the members active on the day it was received signed it. */
  valid: boolean;
  check: AssemblyDemandCheck;
  /** The assembly convened to answer it, once there is one. */
  assemblyId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface AssemblyDetail extends AssemblyView {
  attendance: { memberId: string; mode: 'present' | 'represented'; proxyHolderId: string | null }[];
  /** Recorded at opening; before that, computed live from the attendance list. */
  quorum: QuorumResult | null;
  quorumRecorded: boolean;
  resolutions: ResolutionView[];
  elections: { id: string; title: string; status: string }[];
}

export interface ResolutionView {
  id: string;
  agendaItemId: string;
  decisionKind: string;
  for: number;
  against: number;
  abstain: number;
  adopted: boolean;
  rule: string;
}

export interface ElectionView {
  id: string;
  title: string;
  status: 'open' | 'certified';
  /** 1, or 2+ for a second round on the seats the previous round left tied. */
  round: number;
  previousElectionId: string | null;
  positions: { id: string; position: number; title: string; seats: number; termMonths: number }[];
}

export interface CandidacyView {
  id: string;
  positionId: string;
  memberId: string;
  eligibleFrom: string;
}

export interface PositionTally {
  positionId: string;
  title: string;
  seats: number;
  termMonths: number;
  tally: TallyResult;
}

export interface ElectionTallyView {
  electionId: string;
  status: 'open' | 'certified';
  round: number;
  previousElectionId: string | null;
  /** The round opened on this one's undecided seats, if any. */
  nextRoundElectionId: string | null;
  lotDraws: { positionId: string; seed: string | null; order: string[] | null; recordedAt: Date }[];
  voters: number;
  positions: PositionTally[];
  mandates: { id: string; positionId: string; memberId: string; startsOn: string; endsOn: string }[];
}

export interface BylawVersionView {
  id: string;
  version: number;
  text: string;
  settings: GovernanceBylaws;
  resolutionId: string | null;
  adoptedOn: string;
  declaredOn: string | null;
  declaration: DeclarationCheck;
}

export interface MinutesData {
  cooperative: CooperativeRow;
  assembly: AssemblyDetail;
  agenda: AgendaItemRow[];
  elections: { title: string; tally: ElectionTallyView }[];
  memberNames: ReadonlyMap<string, string>;
}

/** The Act reserves bylaw changes to the extraordinary assembly. */
const BYLAW_ASSEMBLY_KIND: AssemblyKind = 'extraordinary';

function notFound(code: string): DomainError {
  return new DomainError(code, {}, 'not_found');
}

function resolutionView(row: ResolutionRow): ResolutionView {
  return {
    id: row.id,
    agendaItemId: row.agenda_item_id,
    decisionKind: row.decision_kind,
    for: row.votes_for,
    against: row.votes_against,
    abstain: row.votes_abstain,
    adopted: row.adopted,
    rule: row.rule,
  };
}

function positionView(row: PositionRow): ElectionView['positions'][number] {
  return { id: row.id, position: row.position, title: row.title, seats: row.seats, termMonths: row.term_months };
}

function demandView(row: AssemblyDemandRow): AssemblyDemandView {
  return {
    id: row.id,
    receivedOn: row.received_on,
    kind: row.kind,
    purpose: row.purpose,
    agenda: row.agenda,
    signatories: row.signatories,
    valid: row.valid,
    check: row.check,
    assemblyId: row.assembly_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

function lotDrawOf(row: { seed: string | null; draw_order: string[] | null }): LotDraw {
  return row.seed !== null ? { seed: row.seed } : { order: row.draw_order ?? [] };
}

function assemblyView(row: AssemblyRow, agenda: AgendaItemRow[]): AssemblyView {
  return {
    id: row.id,
    kind: row.kind,
    heldOn: row.held_on,
    place: row.place,
    callNumber: row.call_number,
    firstCallAssemblyId: row.first_call_assembly_id,
    noticeOn: row.notice_on,
    noticeRule: row.notice_rule,
    status: row.status,
    demandId: row.demand_id,
    agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, decisionKind: a.decision_kind })),
  };
}

@Injectable()
export class GovernanceService {
  constructor(
    private readonly db: Db,
    private readonly repository: GovernanceRepository,
    private readonly audit: AuditService,
  ) {}

  // ---------------------------------------------------------------- context

  private async cooperativeOf(tx: EntityManager, auth: TenantAuthContext): Promise<CooperativeRow> {
    const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
    if (!cooperative) throw notFound('NOT_FOUND');
    return cooperative;
  }

  private async bylawsOf(tx: EntityManager, auth: TenantAuthContext): Promise<GovernanceBylaws> {
    return (await this.repository.currentBylaws(tx, auth.cooperativeId))?.settings ?? {};
  }

  private async assemblyOf(tx: EntityManager, auth: TenantAuthContext, id: string, forUpdate = false): Promise<AssemblyRow> {
    const row = await this.repository.assembly(tx, auth.cooperativeId, id, forUpdate);
    if (!row) throw notFound('ASSEMBLY_NOT_FOUND');
    return row;
  }

  private async electionOf(tx: EntityManager, auth: TenantAuthContext, id: string, forUpdate = false): Promise<ElectionRow> {
    const row = await this.repository.election(tx, auth.cooperativeId, id, forUpdate);
    if (!row) throw notFound('ELECTION_NOT_FOUND');
    return row;
  }

  /** Votes are taken only in an opened assembly whose recorded quorum was reached. */
  private assertMayVote(assembly: AssemblyRow): QuorumResult {
    if (assembly.status !== 'open' || assembly.quorum === null) throw new DomainError('ASSEMBLY_NOT_OPEN', { assemblyId: assembly.id });
    if (assembly.quorum_reached !== true) {
      const { counted, required, rule } = assembly.quorum;
      throw new DomainError('QUORUM_NOT_REACHED', { counted, required, rule });
    }
    return assembly.quorum;
  }

  private async liveQuorum(tx: EntityManager, auth: TenantAuthContext, assembly: AssemblyRow, attendance: readonly AttendanceRow[]): Promise<QuorumResult> {
    const cooperative = await this.cooperativeOf(tx, auth);
    const bylaws = await this.bylawsOf(tx, auth);
    const active = await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, assembly.held_on);
    const present = attendance.filter((a) => a.mode === 'present').length;
    return computeQuorum(
      { legalForm: cooperative.legal_form, kind: assembly.kind, call: assembly.call_number, activeMembers: active.length, present, represented: attendance.length - present },
      bylaws,
    );
  }

  // ---------------------------------------------------------------- assemblies

  async convene(auth: TenantAuthContext, dto: ConveneAssemblyDto): Promise<AssemblyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.cooperativeOf(tx, auth);
      const bylaws = await this.bylawsOf(tx, auth);
      assertIsoDate(dto.heldOn);
      assertIsoDate(dto.noticeOn);
      let firstCallHeldOn: string | undefined;
      if (dto.callNumber === 2) {
        if (dto.firstCallAssemblyId === undefined) throw new DomainError('FIRST_CALL_ASSEMBLY_REQUIRED');
        const first = await this.repository.assembly(tx, auth.cooperativeId, dto.firstCallAssemblyId);
        if (!first || first.call_number !== 1 || first.kind !== dto.kind) {
          throw new DomainError('FIRST_CALL_ASSEMBLY_INVALID', { firstCallAssemblyId: dto.firstCallAssemblyId });
        }
        if (first.quorum_reached === true) throw new DomainError('FIRST_CALL_REACHED_QUORUM', { firstCallAssemblyId: first.id });
        firstCallHeldOn = first.held_on;
      } else if (dto.firstCallAssemblyId !== undefined) {
        throw new DomainError('FIRST_CALL_ASSEMBLY_UNEXPECTED');
      }
      if (dto.demandId !== undefined) await this.assertAnswerableDemand(tx, auth, dto.demandId, dto.kind);
      const notice = checkNotice(
        { legalForm: cooperative.legal_form, kind: dto.kind, call: dto.callNumber, convenedOn: dto.noticeOn, heldOn: dto.heldOn, ...(firstCallHeldOn ? { firstCallHeldOn } : {}) },
        bylaws,
      );
      const id = dto.id ?? randomUUID();
      if (await this.repository.assembly(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await tx.query(
        `INSERT INTO assemblies (cooperative_id, id, kind, held_on, place, call_number, first_call_assembly_id, notice_on, notice_rule, status, created_by, demand_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'convened', $10, $11)`,
        [auth.cooperativeId, id, dto.kind, dto.heldOn, dto.place.trim(), dto.callNumber, dto.firstCallAssemblyId ?? null, dto.noticeOn, notice.rule, auth.userId, dto.demandId ?? null],
      );
      for (const [index, item] of dto.agenda.entries()) {
        await tx.query(
          `INSERT INTO assembly_agenda_items (cooperative_id, assembly_id, position, title, decision_kind) VALUES ($1, $2, $3, $4, $5)`,
          [auth.cooperativeId, id, index + 1, item.title.trim(), item.decisionKind],
        );
      }
      const row = await this.assemblyOf(tx, auth, id);
      const view = assemblyView(row, await this.repository.agenda(tx, auth.cooperativeId, id));
      await this.audit.record(tx, auth, { action: 'assembly.convened', entity: 'assembly', entityId: id, after: { ...view, notice } });
      return view;
    });
  }

  async list(auth: TenantAuthContext): Promise<AssemblyView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const rows = await this.repository.assemblies(tx, auth.cooperativeId);
      const views: AssemblyView[] = [];
      for (const row of rows) views.push(assemblyView(row, await this.repository.agenda(tx, auth.cooperativeId, row.id)));
      return views;
    });
  }

  async get(auth: TenantAuthContext, id: string): Promise<AssemblyDetail> {
    return this.db.inScope(auth.scope, (tx) => this.detail(tx, auth, id));
  }

  private async detail(tx: EntityManager, auth: TenantAuthContext, id: string): Promise<AssemblyDetail> {
    const row = await this.assemblyOf(tx, auth, id);
    const attendance = await this.repository.attendance(tx, auth.cooperativeId, id);
    let quorum: QuorumResult | null = row.quorum;
    if (quorum === null) {
      try {
        quorum = await this.liveQuorum(tx, auth, row, attendance);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        quorum = null;
      }
    }
    return {
      ...assemblyView(row, await this.repository.agenda(tx, auth.cooperativeId, id)),
      attendance: attendance.map((a) => ({ memberId: a.member_id, mode: a.mode, proxyHolderId: a.proxy_holder_id })),
      quorum,
      quorumRecorded: row.quorum !== null,
      resolutions: (await this.repository.resolutions(tx, auth.cooperativeId, id)).map(resolutionView),
      elections: (await this.repository.electionsOf(tx, auth.cooperativeId, id)).map((e) => ({ id: e.id, title: e.title, status: e.status })),
    };
  }

  async recordAttendance(auth: TenantAuthContext, id: string, dto: RecordAttendanceDto): Promise<AssemblyDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.assemblyOf(tx, auth, id, true);
      if (assembly.status !== 'convened') throw new DomainError('ASSEMBLY_ALREADY_OPEN', { assemblyId: id }, 'conflict');
      const entries: AttendanceEntry[] = dto.entries.map((e) => {
        if (e.mode === 'present') {
          if (e.proxyHolderId !== undefined) throw new DomainError('PROXY_HOLDER_UNEXPECTED', { memberId: e.memberId });
          return { memberId: e.memberId, mode: 'present' };
        }
        if (e.proxyHolderId === undefined) throw new DomainError('PROXY_HOLDER_REQUIRED', { memberId: e.memberId });
        return { memberId: e.memberId, mode: 'represented', proxyHolderId: e.proxyHolderId };
      });
      const active = await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, assembly.held_on);
      const check = validateAttendance(entries, active, await this.bylawsOf(tx, auth));
      if (!check.valid) {
        const problems: readonly AttendanceProblem[] = check.problems;
        const errors = problems.map((p) => ({ field: p.memberId, code: p.code, message: p.proxyHolderId ? `${p.code} (${p.proxyHolderId})` : p.code }));
        throw new DomainError('ATTENDANCE_INVALID', { count: problems.length }, 'invalid', errors);
      }
      const before = await this.repository.attendance(tx, auth.cooperativeId, id);
      await tx.query('DELETE FROM assembly_attendance WHERE cooperative_id = $1 AND assembly_id = $2', [auth.cooperativeId, id]);
      for (const entry of entries) {
        await tx.query(
          'INSERT INTO assembly_attendance (cooperative_id, assembly_id, member_id, mode, proxy_holder_id) VALUES ($1, $2, $3, $4, $5)',
          [auth.cooperativeId, id, entry.memberId, entry.mode, entry.mode === 'represented' ? entry.proxyHolderId : null],
        );
      }
      await this.audit.record(tx, auth, {
        action: 'assembly.attendance_recorded',
        entity: 'assembly',
        entityId: id,
        before: { attendance: before },
        after: { attendance: entries, present: check.present, represented: check.represented },
      });
      return this.detail(tx, auth, id);
    });
  }

  async open(auth: TenantAuthContext, id: string): Promise<AssemblyDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.assemblyOf(tx, auth, id, true);
      if (assembly.status !== 'convened') throw new DomainError('ASSEMBLY_ALREADY_OPEN', { assemblyId: id }, 'conflict');
      const attendance = await this.repository.attendance(tx, auth.cooperativeId, id);
      const quorum = await this.liveQuorum(tx, auth, assembly, attendance);
      await tx.query(
        `UPDATE assemblies SET status = 'open', quorum = $3, quorum_reached = $4, opened_by = $5, opened_at = now()
          WHERE cooperative_id = $1 AND id = $2`,
        [auth.cooperativeId, id, JSON.stringify(quorum), quorum.reached, auth.userId],
      );
      await this.audit.record(tx, auth, { action: 'assembly.opened', entity: 'assembly', entityId: id, before: { status: 'convened' }, after: { status: 'open', quorum } });
      return this.detail(tx, auth, id);
    });
  }

  // ---------------------------------------------------------------- resolutions

  async recordResolution(auth: TenantAuthContext, assemblyId: string, dto: RecordResolutionDto): Promise<ResolutionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.assemblyOf(tx, auth, assemblyId, true);
      const quorum = this.assertMayVote(assembly);
      const item = (await this.repository.agenda(tx, auth.cooperativeId, assemblyId)).find((a) => a.id === dto.agendaItemId);
      if (!item) throw notFound('AGENDA_ITEM_NOT_FOUND');
      const cooperative = await this.cooperativeOf(tx, auth);
      const result = decideResolution({
        legalForm: cooperative.legal_form,
        assemblyKind: assembly.kind,
        decision: item.decision_kind,
        votes: { for: dto.for, against: dto.against, abstain: dto.abstain },
        voters: quorum.counted,
      });
      const id = dto.id ?? randomUUID();
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO assembly_resolutions (cooperative_id, id, assembly_id, agenda_item_id, decision_kind, votes_for, votes_against, votes_abstain, adopted, rule, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
        [auth.cooperativeId, id, assemblyId, item.id, item.decision_kind, result.for, result.against, result.abstain, result.adopted, result.rule, auth.userId],
      );
      if (inserted.length === 0) throw new DomainError('AGENDA_ITEM_ALREADY_VOTED', { agendaItemId: item.id }, 'conflict');
      const row = await this.repository.resolution(tx, auth.cooperativeId, id);
      if (!row) throw notFound('RESOLUTION_NOT_FOUND');
      const view = resolutionView(row);
      await this.audit.record(tx, auth, { action: 'resolution.recorded', entity: 'resolution', entityId: id, after: { ...view, assemblyId, threshold: result.threshold, cast: result.cast } });
      return view;
    });
  }

  async listResolutions(auth: TenantAuthContext, assemblyId: string): Promise<ResolutionView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      await this.assemblyOf(tx, auth, assemblyId);
      return (await this.repository.resolutions(tx, auth.cooperativeId, assemblyId)).map(resolutionView);
    });
  }

  // ---------------------------------------------------------------- elections

  async createElection(auth: TenantAuthContext, assemblyId: string, dto: CreateElectionDto): Promise<ElectionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.assemblyOf(tx, auth, assemblyId);
      if (dto.governingBody !== false) {
        const cooperative = await this.cooperativeOf(tx, auth);
        const activeMembers = (await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, assembly.held_on)).length;
        assertCommitteeSize(cooperative.legal_form, activeMembers, dto.positions.reduce((seats, p) => seats + p.seats, 0));
      }
      const id = dto.id ?? randomUUID();
      if (await this.repository.election(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await tx.query(
        `INSERT INTO elections (cooperative_id, id, assembly_id, title, status, created_by) VALUES ($1, $2, $3, $4, 'open', $5)`,
        [auth.cooperativeId, id, assemblyId, dto.title.trim(), auth.userId],
      );
      for (const [index, position] of dto.positions.entries()) {
        await tx.query(
          'INSERT INTO election_positions (cooperative_id, election_id, position, title, seats, term_months) VALUES ($1, $2, $3, $4, $5, $6)',
          [auth.cooperativeId, id, index + 1, position.title.trim(), position.seats, position.termMonths],
        );
      }
      const positions = await this.repository.positions(tx, auth.cooperativeId, id);
      await this.audit.record(tx, auth, { action: 'election.created', entity: 'election', entityId: id, after: { assemblyId, title: dto.title, positions: positions.map(positionView) } });
      return { id, title: dto.title.trim(), status: 'open', round: 1, previousElectionId: null, positions: positions.map(positionView) };
    });
  }

  async addCandidacy(auth: TenantAuthContext, electionId: string, dto: CandidacyDto): Promise<CandidacyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      if (await this.repository.voterCount(tx, auth.cooperativeId, electionId) > 0) throw new DomainError('VOTING_STARTED', { electionId }, 'conflict');
      const positions = await this.repository.positions(tx, auth.cooperativeId, electionId);
      if (!positions.some((p) => p.id === dto.positionId)) throw notFound('POSITION_NOT_FOUND');
      const assembly = await this.assemblyOf(tx, auth, election.assembly_id);
      const [member] = await this.repository.membersOn(tx, auth.cooperativeId, assembly.held_on, [dto.memberId]);
      if (!member) throw new DomainError('CANDIDATE_NOT_A_MEMBER', { memberId: dto.memberId });
      const existing = await this.repository.candidacies(tx, auth.cooperativeId, electionId);
      const candidacies = [...existing.map((c) => ({ memberId: c.member_id, positionId: c.position_id })), { memberId: dto.memberId, positionId: dto.positionId }];
      const eligibility = checkCandidateEligibility(
        { memberId: dto.memberId, status: member.status_on ?? 'applicant', membershipDate: member.membership_date },
        assembly.held_on,
        candidacies,
        await this.bylawsOf(tx, auth),
      );
      if (!eligibility.eligible) {
        throw new DomainError('CANDIDATE_INELIGIBLE', { memberId: dto.memberId, reasons: eligibility.reasons.join(', '), eligibleFrom: eligibility.eligibleFrom });
      }
      const id = dto.id ?? randomUUID();
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO election_candidacies (cooperative_id, id, election_id, position_id, member_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        [auth.cooperativeId, id, electionId, dto.positionId, dto.memberId, auth.userId],
      );
      if (inserted.length === 0) throw new DomainError('CANDIDACY_EXISTS', { memberId: dto.memberId }, 'conflict');
      await this.audit.record(tx, auth, { action: 'election.candidacy_recorded', entity: 'election_candidacy', entityId: id, after: { electionId, positionId: dto.positionId, memberId: dto.memberId } });
      return { id, positionId: dto.positionId, memberId: dto.memberId, eligibleFrom: eligibility.eligibleFrom };
    });
  }

  /**
   * Records one secret ballot at the polling table. The voter goes to the register, the
   * choices to an anonymous ballot row with a random id and no time, in one transaction;
   * nothing returned or audited ties the two together.
   */
  async castBallot(auth: TenantAuthContext, electionId: string, dto: CastBallotDto): Promise<{ recorded: true; voters: number }> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.assemblyOf(tx, auth, election.assembly_id);
      this.assertMayVote(assembly);
      const attendance = await this.repository.attendance(tx, auth.cooperativeId, assembly.id);
      if (!attendance.some((a) => a.member_id === dto.voterMemberId)) {
        throw new DomainError('VOTER_NOT_IN_ATTENDANCE', { memberId: dto.voterMemberId });
      }
      const positions = await this.repository.positions(tx, auth.cooperativeId, electionId);
      const choices: Record<string, string[]> = {};
      for (const choice of dto.choices) {
        if (!positions.some((p) => p.id === choice.positionId)) throw notFound('POSITION_NOT_FOUND');
        if (choices[choice.positionId] !== undefined) throw new DomainError('POSITION_CHOSEN_TWICE', { positionId: choice.positionId });
        choices[choice.positionId] = choice.memberIds;
      }
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO election_voters (cooperative_id, election_id, member_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING member_id`,
        [auth.cooperativeId, electionId, dto.voterMemberId],
      );
      if (inserted.length === 0) throw new DomainError('ALREADY_VOTED', { memberId: dto.voterMemberId }, 'conflict');
      await tx.query('INSERT INTO election_ballots (cooperative_id, id, election_id, choices) VALUES ($1, $2, $3, $4)', [
        auth.cooperativeId,
        randomUUID(),
        electionId,
        JSON.stringify(choices),
      ]);
      await this.audit.record(tx, auth, { action: 'election.voter_registered', entity: 'election', entityId: electionId, after: { voterMemberId: dto.voterMemberId } });
      return { recorded: true, voters: await this.repository.voterCount(tx, auth.cooperativeId, electionId) };
    });
  }

  private async computeTally(tx: EntityManager, auth: TenantAuthContext, election: ElectionRow): Promise<ElectionTallyView> {
    const bylaws = await this.bylawsOf(tx, auth);
    const positions = await this.repository.positions(tx, auth.cooperativeId, election.id);
    const candidacies = await this.repository.candidacies(tx, auth.cooperativeId, election.id);
    const ballots = await this.repository.ballots(tx, auth.cooperativeId, election.id);
    const voters = await this.repository.voterCount(tx, auth.cooperativeId, election.id);
    const draws = await this.repository.lotDraws(tx, auth.cooperativeId, election.id);
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
    const mandates = (await this.repository.mandates(tx, auth.cooperativeId, election.id)).map((m: MandateRow) => ({
      id: m.id,
      positionId: m.position_id,
      memberId: m.member_id,
      startsOn: m.starts_on,
      endsOn: m.ends_on,
    }));
    const nextRound = await this.repository.nextRound(tx, auth.cooperativeId, election.id);
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

  async tally(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => this.computeTally(tx, auth, await this.electionOf(tx, auth, electionId)));
  }

  async certify(auth: TenantAuthContext, electionId: string): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.assemblyOf(tx, auth, election.assembly_id);
      this.assertMayVote(assembly);
      const result = await this.computeTally(tx, auth, election);
      const blocking = new Set(certificationBlockers(result.positions.map((p) => p.tally), result.nextRoundElectionId !== null).map((t) => t.positionId));
      const undecided = result.positions.filter((p) => blocking.has(p.positionId));
      if (undecided.length > 0) {
        throw new DomainError('TALLY_UNDECIDED', { positions: undecided.map((p) => p.title).join(', '), status: undecided[0].tally.status });
      }
      for (const position of result.positions) {
        const endsOn = mandateEndDate(assembly.held_on, position.termMonths);
        for (const elected of position.tally.elected) {
          await tx.query(
            'INSERT INTO mandates (cooperative_id, election_id, position_id, member_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)',
            [auth.cooperativeId, electionId, position.positionId, elected.memberId, assembly.held_on, endsOn],
          );
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
      await tx.query(
        `UPDATE elections SET status = 'certified', results = $3, certified_by = $4, certified_at = now() WHERE cooperative_id = $1 AND id = $2`,
        [auth.cooperativeId, electionId, JSON.stringify(results), auth.userId],
      );
      const certified = await this.electionOf(tx, auth, electionId);
      const view = await this.computeTally(tx, auth, certified);
      await this.audit.record(tx, auth, { action: 'election.certified', entity: 'election', entityId: electionId, before: { status: 'open' }, after: { status: 'certified', results, mandates: view.mandates } });
      return view;
    });
  }

  /**
   * Records the draw that breaks a tie under the bylaws' 'lot' rule, once per position, and
   * only while that position's count is waiting for it.
   */
  async recordLotDraw(auth: TenantAuthContext, electionId: string, dto: LotDrawDto): Promise<ElectionTallyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const election = await this.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
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
      await tx.query(
        'INSERT INTO election_lot_draws (cooperative_id, election_id, position_id, seed, draw_order, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [auth.cooperativeId, electionId, dto.positionId, dto.seed ?? null, dto.order ?? null, auth.userId],
      );
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
      const election = await this.electionOf(tx, auth, electionId, true);
      if (election.status !== 'open') throw new DomainError('ELECTION_CERTIFIED', { electionId }, 'conflict');
      const assembly = await this.assemblyOf(tx, auth, election.assembly_id);
      this.assertMayVote(assembly);
      const existing = await this.repository.nextRound(tx, auth.cooperativeId, electionId);
      if (existing) throw new DomainError('SECOND_ROUND_EXISTS', { electionId: existing.id }, 'conflict');
      const current = await this.computeTally(tx, auth, election);
      const plan = secondRoundPlan(current.positions.map((p) => p.tally));
      if (plan.length === 0) throw new DomainError('SECOND_ROUND_NOT_REQUIRED', { electionId }, 'conflict');
      const id = dto.id ?? randomUUID();
      if (await this.repository.election(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      const round = election.round + 1;
      await tx.query(
        `INSERT INTO elections (cooperative_id, id, assembly_id, title, status, round, previous_election_id, created_by) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7)`,
        [auth.cooperativeId, id, election.assembly_id, election.title, round, electionId, auth.userId],
      );
      const titleOf = new Map(current.positions.map((p) => [p.positionId, p]));
      for (const [index, planned] of plan.entries()) {
        const first = titleOf.get(planned.positionId);
        const [{ id: positionId }] = await tx.query<{ id: string }[]>(
          'INSERT INTO election_positions (cooperative_id, election_id, position, title, seats, term_months) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [auth.cooperativeId, id, index + 1, first?.title ?? '', planned.seats, first?.termMonths ?? 1],
        );
        for (const memberId of planned.candidateIds) {
          await tx.query(
            'INSERT INTO election_candidacies (cooperative_id, election_id, position_id, member_id, recorded_by) VALUES ($1, $2, $3, $4, $5)',
            [auth.cooperativeId, id, positionId, memberId, auth.userId],
          );
        }
      }
      const positions = (await this.repository.positions(tx, auth.cooperativeId, id)).map(positionView);
      const view: ElectionView = { id, title: election.title, status: 'open', round, previousElectionId: electionId, positions };
      await this.audit.record(tx, auth, { action: 'election.second_round_opened', entity: 'election', entityId: id, after: { ...view, plan } });
      return view;
    });
  }

  // ---------------------------------------------------------------- members' demands

  /**
   * Records a demand for an assembly with its signatories, checked against the members active
   * on the day it was received (a quarter must sign). An insufficient demand is recorded too,
   * marked invalid with every signature that did not count, so that nobody can say it was lost.
   */
  async recordDemand(auth: TenantAuthContext, dto: AssemblyDemandDto): Promise<AssemblyDemandView> {
    return this.db.inScope(auth.scope, async (tx) => {
      assertIsoDate(dto.receivedOn);
      const id = dto.id ?? randomUUID();
      if (await this.repository.demand(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      const active = await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, dto.receivedOn);
      const check = checkAssemblyDemand(dto.signatories, active);
      const agenda = dto.agenda.map((a) => ({ title: a.title.trim(), decisionKind: a.decisionKind }));
      await tx.query(
        `INSERT INTO assembly_demands (cooperative_id, id, received_on, kind, purpose, agenda, signatories, valid, "check", recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [auth.cooperativeId, id, dto.receivedOn, dto.kind, dto.purpose.trim(), JSON.stringify(agenda), [...new Set(dto.signatories)], check.valid, JSON.stringify(check), auth.userId],
      );
      const view = demandView(await this.demandOf(tx, auth, id));
      await this.audit.record(tx, auth, { action: 'assembly_demand.recorded', entity: 'assembly_demand', entityId: id, after: { ...view } });
      return view;
    });
  }

  async listDemands(auth: TenantAuthContext): Promise<AssemblyDemandView[]> {
    return this.db.inScope(auth.scope, async (tx) => (await this.repository.demands(tx, auth.cooperativeId)).map(demandView));
  }

  async getDemand(auth: TenantAuthContext, id: string): Promise<AssemblyDemandView> {
    return this.db.inScope(auth.scope, async (tx) => demandView(await this.demandOf(tx, auth, id)));
  }

  private async demandOf(tx: EntityManager, auth: TenantAuthContext, id: string): Promise<AssemblyDemandRow> {
    const row = await this.repository.demand(tx, auth.cooperativeId, id);
    if (!row) throw notFound('ASSEMBLY_DEMAND_NOT_FOUND');
    return row;
  }

  private async assertAnswerableDemand(tx: EntityManager, auth: TenantAuthContext, demandId: string, kind: AssemblyKind): Promise<void> {
    const demand = await this.demandOf(tx, auth, demandId);
    if (!demand.valid) {
      throw new DomainError('ASSEMBLY_DEMAND_INSUFFICIENT', { signatories: demand.check.signatories, required: demand.check.required });
    }
    if (demand.kind !== kind) throw new DomainError('ASSEMBLY_DEMAND_KIND_MISMATCH', { demanded: demand.kind, kind });
    if (demand.assembly_id !== null) throw new DomainError('ASSEMBLY_DEMAND_ANSWERED', { assemblyId: demand.assembly_id }, 'conflict');
  }

  // ---------------------------------------------------------------- bylaws

  private bylawView(row: BylawVersionRow, today: string): BylawVersionView {
    return {
      id: row.id,
      version: row.version,
      text: row.body,
      settings: row.settings,
      resolutionId: row.resolution_id,
      adoptedOn: row.adopted_on,
      declaredOn: row.declared_on,
      declaration: bylawDeclarationStatus({ adoptedOn: row.adopted_on, today, ...(row.declared_on ? { declaredOn: row.declared_on } : {}) }),
    };
  }

  async listBylaws(auth: TenantAuthContext): Promise<BylawVersionView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const today = localDateIn((await this.cooperativeOf(tx, auth)).timezone);
      return (await this.repository.bylawVersions(tx, auth.cooperativeId)).map((row) => this.bylawView(row, today));
    });
  }

  async adoptBylaws(auth: TenantAuthContext, dto: CreateBylawVersionDto): Promise<BylawVersionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.cooperativeOf(tx, auth);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bylaws:${auth.cooperativeId}`]);
      const current = await this.repository.currentBylaws(tx, auth.cooperativeId);
      const settings = this.checkedSettings(cooperative, dto);
      let adoptedOn: string;
      if (dto.resolutionId !== undefined) {
        const resolution = await this.repository.resolution(tx, auth.cooperativeId, dto.resolutionId);
        if (!resolution) throw notFound('RESOLUTION_NOT_FOUND');
        const assembly = await this.assemblyOf(tx, auth, resolution.assembly_id);
        if (resolution.decision_kind !== 'bylaw_amendment' || !resolution.adopted || assembly.kind !== BYLAW_ASSEMBLY_KIND) {
          throw new DomainError('BYLAW_RESOLUTION_INVALID', {
            resolutionId: resolution.id,
            decisionKind: resolution.decision_kind,
            adopted: resolution.adopted,
            assemblyKind: assembly.kind,
          });
        }
        if (dto.adoptedOn !== undefined && dto.adoptedOn !== assembly.held_on) throw new DomainError('ADOPTION_DATE_IS_ASSEMBLY_DATE', { heldOn: assembly.held_on });
        adoptedOn = assembly.held_on;
      } else {
        if (current !== undefined) throw new DomainError('BYLAW_RESOLUTION_REQUIRED');
        if (dto.adoptedOn === undefined) throw new DomainError('ADOPTION_DATE_REQUIRED');
        adoptedOn = assertIsoDate(dto.adoptedOn);
      }
      const id = dto.id ?? randomUUID();
      const version = (current?.version ?? 0) + 1;
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO bylaw_versions (cooperative_id, id, version, body, settings, resolution_id, adopted_on, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
        [auth.cooperativeId, id, version, dto.text, JSON.stringify(settings), dto.resolutionId ?? null, adoptedOn, auth.userId],
      );
      if (inserted.length === 0) throw new DomainError('BYLAW_VERSION_CONFLICT', { id, resolutionId: dto.resolutionId ?? null }, 'conflict');
      const row = await this.repository.bylawVersion(tx, auth.cooperativeId, id);
      if (!row) throw notFound('BYLAW_VERSION_NOT_FOUND');
      const view = this.bylawView(row, localDateIn(cooperative.timezone));
      await this.audit.record(tx, auth, { action: 'bylaws.adopted', entity: 'bylaw_version', entityId: id, after: { version, settings, resolutionId: row.resolution_id, adoptedOn } });
      return view;
    });
  }

  /** Settings are checked against the rules once, at adoption, rather than failing at the next assembly. */
  private checkedSettings(cooperative: CooperativeRow, dto: CreateBylawVersionDto): GovernanceBylaws {
    const settings: GovernanceBylaws = Object.fromEntries(Object.entries(dto.settings).filter(([, value]) => value !== undefined));
    for (const kind of ['constitutive', 'ordinary', 'extraordinary'] as const) {
      for (const call of [1, 2] as const) applicableQuorum(cooperative.legal_form, kind, call, settings);
    }
    return settings;
  }

  async declareBylaws(auth: TenantAuthContext, versionId: string, dto: DeclareBylawDto): Promise<BylawVersionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.cooperativeOf(tx, auth);
      const row = await this.repository.bylawVersion(tx, auth.cooperativeId, versionId);
      if (!row) throw notFound('BYLAW_VERSION_NOT_FOUND');
      if (row.declared_on !== null) throw new DomainError('BYLAWS_ALREADY_DECLARED', { declaredOn: row.declared_on }, 'conflict');
      const today = localDateIn(cooperative.timezone);
      const declaration = bylawDeclarationStatus({ adoptedOn: row.adopted_on, declaredOn: assertIsoDate(dto.declaredOn), today });
      await tx.query('UPDATE bylaw_versions SET declared_on = $3 WHERE cooperative_id = $1 AND id = $2', [auth.cooperativeId, versionId, dto.declaredOn]);
      await this.audit.record(tx, auth, { action: 'bylaws.declared', entity: 'bylaw_version', entityId: versionId, before: { declaredOn: null }, after: { declaredOn: dto.declaredOn, declaration } });
      return this.bylawView({ ...row, declared_on: dto.declaredOn }, today);
    });
  }

  // ---------------------------------------------------------------- minutes

  async minutes(auth: TenantAuthContext, assemblyId: string): Promise<MinutesData> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.cooperativeOf(tx, auth);
      const assembly = await this.detail(tx, auth, assemblyId);
      const agenda = await this.repository.agenda(tx, auth.cooperativeId, assemblyId);
      const elections: MinutesData['elections'] = [];
      for (const election of await this.repository.electionsOf(tx, auth.cooperativeId, assemblyId)) {
        elections.push({ title: election.title, tally: await this.computeTally(tx, auth, election) });
      }
      const ids = [...new Set(elections.flatMap((e) => e.tally.positions.flatMap((p) => p.tally.elected.map((c) => c.memberId))))];
      const members = await this.repository.membersOn(tx, auth.cooperativeId, assembly.heldOn, ids);
      const memberNames = new Map(members.map((m) => [m.id, `${m.first_name} ${m.last_name} (${m.member_number})`]));
      return { cooperative, assembly, agenda, elections, memberNames };
    });
  }
}
