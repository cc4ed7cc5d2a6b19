import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { addDays, assertIsoDate, compareIsoDates } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor, type Page, pageSizeOf } from '../common/pagination.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { CorrectiveAction } from '../risk/corrective-action.entity.js';
import { FindingActionsService } from '../risk/finding-actions.service.js';
import type { AssessedCriterionView, AssessmentComparisonView, AssessmentDetailView, AssessmentView, CriterionActionView } from './dto/assessment.view.js';
import type { CreateAssessmentDto, ListAssessmentsQuery } from './dto/assessment.dto.js';
import { compareResults, failedTwiceInARow, scoreDelta, type Trend, trendOf } from './rules/history.js';
import { assertCompleteAnswers, type CriterionAnswer, failedMustCriteria, scoreAssessment } from './rules/scoring.js';
import { criteriaOf, type Standard } from './rules/standard-schema.js';
import type { SiteAssessment } from './site-assessment.entity.js';
import { type EvidenceMetadata, SiteAssessmentsRepository } from './site-assessments.repository.js';
import { StandardsCatalogue } from './standards-catalogue.js';

/** Our choice, not a standard's: a month to act on a failed "must" unless the assessor says otherwise. */
export const DEFAULT_ACTION_DAYS = 30;

/** An assessment with what its PDF needs besides the view. */
export interface AssessmentReport {
  readonly detail: AssessmentDetailView;
  readonly standard: Standard;
  readonly siteName: string;
}

function levelRank(standard: Standard, level: string | null): number {
  return level === null ? -1 : standard.levels.findIndex((candidate) => candidate.id === level);
}

function actionViewOf(action: CorrectiveAction): CriterionActionView {
  return {
    id: action.id, flagId: action.flagId, assessmentId: action.assessmentId ?? '', description: action.description, ownerUserId: action.ownerUserId,
    dueOn: action.dueOn, status: action.status, note: action.note, completedAt: action.completedAt,
  };
}

/**
 * Site self-assessments against the standards of templates/standards/: recorded whole in one
 * transaction with the corrective actions their failed "must" criteria open; read with their
 * history, the previous assessment's answers and actions, and compared two by two.
 */
@Injectable()
export class SiteAssessmentsService {
  constructor(
    private readonly db: Db,
    private readonly repository: SiteAssessmentsRepository,
    private readonly catalogue: StandardsCatalogue,
    private readonly findings: FindingActionsService,
    private readonly audit: AuditService,
  ) {}

  async create(auth: TenantAuthContext, siteId: string, dto: CreateAssessmentDto): Promise<AssessmentDetailView> {
    const standard = this.catalogue.get(dto.standardId, dto.standardVersion);
    const assessedOn = assertIsoDate(dto.assessedOn);
    if (compareIsoDates(assessedOn, addDays(new Date().toISOString().slice(0, 10), 1)) > 0) throw new DomainError('ASSESSMENT_DATE_IN_FUTURE', { field: 'assessedOn', assessedOn });
    const answers: CriterionAnswer[] = dto.criteria.map((answer) => ({ criterionId: answer.criterionId, result: answer.result, note: answer.note?.trim() || null }));
    assertCompleteAnswers(standard, answers);
    const score = scoreAssessment(standard, answers);
    const failed = new Set(failedMustCriteria(standard, answers));
    const criteria = new Map(criteriaOf(standard).map((criterion) => [criterion.id, criterion]));
    const plans = dto.criteria.map((answer, index) => {
      const plan = answer.correctiveAction;
      if (plan === undefined) return null;
      if (!failed.has(answer.criterionId)) throw new DomainError('CORRECTIVE_ACTION_UNEXPECTED', { field: `criteria[${index}].correctiveAction`, criterionId: answer.criterionId });
      return { criterionId: answer.criterionId, ...plan };
    });
    const actions = [...failed].map((criterionId) => {
      const plan = plans.find((candidate) => candidate?.criterionId === criterionId);
      const criterion = criteria.get(criterionId);
      const dueOn = assertIsoDate(plan?.dueOn ?? dto.correctiveActionDueOn ?? addDays(assessedOn, DEFAULT_ACTION_DAYS));
      if (compareIsoDates(dueOn, assessedOn) < 0) throw new DomainError('CORRECTIVE_ACTION_DUE_BEFORE_ASSESSMENT', { field: 'correctiveActionDueOn', dueOn, assessedOn });
      return {
        criterionId, dueOn,
        ownerUserId: plan?.ownerUserId ?? dto.correctiveActionOwnerUserId ?? auth.userId,
        description: plan?.description ?? `${standard.id} ${standard.version} · ${criterionId} — ${criterion?.text.fr ?? ''}`.slice(0, 2000),
      };
    });
    return this.db.tenant(auth, async (tx) => {
      await this.siteName(tx, siteId);
      const id = await this.repository.insertAssessment(tx, {
        id: dto.id ?? null, siteId, standardId: standard.id, standardVersion: standard.version, assessedOn, assessorUserId: auth.userId,
        assessorName: dto.assessorName ?? null, summary: dto.summary ?? null, scoreBp: score.overall.scoreBp, levelReached: score.levelReached,
        criteria: answers.map((answer) => {
          const criterion = criteria.get(answer.criterionId);
          return { criterionId: answer.criterionId, sectionId: criterion?.sectionId ?? '', must: criterion?.must ?? false, result: answer.result, note: answer.note ?? null };
        }).sort((a, b) => [...criteria.keys()].indexOf(a.criterionId) - [...criteria.keys()].indexOf(b.criterionId)),
      });
      if (id === null) throw new DomainError('ASSESSMENT_EXISTS', { id: dto.id }, 'conflict');
      await this.findings.open(tx, auth, { assessmentId: id, siteId, standardId: standard.id, standardVersion: standard.version, assessedAt: new Date(`${assessedOn}T12:00:00Z`), actions });
      await this.audit.record(tx, auth, {
        action: 'site_assessment.recorded',
        entity: 'site_assessment',
        entityId: id,
        after: { siteId, standardId: standard.id, standardVersion: standard.version, assessedOn, scoreBp: score.overall.scoreBp, levelReached: score.levelReached, failedMustCriteria: [...failed] },
      });
      return (await this.report(tx, siteId, id)).detail;
    });
  }

