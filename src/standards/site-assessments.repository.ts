import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { EvidenceContentType } from '../risk/evidence-file.js';
import type { CriterionResult } from './rules/scoring.js';
import { SiteAssessment, SiteAssessmentCriterion, SiteAssessmentEvidence } from './site-assessment.entity.js';

export interface NewAssessment {
  readonly id: string | null;
  readonly siteId: string;
  readonly standardId: string;
  readonly standardVersion: string;
  readonly assessedOn: string;
  readonly assessorUserId: string;
  readonly assessorName: string | null;
  readonly summary: string | null;
  readonly scoreBp: number | null;
  readonly levelReached: string | null;
  readonly criteria: readonly { readonly criterionId: string; readonly sectionId: string; readonly must: boolean; readonly result: CriterionResult; readonly note: string | null }[];
}

export interface HistoryRow extends SiteAssessment {
  readonly previousScoreBp: number | null;
  readonly previousLevel: string | null;
  readonly hasPrevious: boolean;
  /** created_at to the microsecond, for the page cursor. */
  readonly createdAtKey: string;
}

export interface LatestAssessmentRow {
  readonly site_id: string;
  readonly site_name: string;
  readonly standard_id: string;
  readonly standard_version: string;
  readonly assessed_on: string;
  readonly score_bp: number | null;
  readonly level_reached: string | null;
  readonly open_actions: number;
}

export type EvidenceMetadata = Omit<SiteAssessmentEvidence, 'cooperativeId' | 'content'>;

const EVIDENCE_METADATA = ['e.id', 'e.assessmentId', 'e.criterionId', 'e.contentType', 'e.byteSize', 'e.sha256', 'e.originalName', 'e.uploadedBy', 'e.uploadedAt'];

