import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import type { TenantScope } from '../database/tenant-scope.js';
import { cleanFileName, type EvidenceContentType, matchesSignature, MAX_EVIDENCE_BYTES } from './evidence-file.js';
import { RiskFlagEvidence } from './risk-evidence.entity.js';
import { RiskFlag } from './risk-flag.entity.js';
import { readableFlagIds } from './case-viewer.js';
import { CHILD_IDENTITY_CATEGORIES } from './rules/flag-visibility.js';

export type EvidenceMetadata = Omit<RiskFlagEvidence, 'cooperativeId' | 'content'>;

export interface EvidenceFile {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly originalName: string | null;
}


const METADATA_COLUMNS = ['e.id', 'e.flagId', 'e.contentType', 'e.byteSize', 'e.sha256', 'e.originalName', 'e.uploadedBy', 'e.uploadedAt'];

function metadata(evidence: RiskFlagEvidence): EvidenceMetadata {
  const { cooperativeId: _cooperativeId, content: _content, ...rest } = evidence;
  return rest;
}

/** Photos and documents attached to risk flags: append-only, every upload and read audited. */
@Injectable()
export class RiskEvidenceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a file whose type the caller declared (and the parser admitted). On an anonymous
   * flag neither the row nor the audit record names the uploader.
   */
  async upload(auth: TenantAuthContext, flagId: string, contentType: EvidenceContentType, body: unknown, fileNameHeader: string | undefined): Promise<EvidenceMetadata> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('EVIDENCE_REQUIRED', {}, 'bad_request');
    if (body.length > MAX_EVIDENCE_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE', { maxBytes: MAX_EVIDENCE_BYTES });
    if (!matchesSignature(contentType, body)) throw new DomainError('EVIDENCE_FORMAT_INVALID', { contentType });
    const originalName = cleanFileName(decodeFileName(fileNameHeader));
    const sha256 = createHash('sha256').update(body).digest('hex');
    return this.db.inScope(auth.scope, async (tx) => {
      const flag = await this.flag(tx, auth.cooperativeId, flagId);
      const uploadedBy = flag.anonymous ? null : auth.userId;
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO risk_flag_evidence (cooperative_id, flag_id, content_type, byte_size, sha256, content, original_name, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [auth.cooperativeId, flagId, contentType, body.length, sha256, body, originalName, uploadedBy],
      );
      const created = inserted[0];
      if (!created) throw new Error('risk_flag_evidence insert returned no row');
      await this.audit.record(tx, auth, {
        action: 'risk_flag_evidence.uploaded',
        entity: 'risk_flag_evidence',
        entityId: created.id,
        anonymous: flag.anonymous,
        // Auditors read the trail; a child-labour flag's file name may be the child's.
        after: { flagId, contentType, byteSize: body.length, sha256, originalName: CHILD_IDENTITY_CATEGORIES.includes(flag.category) ? null : originalName },
      });
      return metadata(await tx.findOneByOrFail(RiskFlagEvidence, { cooperativeId: auth.cooperativeId, id: created.id }));
    });
  }

  async list(auth: TenantAuthContext, flagId: string): Promise<EvidenceMetadata[]> {
    return this.db.inScope(auditedReadScope(auth), async (tx) => {
      const flag = await this.flag(tx, auth.cooperativeId, flagId);
      const readable = (await readableFlagIds(tx, auth, [flag])).has(flagId);
      const rows = await tx
        .createQueryBuilder(RiskFlagEvidence, 'e')
        .select(METADATA_COLUMNS)
        .where('e.cooperative_id = :cooperativeId AND e.flag_id = :flagId', { cooperativeId: auth.cooperativeId, flagId })
        .orderBy('e.uploaded_at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .getMany();
      await this.audit.record(tx, auth, { action: 'risk_flag_evidence.listed', entity: 'risk_flag', entityId: flagId, after: { count: rows.length } });
      // A file name may be the child's name: withheld with the flag's other words.
      return rows.map((row) => ({ ...metadata(row), originalName: readable ? row.originalName : null }));
    });
  }

  async download(auth: TenantAuthContext, flagId: string, evidenceId: string): Promise<EvidenceFile> {
    return this.db.inScope(auditedReadScope(auth), async (tx) => {
      const flag = await this.flag(tx, auth.cooperativeId, flagId);
      const evidence = await tx.findOneBy(RiskFlagEvidence, { cooperativeId: auth.cooperativeId, flagId, id: evidenceId });
      if (!evidence) throw new DomainError('EVIDENCE_NOT_FOUND', {}, 'not_found');
      // Evidence on a child-labour flag may show the child: admins and the case's designated officers only.
      if (!(await readableFlagIds(tx, auth, [flag])).has(flagId)) {
        throw new DomainError('EVIDENCE_RESTRICTED', { category: flag.category }, 'forbidden');
      }
      await this.audit.record(tx, auth, {
        action: 'risk_flag_evidence.read',
        entity: 'risk_flag_evidence',
        entityId: evidenceId,
        after: { flagId, sha256: evidence.sha256 },
      });
      return { contentType: evidence.contentType, content: evidence.content, originalName: evidence.originalName };
    });
  }

  private async flag(tx: EntityManager, cooperativeId: string, flagId: string): Promise<Pick<RiskFlag, 'id' | 'category' | 'anonymous' | 'reporterUserId'>> {
    const flag = await tx
      .createQueryBuilder(RiskFlag, 'f')
      .select(['f.id', 'f.category', 'f.anonymous', 'f.reporterUserId'])
      .where('f.cooperative_id = :cooperativeId AND f.id = :flagId', { cooperativeId, flagId })
      .getOne();
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    return flag;
  }
}

/**
 * Reads are audited, so even a read-only caller (supervisor) needs a transaction that may
 * write the audit row; nothing else is written in it.
 */
function auditedReadScope(auth: TenantAuthContext): TenantScope {
  return { ...auth.scope, readOnly: false };
}

/** X-File-Name may be percent-encoded (headers carry Latin-1 only); a malformed escape is kept as sent. */
function decodeFileName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}
