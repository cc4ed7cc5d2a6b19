import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { TenantTx } from '../database/tx.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { caseDetailsOf } from './case-details.js';
import type { ChildLabourCase } from './child-labour-case.entity.js';
import { ChildLabourCasesRepository } from './child-labour-cases.repository.js';
import { ChildLabourCasesService } from './child-labour-cases.service.js';
import type { RecordVisitDto } from './dto/child-labour-case.dto.js';
import type { CasePartnerView, ChildLabourCaseView } from './dto/child-labour-case.view.js';
import type { PartneredCooperativeView } from './dto/partner-case.view.js';
import type { LinkPartnerOrganisationDto, UpdatePlanItemProgressDto } from './dto/partner-case.dto.js';
import { withPlanItemStatus } from './rules/plan-progress.js';

/**
 * A child-protection partner's social workers ('partner' role) and the cases referred to their
 * organisation: they read those cases in full (they manage the child), record follow-up visits
 * and the remediation plan's progress, and reach nothing else of the cooperative. The guard
 * gives the role only while one of the cooperative's case partners is their organisation; each
 * case is then checked against the referral, so another partner's case answers 404.
 */
@Injectable()
export class PartnerCasesService {
  constructor(
    private readonly db: Db,
    private readonly repository: ChildLabourCasesRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly cases: ChildLabourCasesService,
    private readonly audit: AuditService,
  ) {}

  /** The cooperatives that refer cases to the caller's organisation; empty for anyone who is not a partner. */
  async cooperatives(auth: AuthContext): Promise<PartneredCooperativeView[]> {
    return this.db.run(Scopes.readOnly(auth.scope), async (tx) => {
      const affiliation = await this.organisations.affiliationOf(tx, auth.userId);
      if (affiliation === null || affiliation.role !== 'partner') return [];
      return this.repository.cooperativesPartneredBy(tx, affiliation.organisationId);
    });
  }

  async list(auth: TenantAuthContext): Promise<ChildLabourCaseView[]> {
    return this.db.tenant(auth, async (tx) => this.details(tx, await this.repository.casesReferredTo(tx, await this.partnerIds(tx, auth))));
  }

  async get(auth: TenantAuthContext, caseId: string): Promise<ChildLabourCaseView> {
    return this.db.tenant(auth, async (tx) => this.referredCase(tx, auth, caseId, false).then(async (record) => (await this.details(tx, [record]))[0]));
  }

  async recordVisit(auth: TenantAuthContext, caseId: string, dto: RecordVisitDto): Promise<ChildLabourCaseView> {
    return this.db.tenant(auth, async (tx) => {
      const record = await this.referredCase(tx, auth, caseId, true);
      await this.cases.appendVisit(tx, auth, record, dto);
      return (await this.details(tx, [record]))[0];
    });
  }

  async updatePlanItem(auth: TenantAuthContext, caseId: string, itemId: string, dto: UpdatePlanItemProgressDto): Promise<ChildLabourCaseView> {
    return this.db.tenant(auth, async (tx) => {
      const record = await this.referredCase(tx, auth, caseId, true);
      if (record.state === 'closed') throw new DomainError('CASE_CLOSED', {}, 'conflict');
      const { items, before } = withPlanItemStatus(record.planItems, itemId, dto.status);
      await this.repository.updateCase(tx, caseId, { planItems: [...items], updatedAt: new Date() });
      await this.audit.record(tx, auth, {
        action: 'child_labour_case.plan_progress', entity: 'child_labour_case', entityId: caseId,
        before: { itemId, status: before }, after: { itemId, status: dto.status, note: dto.note ?? null },
      });
      const updated = await this.repository.caseById(tx, caseId);
      if (!updated) throw new Error('The case just updated is missing');
      return (await this.details(tx, [updated]))[0];
    });
  }

  /** An admin ties one of the cooperative's case partners to a child-protection partner organisation, whose social workers then see the cases referred to it. */
  async linkOrganisation(auth: TenantAuthContext, partnerId: string, dto: LinkPartnerOrganisationDto): Promise<CasePartnerView> {
    return this.db.tenant(auth, async (tx) => {
      const partner = await this.repository.partnerById(tx, partnerId);
      if (!partner) throw new DomainError('CASE_PARTNER_NOT_FOUND', {}, 'not_found');
      const organisationId = dto.organisationId ?? null;
      if (organisationId !== null) {
        const organisation = await this.organisations.organisationById(tx, organisationId);
        if (!organisation) throw new DomainError('ORGANISATION_NOT_FOUND', { id: organisationId }, 'invalid');
        if (organisation.kind !== 'child_protection_partner') throw new DomainError('ORGANISATION_NOT_CHILD_PROTECTION', { kind: organisation.kind }, 'invalid');
      }
      await this.repository.linkPartnerOrganisation(tx, partnerId, organisationId);
      await this.audit.record(tx, auth, {
        action: 'case_partner.organisation', entity: 'case_partner', entityId: partnerId,
        before: { organisationId: partner.organisationId }, after: { organisationId },
      });
      return { ...partner, organisationId };
    });
  }

  /** The cooperative's case partners that are the caller's organisation: none refuses (the guard let a partner through). */
  private async partnerIds(tx: TenantTx, auth: TenantAuthContext): Promise<string[]> {
    const affiliation = await this.organisations.affiliationOf(tx, auth.userId);
    if (affiliation === null || affiliation.role !== 'partner') throw new DomainError('FORBIDDEN', {}, 'forbidden');
    return this.repository.partnerIdsOfOrganisation(tx, affiliation.organisationId);
  }

  private async referredCase(tx: TenantTx, auth: TenantAuthContext, caseId: string, lock: boolean): Promise<ChildLabourCase> {
    const partnerIds = await this.partnerIds(tx, auth);
    const record = lock ? await this.repository.lockCase(tx, caseId) : await this.repository.caseById(tx, caseId);
    if (!record || record.partnerId === null || !partnerIds.includes(record.partnerId)) throw new DomainError('CASE_NOT_FOUND', {}, 'not_found');
    return record;
  }

  private async details(tx: TenantTx, cases: readonly ChildLabourCase[]): Promise<ChildLabourCaseView[]> {
    if (cases.length === 0) return [];
    return caseDetailsOf(cases, await this.repository.visitsOfCases(tx, cases.map((record) => record.id)), await this.repository.partners(tx));
  }
}
