import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.service.js';
import type { AssemblyDemandDto, ConveneAssemblyDto, CreateBylawVersionDto, DeclareBylawDto, RecordAttendanceDto, RecordResolutionDto } from './dto/governance.dto.js';
import { ElectionsRepository } from './elections.repository.js';
import { ElectionsService } from './elections.service.js';
import { GovernanceContext } from './governance.context.js';
import { type AssemblyDemandRow, type AssemblyRow, type AttendanceRow, type BylawVersionRow, type CooperativeRow, GovernanceRepository } from './governance.repository.js';
import {
  type AssemblyDemandView,
  type AssemblyDetail,
  type AssemblyView,
  assemblyView,
  BYLAW_ASSEMBLY_KIND,
  type BylawVersionView,
  demandView,
  type MinutesData,
  notFound,
  type ResolutionView,
  resolutionView,
} from './governance.views.js';
import {
  type AssemblyKind,
  type AttendanceEntry,
  type AttendanceProblem,
  applicableQuorum,
  assertIsoDate,
  bylawDeclarationStatus,
  checkAssemblyDemand,
  checkNotice,
  computeQuorum,
  decideResolution,
  type GovernanceBylaws,
  type QuorumResult,
  validateAttendance,
} from './rules/index.js';

export type { AssemblyDemandView, AssemblyDetail, AssemblyView, BylawVersionView, CandidacyView, ElectionTallyView, ElectionView, MinutesData, ResolutionView } from './governance.views.js';

