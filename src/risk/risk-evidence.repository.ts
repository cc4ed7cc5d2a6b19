import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { TenantTx } from '../database/tx.js';
import type { EvidenceContentType } from './evidence-file.js';
import { RiskFlagEvidence } from './risk-evidence.entity.js';

export type EvidenceMetadataRow = Omit<RiskFlagEvidence, 'cooperativeId' | 'content'>;

export interface NewEvidence {
  readonly flagId: string;
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly sha256: string;
  readonly originalName: string | null;
  readonly uploadedBy: string | null;
}

const METADATA_COLUMNS = ['e.id', 'e.flagId', 'e.contentType', 'e.byteSize', 'e.sha256', 'e.originalName', 'e.uploadedBy', 'e.uploadedAt'];

function metadataOf(evidence: RiskFlagEvidence): EvidenceMetadataRow {
  const { cooperativeId: _cooperativeId, content: _content, ...rest } = evidence;
  return rest;
}

/** Files attached to risk flags; append-only. Lists never read the files' bytes. */
@Injectable()
export class RiskEvidenceRepository {
  async insertEvidence(tx: TenantTx, evidence: NewEvidence): Promise<string> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO risk_flag_evidence (cooperative_id, flag_id, content_type, byte_size, sha256, content, original_name, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [tx.cooperativeId, evidence.flagId, evidence.contentType, evidence.content.length, evidence.sha256, evidence.content, evidence.originalName, evidence.uploadedBy],
    );
    const created = inserted[0];
    if (!created) throw new Error('risk_flag_evidence insert returned no row');
    return created.id;
  }

  async evidenceMetadataById(tx: TenantTx, evidenceId: string): Promise<EvidenceMetadataRow> {
    return metadataOf(await this.metadata(tx).andWhere('e.id = :evidenceId', { evidenceId }).getOneOrFail());
  }

  /** A flag's files' metadata, oldest upload first. */
  async evidenceOfFlag(tx: TenantTx, flagId: string): Promise<EvidenceMetadataRow[]> {
    const rows = await this.metadata(tx).andWhere('e.flag_id = :flagId', { flagId }).orderBy('e.uploaded_at', 'ASC').addOrderBy('e.id', 'ASC').getMany();
    return rows.map(metadataOf);
  }

  /** One file with its bytes. */
  async evidenceById(tx: TenantTx, flagId: string, evidenceId: string): Promise<RiskFlagEvidence | null> {
    return tx.manager.findOneBy(RiskFlagEvidence, { cooperativeId: tx.cooperativeId, flagId, id: evidenceId });
  }

  private metadata(tx: TenantTx): SelectQueryBuilder<RiskFlagEvidence> {
    return tx.manager.createQueryBuilder(RiskFlagEvidence, 'e').select(METADATA_COLUMNS).where('e.cooperative_id = :cooperativeId', { cooperativeId: tx.cooperativeId });
  }
}