/** Site assessments, their answers and evidence, in the transaction's cooperative. */
@Injectable()
export class SiteAssessmentsRepository {
  /** The new assessment's id, or null when the client's id is taken; its answers go in the same statement. */
  async insertAssessment(tx: TenantTx, assessment: NewAssessment): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>(
      `WITH assessment AS (
         INSERT INTO site_assessments (cooperative_id, id, site_id, standard_id, standard_version, assessed_on, assessor_user_id, assessor_name, summary, score_bp, level_reached)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id),
       answers AS (
         INSERT INTO site_assessment_criteria (cooperative_id, assessment_id, criterion_id, position, section_id, must, result, note)
         SELECT $1, assessment.id, a.criterion_id, a.position - 1, a.section_id, a.must, a.result, a.note
           FROM assessment, unnest($12::text[], $13::text[], $14::boolean[], $15::text[], $16::text[]) WITH ORDINALITY AS a (criterion_id, section_id, must, result, note, position))
       SELECT id FROM assessment`,
      [
        tx.cooperativeId, assessment.id, assessment.siteId, assessment.standardId, assessment.standardVersion, assessment.assessedOn, assessment.assessorUserId,
        assessment.assessorName, assessment.summary, assessment.scoreBp, assessment.levelReached,
        assessment.criteria.map((c) => c.criterionId), assessment.criteria.map((c) => c.sectionId), assessment.criteria.map((c) => c.must),
        assessment.criteria.map((c) => c.result), assessment.criteria.map((c) => c.note),
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** The site's name, or null when the cooperative has no such site. */
  async siteName(tx: TenantTx, siteId: string): Promise<string | null> {
    const rows = await tx.query<{ name: string }[]>('SELECT name FROM sites WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, siteId]);
    return rows[0]?.name ?? null;
  }

  async assessmentById(tx: TenantTx, siteId: string, assessmentId: string): Promise<SiteAssessment | null> {
    return tx.manager.findOneBy(SiteAssessment, { cooperativeId: tx.cooperativeId, siteId, id: assessmentId });
  }

  /** The assessment of the same site and standard just before this one (by date, then recording time). */
  async previousAssessment(tx: TenantTx, assessment: Pick<SiteAssessment, 'id' | 'siteId' | 'standardId' | 'assessedOn' | 'createdAt'>): Promise<SiteAssessment | null> {
    return tx.manager
      .createQueryBuilder(SiteAssessment, 'a')
      .where('a.cooperative_id = :cooperativeId AND a.site_id = :siteId AND a.standard_id = :standardId AND a.id <> :id', { cooperativeId: tx.cooperativeId, ...assessment })
      .andWhere('(a.assessed_on, a.created_at) < (:assessedOn, :createdAt)', { assessedOn: assessment.assessedOn, createdAt: assessment.createdAt })
      .orderBy('a.assessed_on', 'DESC')
      .addOrderBy('a.created_at', 'DESC')
      .getOne();
  }

  /**
   * A site's assessments, newest first, a page at a time, each with the score and level of the
   * one before it against the same standard (the trend), however the page is cut.
   */
  async history(tx: TenantTx, siteId: string, standardId: string | undefined, after: readonly [string, string, string] | null, limit: number): Promise<HistoryRow[]> {
    const rows = await tx.query<Record<string, unknown>[]>(
      `SELECT h.*, to_char(h.assessed_on, 'YYYY-MM-DD') AS assessed_on_text, h.created_at::text AS created_at_key FROM (
         SELECT a.*, lag(a.score_bp) OVER w AS previous_score_bp, lag(a.level_reached) OVER w AS previous_level, lag(a.id) OVER w IS NOT NULL AS has_previous
           FROM site_assessments a
          WHERE a.cooperative_id = $1 AND a.site_id = $2
         WINDOW w AS (PARTITION BY a.standard_id ORDER BY a.assessed_on, a.created_at)) h
        WHERE ($3::text IS NULL OR h.standard_id = $3)
          AND ($4::date IS NULL OR (h.assessed_on, h.created_at, h.id) < ($4::date, $5::timestamptz, $6::uuid))
        ORDER BY h.assessed_on DESC, h.created_at DESC, h.id DESC
        LIMIT $7`,
      [tx.cooperativeId, siteId, standardId ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
    );
    return rows.map((row) => ({
      cooperativeId: row.cooperative_id as string, id: row.id as string, siteId: row.site_id as string, standardId: row.standard_id as string,
      standardVersion: row.standard_version as string, assessedOn: row.assessed_on_text as string, assessorUserId: row.assessor_user_id as string,
      assessorName: row.assessor_name as string | null, summary: row.summary as string | null, scoreBp: row.score_bp as number | null,
      levelReached: row.level_reached as string | null, createdAt: row.created_at as Date,
      previousScoreBp: row.previous_score_bp as number | null, previousLevel: row.previous_level as string | null, hasPrevious: row.has_previous as boolean, createdAtKey: row.created_at_key as string,
    }));
  }

  /** The answers of these assessments, each in its standard's order. */
  async answersOf(tx: TenantTx, assessmentIds: readonly string[]): Promise<SiteAssessmentCriterion[]> {
    if (assessmentIds.length === 0) return [];
    return tx.manager
      .createQueryBuilder(SiteAssessmentCriterion, 'c')
      .where('c.cooperative_id = :cooperativeId AND c.assessment_id IN (:...ids)', { cooperativeId: tx.cooperativeId, ids: [...assessmentIds] })
      .orderBy('c.assessment_id')
      .addOrderBy('c.position')
      .getMany();
  }

  async answerExists(tx: TenantTx, assessmentId: string, criterionId: string): Promise<boolean> {
    return (await tx.manager.countBy(SiteAssessmentCriterion, { cooperativeId: tx.cooperativeId, assessmentId, criterionId })) > 0;
  }

  async insertEvidence(
    tx: TenantTx,
    evidence: { assessmentId: string; criterionId: string; contentType: EvidenceContentType; content: Buffer; sha256: string; originalName: string | null; uploadedBy: string },
  ): Promise<EvidenceMetadata> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO site_assessment_evidence (cooperative_id, assessment_id, criterion_id, content_type, byte_size, sha256, content, original_name, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [tx.cooperativeId, evidence.assessmentId, evidence.criterionId, evidence.contentType, evidence.content.length, evidence.sha256, evidence.content, evidence.originalName, evidence.uploadedBy],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('site_assessment_evidence insert returned no row');
    const [metadata] = await this.evidenceMetadata(tx, [evidence.assessmentId], id);
    if (metadata === undefined) throw new Error('site_assessment_evidence row vanished');
    return metadata;
  }

  /** The files' metadata, never their bytes, oldest upload first. */
  async evidenceMetadata(tx: TenantTx, assessmentIds: readonly string[], evidenceId?: string): Promise<EvidenceMetadata[]> {
    if (assessmentIds.length === 0) return [];
    const builder = tx.manager
      .createQueryBuilder(SiteAssessmentEvidence, 'e')
      .select(EVIDENCE_METADATA)
      .where('e.cooperative_id = :cooperativeId AND e.assessment_id IN (:...ids)', { cooperativeId: tx.cooperativeId, ids: [...assessmentIds] })
      .orderBy('e.uploaded_at', 'ASC')
      .addOrderBy('e.id', 'ASC');
    if (evidenceId !== undefined) builder.andWhere('e.id = :evidenceId', { evidenceId });
    return (await builder.getMany()).map(({ cooperativeId: _cooperativeId, content: _content, ...rest }) => rest);
  }

  /**
   * Each site's latest assessment per standard among those dated in [from, to], with the
   * corrective actions that site's assessments against that standard still have open.
   */
  async latestAssessmentsBetween(tx: TenantTx, from: string, to: string): Promise<LatestAssessmentRow[]> {
    return tx.query<LatestAssessmentRow[]>(
      `SELECT latest.*, (SELECT count(*)::int FROM corrective_actions c JOIN site_assessments x ON x.cooperative_id = c.cooperative_id AND x.id = c.assessment_id
                          WHERE c.cooperative_id = $1 AND c.status = 'open' AND x.site_id = latest.site_id AND x.standard_id = latest.standard_id) AS open_actions
         FROM (SELECT DISTINCT ON (a.site_id, a.standard_id) a.site_id, s.name AS site_name, a.standard_id, a.standard_version,
                      to_char(a.assessed_on, 'YYYY-MM-DD') AS assessed_on, a.score_bp, a.level_reached
                 FROM site_assessments a JOIN sites s ON s.cooperative_id = a.cooperative_id AND s.id = a.site_id
                WHERE a.cooperative_id = $1 AND a.assessed_on BETWEEN $2 AND $3
                ORDER BY a.site_id, a.standard_id, a.assessed_on DESC, a.created_at DESC) latest
        ORDER BY latest.site_name, latest.standard_id`,
      [tx.cooperativeId, from, to],
    );
  }

  async evidenceFile(tx: TenantTx, assessmentId: string, criterionId: string, evidenceId: string): Promise<SiteAssessmentEvidence | null> {
    return tx.manager.findOneBy(SiteAssessmentEvidence, { cooperativeId: tx.cooperativeId, assessmentId, criterionId, id: evidenceId });
  }
}
