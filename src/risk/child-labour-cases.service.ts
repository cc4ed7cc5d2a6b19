import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { caseDetailsOf } from './case-details.js';
import { caseViewerOf } from './case-viewer.js';
import type { ChildLabourCase } from './child-labour-case.entity.js';
import { ChildLabourCasesRepository } from './child-labour-cases.repository.js';
import type { CasePartnerView, ChildLabourCaseView } from './dto/child-labour-case.view.js';
import type { CreateCasePartnerDto, OpenCaseDto, RecordVisitDto, UpdateCaseDto } from './dto/child-labour-case.dto.js';
import { RiskFlagsRepository } from './risk-flags.repository.js';
import { RiskFlagsService } from './risk-flags.service.js';
import { assertCaseTransition, canSeeCaseDetails, type ChildLabourCaseView as CaseDetails, redactCaseForRole, type RemediationPlanItem } from './rules/child-labour-case.js';
import { utcMidnightOf } from '../common/time-zone.js';

const viewerOf = caseViewerOf;

/**
 * Child-labour cases opened from a flag. The child's details are for admins and the case's
 * designated officers only: everyone else gets redactCaseForRole's status-and-counts view,
 * and the audit trail (which auditors read) never carries the child's identity.
 */
@Injectable()
export class ChildLabourCasesService {
  constructor(
    private readonly db: Db,
    private readonly repository: ChildLabourCasesRepository,
    private readonly flagsRepository: RiskFlagsRepository,
    private readonly audit: AuditService,
    private readonly flags: RiskFlagsService,
  ) {}

