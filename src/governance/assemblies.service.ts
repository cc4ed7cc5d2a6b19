import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { MemberStandingRepository } from '../miners/member-standing.repository.js';
import { AssembliesRepository } from './assemblies.repository.js';
import { type AssemblyDetailView, type AssemblyView, assemblyView } from './dto/assembly.view.js';
import type { AssemblyAttendanceDto, ConveneAssemblyDto } from './dto/governance.dto.js';
import { GovernanceContext } from './governance.context.js';
import {
  assertAnswerableDemand,
  assertAttendanceAccepted,
  attendanceEntriesOf,
  checkNotice,
  firstCallHeldOn,
  type NoticeCheck,
  validateAttendance,
} from './rules/index.js';

/** General assemblies: convened with notice and agenda, their attendance taken, then opened on a quorum. */
@Injectable()
export class AssembliesService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly assemblies: AssembliesRepository,
    private readonly standing: MemberStandingRepository,
    private readonly audit: AuditService,
  ) {}

  async convene(auth: TenantAuthContext, dto: ConveneAssemblyDto): Promise<AssemblyView> {
    return this.db.tenant(auth, async (tx) => {
      const notice = await this.checkedNotice(tx, dto);
      const id = dto.id ?? randomUUID();
      if (await this.assemblies.assembly(tx, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await this.assemblies.insertAssembly(tx, {
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
        await this.assemblies.insertAgendaItem(tx, id, { position: index + 1, title: item.title.trim(), decisionKind: item.decisionKind });
      }
      const view = assemblyView(await this.context.assemblyOf(tx, id), await this.assemblies.agenda(tx, id));
      await this.audit.record(tx, auth, { action: 'assembly.convened', entity: 'assembly', entityId: id, after: { ...view, notice } });
      return view;
    });
  }

  /** The notice the dates give under the legal form and bylaws, after the second-call and demand checks. */
  private async checkedNotice(tx: TenantTx, dto: ConveneAssemblyDto): Promise<NoticeCheck> {
    const bylaws = await this.context.bylawsOf(tx);
    assertIsoDate(dto.heldOn);
    const legalForm = await this.context.legalFormOn(tx, dto.heldOn);
    assertIsoDate(dto.noticeOn);
    const first = dto.callNumber === 2 && dto.firstCallAssemblyId !== undefined ? await this.assemblies.assembly(tx, dto.firstCallAssemblyId) : undefined;
    const firstHeldOn = firstCallHeldOn(
      dto.callNumber,
      dto.firstCallAssemblyId,
      first && { id: first.id, kind: first.kind, callNumber: first.call_number, quorumReached: first.quorum_reached, heldOn: first.held_on },
      dto.kind,
    );
    if (dto.demandId !== undefined) {
      const demand = await this.context.demandOf(tx, dto.demandId);
      assertAnswerableDemand({ kind: demand.kind, valid: demand.valid, check: demand.check, assemblyId: demand.assembly_id }, dto.kind);
    }
    return checkNotice(
      { legalForm, kind: dto.kind, call: dto.callNumber, convenedOn: dto.noticeOn, heldOn: dto.heldOn, ...(firstHeldOn ? { firstCallHeldOn: firstHeldOn } : {}) },
      bylaws,
    );
  }

  async list(auth: TenantAuthContext): Promise<AssemblyView[]> {
    return this.db.tenant(auth, async (tx) => {
      const views: AssemblyView[] = [];
      for (const row of await this.assemblies.assemblies(tx)) views.push(assemblyView(row, await this.assemblies.agenda(tx, row.id)));
      return views;
    });
  }

  async get(auth: TenantAuthContext, id: string): Promise<AssemblyDetailView> {
    return this.db.tenant(auth, (tx) => this.context.assemblyDetail(tx, id));
  }

  async recordAttendance(auth: TenantAuthContext, id: string, dto: AssemblyAttendanceDto): Promise<AssemblyDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, id, true);
      if (assembly.status !== 'convened') throw new DomainError('ASSEMBLY_ALREADY_OPEN', { assemblyId: id }, 'conflict');
      const entries = attendanceEntriesOf(dto.entries);
      const active = await this.standing.activeMemberIdsOn(tx, assembly.held_on);
      const counts = assertAttendanceAccepted(validateAttendance(entries, active, await this.context.bylawsOf(tx)));
      const before = await this.assemblies.attendance(tx, id);
      await this.assemblies.replaceAttendance(
        tx,
        id,
        entries.map((entry) => ({ memberId: entry.memberId, mode: entry.mode, proxyHolderId: entry.mode === 'represented' ? entry.proxyHolderId : null })),
      );
      await this.audit.record(tx, auth, {
        action: 'assembly.attendance_recorded',
        entity: 'assembly',
        entityId: id,
        before: { attendance: before },
        after: { attendance: entries, present: counts.present, represented: counts.represented },
      });
      return this.context.assemblyDetail(tx, id);
    });
  }

  /** Records the quorum the attendance gives; votes are taken only if it was reached. */
  async open(auth: TenantAuthContext, id: string): Promise<AssemblyDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, id, true);
      if (assembly.status !== 'convened') throw new DomainError('ASSEMBLY_ALREADY_OPEN', { assemblyId: id }, 'conflict');
      const quorum = await this.context.liveQuorum(tx, assembly, await this.assemblies.attendance(tx, id));
      await this.assemblies.markOpen(tx, id, quorum, auth.userId);
      await this.audit.record(tx, auth, { action: 'assembly.opened', entity: 'assembly', entityId: id, before: { status: 'convened' }, after: { status: 'open', quorum } });
      return this.context.assemblyDetail(tx, id);
    });
  }
}
