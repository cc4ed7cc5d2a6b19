import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { acceptEvidence, type EvidenceContentType } from '../risk/evidence-file.js';
import type { AssessmentEvidenceView } from './dto/assessment.view.js';
import { SiteAssessmentsRepository } from './site-assessments.repository.js';

export interface AssessmentEvidenceFile {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly originalName: string | null;
}

/** Photos and documents supporting an assessment's answers: the risk evidence's checks and limits, append-only. */
@Injectable()
export class AssessmentEvidenceService {
  constructor(
    private readonly db: Db,
    private readonly repository: SiteAssessmentsRepository,
    private readonly audit: AuditService,
  ) {}

  async upload(auth: TenantAuthContext, siteId: string, assessmentId: string, criterionId: string, contentType: EvidenceContentType, body: unknown, fileNameHeader: string | undefined): Promise<AssessmentEvidenceView> {
    const { content, sha256, originalName } = acceptEvidence(contentType, body, fileNameHeader);
    return this.db.tenant(auth, async (tx) => {
      if ((await this.repository.assessmentById(tx, siteId, assessmentId)) === null) throw new DomainError('ASSESSMENT_NOT_FOUND', {}, 'not_found');
      if (!(await this.repository.answerExists(tx, assessmentId, criterionId))) throw new DomainError('CRITERION_NOT_IN_ASSESSMENT', { criterionId }, 'not_found');
      const stored = await this.repository.insertEvidence(tx, { assessmentId, criterionId, contentType, content, sha256, originalName, uploadedBy: auth.userId });
      await this.audit.record(tx, auth, {
        action: 'site_assessment_evidence.uploaded',
        entity: 'site_assessment_evidence',
        entityId: stored.id,
        after: { assessmentId, criterionId, contentType, byteSize: content.length, sha256, originalName },
      });
      return stored;
    });
  }

  async download(auth: TenantAuthContext, siteId: string, assessmentId: string, criterionId: string, evidenceId: string): Promise<AssessmentEvidenceFile> {
    return this.db.tenant(auth, async (tx) => {
      if ((await this.repository.assessmentById(tx, siteId, assessmentId)) === null) throw new DomainError('ASSESSMENT_NOT_FOUND', {}, 'not_found');
      const file = await this.repository.evidenceFile(tx, assessmentId, criterionId, evidenceId);
      if (file === null) throw new DomainError('EVIDENCE_NOT_FOUND', {}, 'not_found');
      return { contentType: file.contentType, content: file.content, originalName: file.originalName };
    });
  }
}