  async open(auth: TenantAuthContext, dto: OpenCaseDto): Promise<ChildLabourCaseView> {
    if (dto.identifiedOn) utcMidnightOf(dto.identifiedOn);
    if (dto.child.birthDate) utcMidnightOf(dto.child.birthDate);
    return this.db.tenant(auth, async (tx) => {
      const flag = await this.flagsRepository.flagById(tx, dto.flagId);
      if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
      if (flag.category !== 'worst_forms_child_labour') throw new DomainError('CASE_FLAG_NOT_CHILD_LABOUR', { category: flag.category });
      const officers = new Set(dto.caseOfficerUserIds ?? []);
      if (hasRole(auth, 'officer') && !hasRole(auth, 'admin')) officers.add(auth.userId);
      await this.assertOfficers(tx, [...officers]);
      const identifiedOn = dto.identifiedOn ?? (await this.flags.localToday(tx));
      const created = await this.repository.insertCase(tx, {
        id: dto.id ?? null,
        flagId: flag.id,
        siteId: flag.siteId,
        identifiedOn,
        caseOfficerUserIds: [...officers],
        child: {
          fullName: dto.child.fullName,
          sex: dto.child.sex,
          birthDate: dto.child.birthDate ?? null,
          ageYears: dto.child.ageYears ?? null,
          school: dto.child.school ?? null,
          village: dto.child.village ?? null,
        },
        guardian: dto.guardian ? { fullName: dto.guardian.fullName, relationship: dto.guardian.relationship, phone: dto.guardian.phone ?? null } : null,
        createdByUserId: auth.userId,
      });
      if (created === null) throw new DomainError('CASE_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'child_labour_case.open',
        entity: 'child_labour_case',
        entityId: created,
        after: { flagId: flag.id, state: 'identified', identifiedOn, caseOfficerUserIds: [...officers] },
      });
      return this.view(tx, auth, created);
    });
  }

  async list(auth: TenantAuthContext): Promise<ChildLabourCaseView[]> {
    return this.db.tenant(auth, async (tx) => {
      const views = await this.fullViews(tx, await this.repository.cases(tx));
      return views.map((view) => redactCaseForRole(view, viewerOf(auth)));
    });
  }

  async get(auth: TenantAuthContext, caseId: string): Promise<ChildLabourCaseView> {
    return this.db.tenant(auth, (tx) => this.view(tx, auth, caseId));
  }

  /** A state move, the referral, the plan and the designated officers: admins and designated officers only. */
  async update(auth: TenantAuthContext, caseId: string, dto: UpdateCaseDto): Promise<ChildLabourCaseView> {
    if (dto.referredOn) utcMidnightOf(dto.referredOn);
    for (const item of dto.planItems ?? []) if (item.dueDate) utcMidnightOf(item.dueDate);
    return this.db.tenant(auth, async (tx) => {
      const record = await this.lockForWork(tx, auth, caseId);
      if (record.state === 'closed') throw new DomainError('CASE_CLOSED', {}, 'conflict');
      const changes = await this.caseChanges(tx, record, dto);
      if (Object.keys(changes).length === 0) throw new DomainError('CASE_NOTHING_TO_UPDATE', {}, 'bad_request');
      await this.repository.updateCase(tx, caseId, { ...changes, updatedAt: new Date() });
      await this.audit.record(tx, auth, {
        action: dto.to ? 'child_labour_case.transition' : 'child_labour_case.update',
        entity: 'child_labour_case',
        entityId: caseId,
        before: this.auditableFields(record),
        after: this.auditableFields({ ...record, ...changes }),
      });
      return this.view(tx, auth, caseId);
    });
  }

  async recordVisit(auth: TenantAuthContext, caseId: string, dto: RecordVisitDto): Promise<ChildLabourCaseView> {
    utcMidnightOf(dto.visitedOn);
    return this.db.tenant(auth, async (tx) => {
      await this.appendVisit(tx, auth, await this.lockForWork(tx, auth, caseId), dto);
      return this.view(tx, auth, caseId);
    });
  }

  /** A follow-up visit to a locked case the caller may work on (a case officer here, or the partner it was referred to), audited. */
  async appendVisit(tx: TenantTx, auth: TenantAuthContext, record: ChildLabourCase, dto: RecordVisitDto): Promise<void> {
    utcMidnightOf(dto.visitedOn);
    if (record.state === 'closed') throw new DomainError('CASE_CLOSED', {}, 'conflict');
    if (dto.visitedOn < record.identifiedOn) throw new DomainError('CASE_VISIT_BEFORE_IDENTIFICATION', { visitedOn: dto.visitedOn, identifiedOn: record.identifiedOn });
    if (dto.visitedOn > (await this.flags.localToday(tx))) throw new DomainError('CASE_VISIT_IN_FUTURE', { visitedOn: dto.visitedOn });
    const created = await this.repository.insertVisit(tx, {
      id: dto.id ?? null,
      caseId: record.id,
      visitedOn: dto.visitedOn,
      visitedByUserId: auth.userId,
      notes: dto.notes,
      childAttendingSchool: dto.childAttendingSchool ?? null,
    });
    if (created === null) throw new DomainError('CASE_VISIT_EXISTS', { id: dto.id }, 'conflict');
    await this.audit.record(tx, auth, {
      action: 'child_labour_case.visit',
      entity: 'child_labour_case_visit',
      entityId: created,
      after: { caseId: record.id, visitedOn: dto.visitedOn },
    });
  }

  async createPartner(auth: TenantAuthContext, dto: CreateCasePartnerDto): Promise<CasePartnerView> {
    return this.db.tenant(auth, async (tx) => {
      const created = await this.repository.insertPartner(tx, { id: dto.id ?? null, name: dto.name, kind: dto.kind, contact: dto.contact ?? null });
      if (created === null) throw new DomainError('CASE_PARTNER_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'case_partner.create',
        entity: 'case_partner',
        entityId: created,
        after: { name: dto.name, kind: dto.kind, contact: dto.contact ?? null },
      });
      const partner = await this.repository.partnerById(tx, created);
      if (!partner) throw new Error('The case partner just written is missing');
      return partner;
    });
  }

  async listPartners(auth: TenantAuthContext): Promise<CasePartnerView[]> {
    return this.db.tenant(auth, (tx) => this.repository.partners(tx));
  }

  // ---------------------------------------------------------------- helpers

  /** What an update changes on the case, each part checked: the referral, the plan, the officers, a state move. */
  private async caseChanges(tx: TenantTx, record: ChildLabourCase, dto: UpdateCaseDto): Promise<Partial<ChildLabourCase>> {
    const changes: Partial<ChildLabourCase> = {};
    if (dto.partnerId !== undefined || dto.referredOn !== undefined) {
      const partnerId = dto.partnerId ?? record.partnerId;
      if (!partnerId) throw new DomainError('CASE_PARTNER_REQUIRED');
      if (!(await this.repository.partnerById(tx, partnerId))) throw new DomainError('CASE_PARTNER_NOT_FOUND', {}, 'invalid');
      changes.partnerId = partnerId;
      changes.referredOn = dto.referredOn ?? record.referredOn ?? (await this.flags.localToday(tx));
    }
    if (dto.planItems) {
      const ids = new Set<string>();
      changes.planItems = dto.planItems.map((item): RemediationPlanItem => {
        const id = item.id ?? randomUUID();
        if (ids.has(id)) throw new DomainError('CASE_PLAN_ITEM_DUPLICATE', { id });
        ids.add(id);
        return { id, kind: item.kind, description: item.description, status: item.status, dueDate: item.dueDate ?? null };
      });
    }
    if (dto.caseOfficerUserIds) {
      await this.assertOfficers(tx, dto.caseOfficerUserIds);
      changes.caseOfficerUserIds = dto.caseOfficerUserIds;
    }
    if (dto.to !== undefined) {
      assertCaseTransition(record.state, dto.to, { outcome: dto.outcome ?? null, reason: dto.reason ?? null });
      if (dto.to === 'referred' && !(changes.partnerId ?? record.partnerId)) throw new DomainError('CASE_PARTNER_REQUIRED');
      changes.state = dto.to;
      if (dto.to === 'closed') {
        changes.outcome = dto.outcome ?? null;
        changes.outcomeReason = dto.reason ?? null;
        changes.closedOn = await this.flags.localToday(tx);
      }
    } else if (dto.outcome !== undefined || dto.reason !== undefined) {
      throw new DomainError('CASE_TRANSITION_REQUIRED');
    }
    return changes;
  }

  /** Case officers are cooperative officers: a treasurer or auditor named here would still see nothing. */
  private async assertOfficers(tx: TenantTx, userIds: readonly string[]): Promise<void> {
    const found = await this.repository.officersAmong(tx, userIds);
    const missing = userIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new DomainError('CASE_OFFICER_NOT_OFFICER', { userIds: missing });
  }

  /** Only those who may see the details may work on the case; others learn nothing more than the list tells them. */
  private async lockForWork(tx: TenantTx, auth: TenantAuthContext, caseId: string): Promise<ChildLabourCase> {
    const record = await this.repository.lockCase(tx, caseId);
    if (!record) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    const [view] = await this.fullViews(tx, [record]);
    if (!view || !canSeeCaseDetails(view, viewerOf(auth))) throw new DomainError('CASE_ACCESS_DENIED', {}, 'forbidden');
    return record;
  }

  private auditableFields(record: ChildLabourCase): Record<string, unknown> {
    return {
      state: record.state,
      outcome: record.outcome,
      closedOn: record.closedOn,
      partnerId: record.partnerId,
      referredOn: record.referredOn,
      planItemCount: record.planItems.length,
      caseOfficerUserIds: record.caseOfficerUserIds,
    };
  }

  private async view(tx: TenantTx, auth: TenantAuthContext, caseId: string): Promise<ChildLabourCaseView> {
    const record = await this.repository.caseById(tx, caseId);
    if (!record) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    const [view] = await this.fullViews(tx, [record]);
    if (!view) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    return redactCaseForRole(view, viewerOf(auth));
  }

  private async fullViews(tx: TenantTx, cases: readonly ChildLabourCase[]): Promise<CaseDetails[]> {
    if (cases.length === 0) return [];
    return caseDetailsOf(cases, await this.repository.visitsOfCases(tx, cases.map((record) => record.id)), await this.repository.partners(tx));
  }
}