  /** Newest first, each with its trend against the one before it (same standard). */
  async list(auth: TenantAuthContext, siteId: string, query: ListAssessmentsQuery): Promise<Page<AssessmentView>> {
    const limit = pageSizeOf(query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['string', 'string', 'uuid'] as const);
    return this.db.tenant(auth, async (tx) => {
      await this.siteName(tx, siteId);
      const rows = await this.repository.history(tx, siteId, query.standardId, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => {
          const standard = this.standardOf(row);
          const trend = trendOf({ scoreBp: row.scoreBp, levelRank: levelRank(standard, row.levelReached) }, row.hasPrevious ? { scoreBp: row.previousScoreBp, levelRank: levelRank(standard, row.previousLevel) } : null);
          return this.viewOf(row, trend);
        }),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.assessedOn, last.createdAtKey, last.id]) : null,
      };
    });
  }

  async get(auth: TenantAuthContext, siteId: string, assessmentId: string): Promise<AssessmentDetailView> {
    return this.db.tenant(auth, async (tx) => (await this.report(tx, siteId, assessmentId)).detail);
  }

  async reportOf(auth: TenantAuthContext, siteId: string, assessmentId: string): Promise<AssessmentReport> {
    return this.db.tenant(auth, (tx) => this.report(tx, siteId, assessmentId));
  }

  async compare(auth: TenantAuthContext, siteId: string, assessmentId: string, otherId: string): Promise<AssessmentComparisonView> {
    return this.db.tenant(auth, async (tx) => {
      await this.siteName(tx, siteId);
      const [one, other] = [await this.assessment(tx, siteId, assessmentId), await this.assessment(tx, siteId, otherId)];
      if (one.standardId !== other.standardId) throw new DomainError('ASSESSMENT_COMPARISON_STANDARD_DIFFERS', { field: 'with', standardId: one.standardId, otherStandardId: other.standardId });
      const [from, to] = [one, other].sort((a, b) => compareIsoDates(a.assessedOn, b.assessedOn) || a.createdAt.getTime() - b.createdAt.getTime()) as [SiteAssessment, SiteAssessment];
      const answers = await this.repository.answersOf(tx, [from.id, to.id]);
      const resultsOf = (id: string) => answers.filter((answer) => answer.assessmentId === id).map((answer) => [answer.criterionId, answer.result] as const);
      const sectionsOf = (assessment: SiteAssessment) => scoreAssessment(this.standardOf(assessment), resultsOf(assessment.id).map(([criterionId, result]) => ({ criterionId, result }))).sections;
      const fromSections = new Map(sectionsOf(from).map((section) => [section.sectionId, section.scoreBp]));
      const toSections = new Map(sectionsOf(to).map((section) => [section.sectionId, section.scoreBp]));
      const sectionIds = [...toSections.keys(), ...[...fromSections.keys()].filter((id) => !toSections.has(id))];
      const standard = this.standardOf(to);
      return {
        from: this.viewOf(from, 'first'),
        to: this.viewOf(to, trendOf({ scoreBp: to.scoreBp, levelRank: levelRank(standard, to.levelReached) }, { scoreBp: from.scoreBp, levelRank: levelRank(standard, from.levelReached) })),
        scoreDeltaBp: scoreDelta(from.scoreBp, to.scoreBp),
        sections: sectionIds.map((sectionId) => {
          const fromScoreBp = fromSections.get(sectionId) ?? null;
          const toScoreBp = toSections.get(sectionId) ?? null;
          return { sectionId, fromScoreBp, toScoreBp, deltaBp: scoreDelta(fromScoreBp, toScoreBp) };
        }),
        criteria: compareResults(resultsOf(from.id), resultsOf(to.id)),
      };
    });
  }

  private async report(tx: TenantTx, siteId: string, assessmentId: string): Promise<AssessmentReport> {
    const siteName = await this.siteName(tx, siteId);
    const assessment = await this.assessment(tx, siteId, assessmentId);
    const standard = this.standardOf(assessment);
    const previous = await this.repository.previousAssessment(tx, assessment);
    const ids = previous === null ? [assessment.id] : [assessment.id, previous.id];
    const answers = await this.repository.answersOf(tx, ids);
    const own = answers.filter((answer) => answer.assessmentId === assessment.id);
    const previousResults = previous === null ? null : new Map(answers.filter((answer) => answer.assessmentId === previous.id).map((answer) => [answer.criterionId, answer.result]));
    const repeated = failedTwiceInARow(new Map(own.map((answer) => [answer.criterionId, answer.result])), previousResults);
    const actions = await this.findings.actionsOf(tx, ids);
    const evidence = await this.repository.evidenceMetadata(tx, [assessment.id]);
    const score = scoreAssessment(standard, own.map((answer) => ({ criterionId: answer.criterionId, result: answer.result })));
    const criteria = new Map(criteriaOf(standard).map((criterion) => [criterion.id, criterion]));
    const trend = trendOf({ scoreBp: assessment.scoreBp, levelRank: levelRank(standard, assessment.levelReached) }, previous === null ? null : { scoreBp: previous.scoreBp, levelRank: levelRank(standard, previous.levelReached) });
    const titles = new Map(standard.sections.map((section) => [section.id, section.title]));
    return {
      standard,
      siteName,
      detail: {
        ...this.viewOf(assessment, trend),
        standardName: standard.name,
        previousAssessmentId: previous?.id ?? null,
        sections: score.sections.map((section) => ({ ...section, title: titles.get(section.sectionId) ?? { fr: section.sectionId, en: section.sectionId } })),
        criteria: own.map((answer): AssessedCriterionView => {
          const criterion = criteria.get(answer.criterionId);
          const mine = actions.find((action) => action.assessmentId === assessment.id && action.criterionId === answer.criterionId);
          return {
            criterionId: answer.criterionId, sectionId: answer.sectionId, level: criterion?.level ?? '', must: answer.must,
            text: criterion?.text ?? { fr: answer.criterionId, en: answer.criterionId }, result: answer.result, note: answer.note,
            previousResult: previousResults?.get(answer.criterionId) ?? null,
            failedTwiceInARow: repeated.has(answer.criterionId),
            evidence: evidence.filter((file: EvidenceMetadata) => file.criterionId === answer.criterionId),
            correctiveAction: mine === undefined ? null : actionViewOf(mine),
            previousActions: actions.filter((action) => previous !== null && action.assessmentId === previous.id && action.criterionId === answer.criterionId).map(actionViewOf),
          };
        }),
      },
    };
  }

  private viewOf(assessment: SiteAssessment, trend: Trend): AssessmentView {
    return {
      id: assessment.id, siteId: assessment.siteId, standardId: assessment.standardId, standardVersion: assessment.standardVersion, assessedOn: assessment.assessedOn,
      assessorUserId: assessment.assessorUserId, assessorName: assessment.assessorName, summary: assessment.summary, scoreBp: assessment.scoreBp,
      levelReached: assessment.levelReached, trend, createdAt: assessment.createdAt,
    };
  }

  /** The version an assessment was made against: its file stays while assessments point at it. */
  private standardOf(assessment: Pick<SiteAssessment, 'standardId' | 'standardVersion'>): Standard {
    return this.catalogue.get(assessment.standardId, assessment.standardVersion);
  }

  private async siteName(tx: TenantTx, siteId: string): Promise<string> {
    const name = await this.repository.siteName(tx, siteId);
    if (name === null) throw new DomainError('SITE_NOT_FOUND', {}, 'not_found');
    return name;
  }

  private async assessment(tx: TenantTx, siteId: string, assessmentId: string): Promise<SiteAssessment> {
    const assessment = await this.repository.assessmentById(tx, siteId, assessmentId);
    if (assessment === null) throw new DomainError('ASSESSMENT_NOT_FOUND', {}, 'not_found');
    return assessment;
  }
}
