import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { CasePartner, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import type { CreateCasePartnerDto, OpenCaseDto, RecordVisitDto, UpdateCaseDto } from './dto/child-labour-case.dto.js';
import { RiskFlag } from './risk-flag.entity.js';
import { RiskFlagsService } from './risk-flags.service.js';
import { caseViewerOf } from './case-viewer.js';
import {
  assertCaseTransition,
  canSeeCaseDetails,
  redactCaseForRole,
  type ChildLabourCaseView,
  type RedactedChildLabourCase,
  type RemediationPlanItem,
} from './rules/child-labour-case.js';
import { utcMidnightOf } from './rules/dates.js';

export type CaseView = ChildLabourCaseView | RedactedChildLabourCase;

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
    private readonly audit: AuditService,
    private readonly flags: RiskFlagsService,
  ) {}

  async open(auth: TenantAuthContext, dto: OpenCaseDto): Promise<CaseView> {
    if (dto.identifiedOn) utcMidnightOf(dto.identifiedOn);
    if (dto.child.birthDate) utcMidnightOf(dto.child.birthDate);
    return this.db.inScope(auth.scope, async (tx) => {
      const flag = await tx.findOneBy(RiskFlag, { cooperativeId: auth.cooperativeId, id: dto.flagId });
      if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
      if (flag.category !== 'worst_forms_child_labour') throw new DomainError('CASE_FLAG_NOT_CHILD_LABOUR', { category: flag.category });
      const officers = new Set(dto.caseOfficerUserIds ?? []);
      if (hasRole(auth, 'officer') && !hasRole(auth, 'admin')) officers.add(auth.userId);
      await this.assertOfficers(tx, auth.cooperativeId, [...officers]);
      const identifiedOn = dto.identifiedOn ?? (await this.flags.localToday(tx, auth.cooperativeId));
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO child_labour_cases (cooperative_id, id, flag_id, site_id, identified_on, case_officer_user_ids, child_name, child_sex,
                                         child_birth_date, child_age_years, child_school, child_village, guardian, created_by_user_id)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
        [
          auth.cooperativeId,
          dto.id ?? null,
          flag.id,
          flag.siteId,
          identifiedOn,
          [...officers],
          dto.child.fullName,
          dto.child.sex,
          dto.child.birthDate ?? null,
          dto.child.ageYears ?? null,
          dto.child.school ?? null,
          dto.child.village ?? null,
          dto.guardian ? JSON.stringify({ fullName: dto.guardian.fullName, relationship: dto.guardian.relationship, phone: dto.guardian.phone ?? null }) : null,
          auth.userId,
        ],
      );
      const created = inserted[0];
      if (!created) throw new DomainError('CASE_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'child_labour_case.open',
        entity: 'child_labour_case',
        entityId: created.id,
        after: { flagId: flag.id, state: 'identified', identifiedOn, caseOfficerUserIds: [...officers] },
      });
      return this.view(tx, auth, created.id);
    });
  }

  async list(auth: TenantAuthContext): Promise<CaseView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cases = await tx.find(ChildLabourCase, { where: { cooperativeId: auth.cooperativeId }, order: { identifiedOn: 'DESC', id: 'ASC' } });
      const views = await this.fullViews(tx, auth.cooperativeId, cases);
      return views.map((view) => redactCaseForRole(view, viewerOf(auth)));
    });
  }

  async get(auth: TenantAuthContext, caseId: string): Promise<CaseView> {
    return this.db.inScope(auth.scope, (tx) => this.view(tx, auth, caseId));
  }

  /** A state move, the referral, the plan and the designated officers: admins and designated officers only. */
  async update(auth: TenantAuthContext, caseId: string, dto: UpdateCaseDto): Promise<CaseView> {
    if (dto.referredOn) utcMidnightOf(dto.referredOn);
    for (const item of dto.planItems ?? []) if (item.dueDate) utcMidnightOf(item.dueDate);
    return this.db.inScope(auth.scope, async (tx) => {
      const record = await this.lockForWork(tx, auth, caseId);
      if (record.state === 'closed') throw new DomainError('CASE_CLOSED', {}, 'conflict');
      const changes: Partial<ChildLabourCase> = {};
      if (dto.partnerId !== undefined || dto.referredOn !== undefined) {
        const partnerId = dto.partnerId ?? record.partnerId;
        if (!partnerId) throw new DomainError('CASE_PARTNER_REQUIRED');
        if (!(await tx.findOneBy(CasePartner, { cooperativeId: auth.cooperativeId, id: partnerId }))) throw new DomainError('CASE_PARTNER_NOT_FOUND', {}, 'invalid');
        changes.partnerId = partnerId;
        changes.referredOn = dto.referredOn ?? record.referredOn ?? (await this.flags.localToday(tx, auth.cooperativeId));
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
        await this.assertOfficers(tx, auth.cooperativeId, dto.caseOfficerUserIds);
        changes.caseOfficerUserIds = dto.caseOfficerUserIds;
      }
      if (dto.to !== undefined) {
        assertCaseTransition(record.state, dto.to, { outcome: dto.outcome ?? null, reason: dto.reason ?? null });
        if (dto.to === 'referred' && !(changes.partnerId ?? record.partnerId)) throw new DomainError('CASE_PARTNER_REQUIRED');
        changes.state = dto.to;
        if (dto.to === 'closed') {
          changes.outcome = dto.outcome ?? null;
          changes.outcomeReason = dto.reason ?? null;
          changes.closedOn = await this.flags.localToday(tx, auth.cooperativeId);
        }
      } else if (dto.outcome !== undefined || dto.reason !== undefined) {
        throw new DomainError('CASE_TRANSITION_REQUIRED');
      }
      if (Object.keys(changes).length === 0) throw new DomainError('CASE_NOTHING_TO_UPDATE', {}, 'bad_request');
      await tx.update(ChildLabourCase, { cooperativeId: auth.cooperativeId, id: caseId }, { ...changes, updatedAt: new Date() });
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

  async recordVisit(auth: TenantAuthContext, caseId: string, dto: RecordVisitDto): Promise<CaseView> {
    utcMidnightOf(dto.visitedOn);
    return this.db.inScope(auth.scope, async (tx) => {
      const record = await this.lockForWork(tx, auth, caseId);
      if (record.state === 'closed') throw new DomainError('CASE_CLOSED', {}, 'conflict');
      if (dto.visitedOn < record.identifiedOn) throw new DomainError('CASE_VISIT_BEFORE_IDENTIFICATION', { visitedOn: dto.visitedOn, identifiedOn: record.identifiedOn });
      if (dto.visitedOn > (await this.flags.localToday(tx, auth.cooperativeId))) throw new DomainError('CASE_VISIT_IN_FUTURE', { visitedOn: dto.visitedOn });
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO child_labour_case_visits (cooperative_id, id, case_id, visited_on, visited_by_user_id, notes, child_attending_school)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7)
         ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
        [auth.cooperativeId, dto.id ?? null, caseId, dto.visitedOn, auth.userId, dto.notes, dto.childAttendingSchool ?? null],
      );
      const created = inserted[0];
      if (!created) throw new DomainError('CASE_VISIT_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'child_labour_case.visit',
        entity: 'child_labour_case_visit',
        entityId: created.id,
        after: { caseId, visitedOn: dto.visitedOn },
      });
      return this.view(tx, auth, caseId);
    });
  }

  async createPartner(auth: TenantAuthContext, dto: CreateCasePartnerDto): Promise<CasePartner> {
    return this.db.inScope(auth.scope, async (tx) => {
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO case_partners (cooperative_id, id, name, kind, contact)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5)
         ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
        [auth.cooperativeId, dto.id ?? null, dto.name, dto.kind, dto.contact ?? null],
      );
      const created = inserted[0];
      if (!created) throw new DomainError('CASE_PARTNER_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'case_partner.create',
        entity: 'case_partner',
        entityId: created.id,
        after: { name: dto.name, kind: dto.kind, contact: dto.contact ?? null },
      });
      return tx.findOneByOrFail(CasePartner, { cooperativeId: auth.cooperativeId, id: created.id });
    });
  }

  async listPartners(auth: TenantAuthContext): Promise<CasePartner[]> {
    return this.db.inScope(auth.scope, (tx) => tx.find(CasePartner, { where: { cooperativeId: auth.cooperativeId }, order: { name: 'ASC', id: 'ASC' } }));
  }

  // ---------------------------------------------------------------- helpers

  /** Case officers are cooperative officers: a treasurer or auditor named here would still see nothing. */
  private async assertOfficers(tx: EntityManager, cooperativeId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM user_roles WHERE cooperative_id = $1 AND role = 'officer' AND user_id = ANY ($2::uuid[])`,
      [cooperativeId, userIds],
    );
    const found = new Set(rows.map((row) => row.user_id));
    const missing = userIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new DomainError('CASE_OFFICER_NOT_OFFICER', { userIds: missing });
  }

  /** Only those who may see the details may work on the case; others learn nothing more than the list tells them. */
  private async lockForWork(tx: EntityManager, auth: TenantAuthContext, caseId: string): Promise<ChildLabourCase> {
    const record = await tx
      .createQueryBuilder(ChildLabourCase, 'c')
      .setLock('pessimistic_write')
      .where('c.cooperative_id = :cooperativeId AND c.id = :caseId', { cooperativeId: auth.cooperativeId, caseId })
      .getOne();
    if (!record) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    const [view] = await this.fullViews(tx, auth.cooperativeId, [record]);
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

  private async view(tx: EntityManager, auth: TenantAuthContext, caseId: string): Promise<CaseView> {
    const record = await tx.findOneBy(ChildLabourCase, { cooperativeId: auth.cooperativeId, id: caseId });
    if (!record) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    const [view] = await this.fullViews(tx, auth.cooperativeId, [record]);
    if (!view) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    return redactCaseForRole(view, viewerOf(auth));
  }

  private async fullViews(tx: EntityManager, cooperativeId: string, cases: readonly ChildLabourCase[]): Promise<ChildLabourCaseView[]> {
    if (cases.length === 0) return [];
    const ids = cases.map((record) => record.id);
    const visits = await tx
      .createQueryBuilder(ChildLabourCaseVisit, 'v')
      .where('v.cooperative_id = :cooperativeId AND v.case_id IN (:...ids)', { cooperativeId, ids })
      .orderBy('v.visited_on', 'ASC')
      .addOrderBy('v.created_at', 'ASC')
      .getMany();
    const partners = await tx.find(CasePartner, { where: { cooperativeId } });
    const partnerNames = new Map(partners.map((partner) => [partner.id, partner.name]));
    return cases.map((record) => ({
      id: record.id,
      siteId: record.siteId,
      sourceFlagId: record.flagId,
      state: record.state,
      outcome: record.outcome,
      identifiedOn: record.identifiedOn,
      closedOn: record.closedOn,
      caseOfficerUserIds: record.caseOfficerUserIds,
      child: {
        fullName: record.childName,
        sex: record.childSex,
        birthDate: record.childBirthDate,
        ageYearsAtIdentification: record.childAgeYears,
        school: record.childSchool,
        village: record.childVillage,
      },
      guardian: record.guardian,
      referral: record.partnerId && record.referredOn ? { organisation: partnerNames.get(record.partnerId) ?? '', referredOn: record.referredOn } : null,
      planItems: record.planItems,
      visits: visits
        .filter((visit) => visit.caseId === record.id)
        .map((visit) => ({
          id: visit.id,
          visitedOn: visit.visitedOn,
          visitedByUserId: visit.visitedByUserId,
          notes: visit.notes,
          childAttendingSchool: visit.childAttendingSchool,
        })),
    }));
  }
}
