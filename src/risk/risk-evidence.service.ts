import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { TenantTx } from '../database/tx.js';
import { FlagReadability } from './case-viewer.js';
import type { RiskEvidenceView } from './dto/risk-evidence.view.js';
import { acceptEvidence, type EvidenceContentType } from './evidence-file.js';
import { RiskEvidenceRepository } from './risk-evidence.repository.js';
import type { RiskFlag } from './risk-flag.entity.js';
import { RiskFlagsRepository } from './risk-flags.repository.js';
import { CHILD_IDENTITY_CATEGORIES } from './rules/flag-visibility.js';

export interface EvidenceFile {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly originalName: string | null;
}

/** Photos and documents attached to risk flags: append-only, every upload and read audited. */
@Injectable()
export class RiskEvidenceService {
  constructor(
    private readonly db: Db,
    private readonly repository: RiskEvidenceRepository,
    private readonly flags: RiskFlagsRepository,
    private readonly readability: FlagReadability,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a file whose type the caller declared (and the parser admitted). On an anonymous
   * flag neither the row nor the audit record names the uploader.
   */
  async upload(auth: TenantAuthContext, flagId: string, contentType: EvidenceContentType, body: unknown, fileNameHeader: string | undefined): Promise<RiskEvidenceView> {
    const { content, sha256, originalName } = acceptEvidence(contentType, body, fileNameHeader);
    return this.db.tenant(auth, async (tx) => {
      const flag = await this.flag(tx, flagId);
      const uploadedBy = flag.anonymous ? null : auth.userId;
      const id = await this.repository.insertEvidence(tx, { flagId, contentType, content, sha256, originalName, uploadedBy });
      await this.audit.record(tx, auth, {
        action: 'risk_flag_evidence.uploaded',
        entity: 'risk_flag_evidence',
        entityId: id,
        anonymous: flag.anonymous,
        // Auditors read the trail; a child-labour flag's file name may be the child's.
        after: { flagId, contentType, byteSize: content.length, sha256, originalName: CHILD_IDENTITY_CATEGORIES.includes(flag.category) ? null : originalName },
      });
      return this.repository.evidenceMetadataById(tx, id);
    });
  }

  /** Reads are audited, so even a read-only caller (supervisor) writes the audit row of the read. */
  async list(auth: TenantAuthContext, flagId: string): Promise<RiskEvidenceView[]> {
    return this.db.tenant(
      auth,
      async (tx) => {
        const flag = await this.flag(tx, flagId);
        const readable = (await this.readability.readableFlagIds(tx, auth, [flag])).has(flagId);
        const rows = await this.repository.evidenceOfFlag(tx, flagId);
        await this.audit.record(tx, auth, { action: 'risk_flag_evidence.listed', entity: 'risk_flag', entityId: flagId, after: { count: rows.length } });
        // A file name may be the child's name: withheld with the flag's other words.
        return rows.map((row) => ({ ...row, originalName: readable ? row.originalName : null }));
      },
      Scopes.auditedRead(auth.scope),
    );
  }

  async download(auth: TenantAuthContext, flagId: string, evidenceId: string): Promise<EvidenceFile> {
    return this.db.tenant(
      auth,
      async (tx) => {
        const flag = await this.flag(tx, flagId);
        const evidence = await this.repository.evidenceById(tx, flagId, evidenceId);
        if (!evidence) throw new DomainError('EVIDENCE_NOT_FOUND', {}, 'not_found');
        // Evidence on a child-labour flag may show the child: admins and the case's designated officers only.
        if (!(await this.readability.readableFlagIds(tx, auth, [flag])).has(flagId)) {
          throw new DomainError('EVIDENCE_RESTRICTED', { category: flag.category }, 'forbidden');
        }
        await this.audit.record(tx, auth, {
          action: 'risk_flag_evidence.read',
          entity: 'risk_flag_evidence',
          entityId: evidenceId,
          after: { flagId, sha256: evidence.sha256 },
        });
        return { contentType: evidence.contentType, content: evidence.content, originalName: evidence.originalName };
      },
      Scopes.auditedRead(auth.scope),
    );
  }

  private async flag(tx: TenantTx, flagId: string): Promise<RiskFlag> {
    const flag = await this.flags.flagById(tx, flagId);
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    return flag;
  }
}