/** Assemblies, their attendance and resolutions, members' demands, bylaws and minutes. */
@Injectable()
export class GovernanceService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly repository: GovernanceRepository,
    private readonly elections: ElectionsRepository,
    private readonly electionsService: ElectionsService,
    private readonly audit: AuditService,
  ) {}

  private async liveQuorum(tx: EntityManager, auth: TenantAuthContext, assembly: AssemblyRow, attendance: readonly AttendanceRow[]): Promise<QuorumResult> {
    const legalForm = await this.context.legalFormOn(tx, auth, assembly.held_on);
    const bylaws = await this.context.bylawsOf(tx, auth);
    const active = await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, assembly.held_on);
    const present = attendance.filter((a) => a.mode === 'present').length;
    return computeQuorum(
      { legalForm, kind: assembly.kind, call: assembly.call_number, activeMembers: active.length, present, represented: attendance.length - present },
      bylaws,
    );
  }

  // ---------------------------------------------------------------- assemblies

  async convene(auth: TenantAuthContext, dto: ConveneAssemblyDto): Promise<AssemblyView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const bylaws = await this.context.bylawsOf(tx, auth);
      assertIsoDate(dto.heldOn);
      const legalForm = await this.context.legalFormOn(tx, auth, dto.heldOn);
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
        { legalForm, kind: dto.kind, call: dto.callNumber, convenedOn: dto.noticeOn, heldOn: dto.heldOn, ...(firstCallHeldOn ? { firstCallHeldOn } : {}) },
        bylaws,
      );
      const id = dto.id ?? randomUUID();
      if (await this.repository.assembly(tx, auth.cooperativeId, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await this.repository.insertAssembly(tx, {
        cooperativeId: auth.cooperativeId,
        id,
        kind: dto.kind,
        heldOn: dto.heldOn,
        place: dto.place.trim(),
        callNumber: dto.callNumber,
        firstCallAssemblyId: dto.firstCallAssemblyId ?? null,
        noticeOn: dto.noticeOn,
        noticeRule: notice.rule,
        createdBy: auth.userId,
        demandId: dto.demandId ?? null,
      });
      for (const [index, item] of dto.agenda.entries()) {
        await this.repository.insertAgendaItem(tx, auth.cooperativeId, id, { position: index + 1, title: item.title.trim(), decisionKind: item.decisionKind });
      }
      const row = await this.context.assemblyOf(tx, auth, id);
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
    const row = await this.context.assemblyOf(tx, auth, id);
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
      elections: (await this.elections.electionsOf(tx, auth.cooperativeId, id)).map((e) => ({ id: e.id, title: e.title, status: e.status })),
    };
  }

  async recordAttendance(auth: TenantAuthContext, id: string, dto: RecordAttendanceDto): Promise<AssemblyDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, auth, id, true);
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
      const check = validateAttendance(entries, active, await this.context.bylawsOf(tx, auth));
      if (!check.valid) {
        const problems: readonly AttendanceProblem[] = check.problems;
        const errors = problems.map((p) => ({ field: p.memberId, code: p.code, message: p.proxyHolderId ? `${p.code} (${p.proxyHolderId})` : p.code }));
        throw new DomainError('ATTENDANCE_INVALID', { count: problems.length }, 'invalid', errors);
      }
      const before = await this.repository.attendance(tx, auth.cooperativeId, id);
      await this.repository.replaceAttendance(
        tx,
        auth.cooperativeId,
        id,
        entries.map((entry) => ({ memberId: entry.memberId, mode: entry.mode, proxyHolderId: entry.mode === 'represented' ? entry.proxyHolderId : null })),
      );
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
      const assembly = await this.context.assemblyOf(tx, auth, id, true);
      if (assembly.status !== 'convened') throw new DomainError('ASSEMBLY_ALREADY_OPEN', { assemblyId: id }, 'conflict');
      const attendance = await this.repository.attendance(tx, auth.cooperativeId, id);
      const quorum = await this.liveQuorum(tx, auth, assembly, attendance);
      await this.repository.markOpen(tx, auth.cooperativeId, id, quorum, auth.userId);
      await this.audit.record(tx, auth, { action: 'assembly.opened', entity: 'assembly', entityId: id, before: { status: 'convened' }, after: { status: 'open', quorum } });
      return this.detail(tx, auth, id);
    });
  }

  // ---------------------------------------------------------------- resolutions

  async recordResolution(auth: TenantAuthContext, assemblyId: string, dto: RecordResolutionDto): Promise<ResolutionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, auth, assemblyId, true);
      const quorum = this.context.assertMayVote(assembly);
      const item = (await this.repository.agenda(tx, auth.cooperativeId, assemblyId)).find((a) => a.id === dto.agendaItemId);
      if (!item) throw notFound('AGENDA_ITEM_NOT_FOUND');
      const result = decideResolution({
        legalForm: await this.context.legalFormOn(tx, auth, assembly.held_on),
        assemblyKind: assembly.kind,
        decision: item.decision_kind,
        votes: { for: dto.for, against: dto.against, abstain: dto.abstain },
        voters: quorum.counted,
      });
      const id = dto.id ?? randomUUID();
      const inserted = await this.repository.insertResolution(tx, {
        cooperativeId: auth.cooperativeId,
        id,
        assemblyId,
        agendaItemId: item.id,
        decisionKind: item.decision_kind,
        for: result.for,
        against: result.against,
        abstain: result.abstain,
        adopted: result.adopted,
        rule: result.rule,
        recordedBy: auth.userId,
      });
      if (!inserted) throw new DomainError('AGENDA_ITEM_ALREADY_VOTED', { agendaItemId: item.id }, 'conflict');
      const row = await this.repository.resolution(tx, auth.cooperativeId, id);
      if (!row) throw notFound('RESOLUTION_NOT_FOUND');
      const view = resolutionView(row);
      await this.audit.record(tx, auth, { action: 'resolution.recorded', entity: 'resolution', entityId: id, after: { ...view, assemblyId, threshold: result.threshold, cast: result.cast } });
      return view;
    });
  }

  async listResolutions(auth: TenantAuthContext, assemblyId: string): Promise<ResolutionView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      await this.context.assemblyOf(tx, auth, assemblyId);
      return (await this.repository.resolutions(tx, auth.cooperativeId, assemblyId)).map(resolutionView);
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
      await this.context.assertMembersOfCooperative(tx, auth, dto.signatories);
      const active = await this.repository.activeMemberIdsOn(tx, auth.cooperativeId, dto.receivedOn);
      const check = checkAssemblyDemand(dto.signatories, active);
      const agenda = dto.agenda.map((a) => ({ title: a.title.trim(), decisionKind: a.decisionKind }));
      await this.repository.insertDemand(tx, {
        cooperativeId: auth.cooperativeId,
        id,
        receivedOn: dto.receivedOn,
        kind: dto.kind,
        purpose: dto.purpose.trim(),
        agenda,
        signatories: [...new Set(dto.signatories)],
        valid: check.valid,
        check,
        recordedBy: auth.userId,
      });
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
      const today = localDateIn((await this.context.cooperativeOf(tx, auth)).timezone);
      return (await this.repository.bylawVersions(tx, auth.cooperativeId)).map((row) => this.bylawView(row, today));
    });
  }

  async adoptBylaws(auth: TenantAuthContext, dto: CreateBylawVersionDto): Promise<BylawVersionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.context.cooperativeOf(tx, auth);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bylaws:${auth.cooperativeId}`]);
      const current = await this.repository.currentBylaws(tx, auth.cooperativeId);
      const settings = this.checkedSettings(cooperative, dto);
      let adoptedOn: string;
      if (dto.resolutionId !== undefined) {
        const resolution = await this.repository.resolution(tx, auth.cooperativeId, dto.resolutionId);
        if (!resolution) throw notFound('RESOLUTION_NOT_FOUND');
        const assembly = await this.context.assemblyOf(tx, auth, resolution.assembly_id);
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
      const inserted = await this.repository.insertBylawVersion(tx, {
        cooperativeId: auth.cooperativeId,
        id,
        version,
        body: dto.text,
        settings,
        resolutionId: dto.resolutionId ?? null,
        adoptedOn,
        recordedBy: auth.userId,
      });
      if (!inserted) throw new DomainError('BYLAW_VERSION_CONFLICT', { id, resolutionId: dto.resolutionId ?? null }, 'conflict');
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
      const cooperative = await this.context.cooperativeOf(tx, auth);
      const row = await this.repository.bylawVersion(tx, auth.cooperativeId, versionId);
      if (!row) throw notFound('BYLAW_VERSION_NOT_FOUND');
      if (row.declared_on !== null) throw new DomainError('BYLAWS_ALREADY_DECLARED', { declaredOn: row.declared_on }, 'conflict');
      const today = localDateIn(cooperative.timezone);
      const declaration = bylawDeclarationStatus({ adoptedOn: row.adopted_on, declaredOn: assertIsoDate(dto.declaredOn), today });
      await this.repository.markDeclared(tx, auth.cooperativeId, versionId, dto.declaredOn);
      await this.audit.record(tx, auth, { action: 'bylaws.declared', entity: 'bylaw_version', entityId: versionId, before: { declaredOn: null }, after: { declaredOn: dto.declaredOn, declaration } });
      return this.bylawView({ ...row, declared_on: dto.declaredOn }, today);
    });
  }

  // ---------------------------------------------------------------- minutes

  async minutes(auth: TenantAuthContext, assemblyId: string): Promise<MinutesData> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.context.cooperativeOf(tx, auth);
      const assembly = await this.detail(tx, auth, assemblyId);
      const agenda = await this.repository.agenda(tx, auth.cooperativeId, assemblyId);
      const elections: MinutesData['elections'] = [];
      // An election whose poll is still open has nothing to show yet.
      for (const election of await this.elections.electionsOf(tx, auth.cooperativeId, assemblyId)) {
        if (election.status !== 'open') elections.push({ title: election.title, tally: await this.electionsService.computeTally(tx, auth, election) });
      }
      const ids = [...new Set(elections.flatMap((e) => e.tally.positions.flatMap((p) => p.tally.elected.map((c) => c.memberId))))];
      const members = await this.repository.membersOn(tx, auth.cooperativeId, assembly.heldOn, ids);
      const memberNames = new Map(members.map((m) => [m.id, `${m.first_name} ${m.last_name} (${m.member_number})`]));
      return { cooperative, assembly, agenda, elections, memberNames };
    });
  }
}
