import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import { CasePartner, type CasePartnerKind, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import type { GuardianDetails } from './rules/child-labour-case.js';

export interface NewChildLabourCase {
  readonly id: string | null;
  readonly flagId: string;
  readonly siteId: string | null;
  readonly identifiedOn: string;
  readonly caseOfficerUserIds: readonly string[];
  readonly child: {
    readonly fullName: string;
    readonly sex: 'female' | 'male';
    readonly birthDate: string | null;
    readonly ageYears: number | null;
    readonly school: string | null;
    readonly village: string | null;
  };
  readonly guardian: GuardianDetails | null;
  readonly createdByUserId: string;
}

export interface NewCaseVisit {
  readonly id: string | null;
  readonly caseId: string;
  readonly visitedOn: string;
  readonly visitedByUserId: string;
  readonly notes: string;
  readonly childAttendingSchool: boolean | null;
}

export interface NewCasePartner {
  readonly id: string | null;
  readonly name: string;
  readonly kind: CasePartnerKind;
  readonly contact: string | null;
}

/** Child-labour cases, their follow-up visits and the partners children are referred to. */
@Injectable()
export class ChildLabourCasesRepository {
  /** The id of the new case, or null when the client's id is already taken. */
  async insertCase(tx: TenantTx, record: NewChildLabourCase): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO child_labour_cases (cooperative_id, id, flag_id, site_id, identified_on, case_officer_user_ids, child_name, child_sex,
                                       child_birth_date, child_age_years, child_school, child_village, guardian, created_by_user_id)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [
        tx.cooperativeId,
        record.id,
        record.flagId,
        record.siteId,
        record.identifiedOn,
        [...record.caseOfficerUserIds],
        record.child.fullName,
        record.child.sex,
        record.child.birthDate,
        record.child.ageYears,
        record.child.school,
        record.child.village,
        record.guardian ? JSON.stringify(record.guardian) : null,
        record.createdByUserId,
      ],
    );
    return inserted[0]?.id ?? null;
  }

  async caseById(tx: TenantTx, caseId: string): Promise<ChildLabourCase | null> {
    return tx.manager.findOneBy(ChildLabourCase, { cooperativeId: tx.cooperativeId, id: caseId });
  }

  async lockCase(tx: TenantTx, caseId: string): Promise<ChildLabourCase | null> {
    return tx.manager
      .createQueryBuilder(ChildLabourCase, 'c')
      .setLock('pessimistic_write')
      .where('c.cooperative_id = :cooperativeId AND c.id = :caseId', { cooperativeId: tx.cooperativeId, caseId })
      .getOne();
  }

  /** Every case of the cooperative, most recently identified first. */
  async cases(tx: TenantTx): Promise<ChildLabourCase[]> {
    return tx.manager.find(ChildLabourCase, { where: { cooperativeId: tx.cooperativeId }, order: { identifiedOn: 'DESC', id: 'ASC' } });
  }

  async updateCase(tx: TenantTx, caseId: string, changes: Partial<ChildLabourCase>): Promise<void> {
    await tx.manager.update(ChildLabourCase, { cooperativeId: tx.cooperativeId, id: caseId }, changes);
  }

  /** The id of the new visit, or null when the client's id is already taken. */
  async insertVisit(tx: TenantTx, visit: NewCaseVisit): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO child_labour_case_visits (cooperative_id, id, case_id, visited_on, visited_by_user_id, notes, child_attending_school)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, visit.id, visit.caseId, visit.visitedOn, visit.visitedByUserId, visit.notes, visit.childAttendingSchool],
    );
    return inserted[0]?.id ?? null;
  }

  /** The visits of these cases, in the order they were made. */
  async visitsOfCases(tx: TenantTx, caseIds: readonly string[]): Promise<ChildLabourCaseVisit[]> {
    if (caseIds.length === 0) return [];
    return tx.manager
      .createQueryBuilder(ChildLabourCaseVisit, 'v')
      .where('v.cooperative_id = :cooperativeId AND v.case_id IN (:...ids)', { cooperativeId: tx.cooperativeId, ids: [...caseIds] })
      .orderBy('v.visited_on', 'ASC')
      .addOrderBy('v.created_at', 'ASC')
      .getMany();
  }

  /** The id of the new partner, or null when the client's id is already taken. */
  async insertPartner(tx: TenantTx, partner: NewCasePartner): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO case_partners (cooperative_id, id, name, kind, contact)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, partner.id, partner.name, partner.kind, partner.contact],
    );
    return inserted[0]?.id ?? null;
  }

  async partnerById(tx: TenantTx, partnerId: string): Promise<CasePartner | null> {
    return tx.manager.findOneBy(CasePartner, { cooperativeId: tx.cooperativeId, id: partnerId });
  }

  /** The cooperative's partners by name. */
  async partners(tx: TenantTx): Promise<CasePartner[]> {
    return tx.manager.find(CasePartner, { where: { cooperativeId: tx.cooperativeId }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** Ties a case partner to an organisation (or unties it, with null). */
  async linkPartnerOrganisation(tx: TenantTx, partnerId: string, organisationId: string | null): Promise<void> {
    await tx.query(`UPDATE case_partners SET organisation_id = $3 WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, partnerId, organisationId]);
  }

  /** The cooperative's case partners that are this organisation. */
  async partnerIdsOfOrganisation(tx: TenantTx, organisationId: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM case_partners WHERE cooperative_id = $1 AND organisation_id = $2`, [tx.cooperativeId, organisationId]);
    return rows.map((row) => row.id);
  }

  /** The cooperatives one of whose case partners is this organisation (row-level security shows a partner's people their own), by name. */
  async cooperativesPartneredBy(tx: Tx, organisationId: string): Promise<{ id: string; name: string; province: string }[]> {
    return tx.query<{ id: string; name: string; province: string }[]>(
      `SELECT DISTINCT c.id, c.name, c.province FROM case_partners cp JOIN cooperatives c ON c.id = cp.cooperative_id
        WHERE cp.organisation_id = $1 ORDER BY c.name, c.id`,
      [organisationId],
    );
  }

  /** The cases referred to these partners, most recently identified first. */
  async casesReferredTo(tx: TenantTx, partnerIds: readonly string[]): Promise<ChildLabourCase[]> {
    if (partnerIds.length === 0) return [];
    return tx.manager
      .createQueryBuilder(ChildLabourCase, 'c')
      .where('c.cooperative_id = :cooperativeId AND c.partner_id IN (:...partnerIds)', { cooperativeId: tx.cooperativeId, partnerIds: [...partnerIds] })
      .orderBy('c.identified_on', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /** Which of these users are officers of the cooperative. */
  async officersAmong(tx: TenantTx, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM user_roles WHERE cooperative_id = $1 AND role = 'officer' AND user_id = ANY ($2::uuid[])`,
      [tx.cooperativeId, [...userIds]],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  /** The designated officers of the cases opened from each flag: who, besides admins, reads a child-labour flag's words. */
  async caseOfficersByFlag(tx: TenantTx, flagIds: readonly string[]): Promise<Map<string, string[]>> {
    const officers = new Map<string, string[]>();
    if (flagIds.length === 0) return officers;
    const rows = await tx.query<{ flag_id: string; officers: string[] }[]>(
      `SELECT flag_id, array_agg(DISTINCT officer)::text[] AS officers
         FROM child_labour_cases, unnest(case_officer_user_ids) AS officer
        WHERE cooperative_id = $1 AND flag_id = ANY ($2::uuid[])
        GROUP BY flag_id`,
      [tx.cooperativeId, [...flagIds]],
    );
    for (const row of rows) officers.set(row.flag_id, row.officers);
    return officers;
  }
}
