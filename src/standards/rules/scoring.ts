import { DomainError } from '../../common/domain-error.js';
import { criteriaOf, type Standard } from './standard-schema.js';

export const CRITERION_RESULTS = ['met', 'not_met', 'not_applicable'] as const;
export type CriterionResult = (typeof CRITERION_RESULTS)[number];

export interface CriterionAnswer {
  readonly criterionId: string;
  readonly result: CriterionResult;
  readonly note?: string | null;
}

export interface SectionScore {
  readonly sectionId: string;
  readonly met: number;
  readonly notMet: number;
  readonly notApplicable: number;
  /** met ÷ (met + not met) in basis points, rounded half up; null when every criterion is N/A. */
  readonly scoreBp: number | null;
}

export interface AssessmentScore {
  readonly sections: readonly SectionScore[];
  readonly overall: SectionScore;
  /** The highest level whose "must" criteria, and those of every level below, are all met; null when not even the first. */
  readonly levelReached: string | null;
}

/** Integer basis points, half up, no floating point on the way. */
export function ratioBp(met: number, counted: number): number | null {
  if (counted === 0) return null;
  return Math.floor((met * 20_000 + counted) / (2 * counted));
}

/**
 * An assessment answers every criterion of its standard exactly once; a "not applicable" must
 * say why (a note), since it lifts a criterion out of the score and out of the level.
 */
export function assertCompleteAnswers(standard: Standard, answers: readonly CriterionAnswer[]): void {
  const criteria = new Map(criteriaOf(standard).map((criterion) => [criterion.id, criterion]));
  const seen = new Set<string>();
  answers.forEach((answer, index) => {
    const field = `criteria[${index}].criterionId`;
    if (!criteria.has(answer.criterionId)) throw new DomainError('CRITERION_UNKNOWN', { field, criterionId: answer.criterionId, standardId: standard.id, version: standard.version });
    if (seen.has(answer.criterionId)) throw new DomainError('CRITERION_ANSWERED_TWICE', { field, criterionId: answer.criterionId });
    seen.add(answer.criterionId);
    if (answer.result === 'not_applicable' && !answer.note?.trim()) throw new DomainError('CRITERION_NOT_APPLICABLE_NOTE_REQUIRED', { field: `criteria[${index}].note`, criterionId: answer.criterionId });
  });
  const missing = [...criteria.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) throw new DomainError('CRITERIA_MISSING', { count: missing.length, first: missing[0] });
}

function tally(sectionId: string, results: readonly CriterionResult[]): SectionScore {
  const met = results.filter((result) => result === 'met').length;
  const notMet = results.filter((result) => result === 'not_met').length;
  return { sectionId, met, notMet, notApplicable: results.length - met - notMet, scoreBp: ratioBp(met, met + notMet) };
}

/** Scores per section and overall (over criteria, not an average of sections), and the level reached. */
export function scoreAssessment(standard: Standard, answers: readonly CriterionAnswer[]): AssessmentScore {
  const resultOf = new Map(answers.map((answer) => [answer.criterionId, answer.result]));
  const criteria = criteriaOf(standard);
  const result = (id: string): CriterionResult => {
    const found = resultOf.get(id);
    if (found === undefined) throw new DomainError('CRITERIA_MISSING', { count: 1, first: id });
    return found;
  };
  const sections = standard.sections.map((section) => tally(section.id, criteria.filter((criterion) => criterion.sectionId === section.id).map((criterion) => result(criterion.id))));
  let levelReached: string | null = null;
  for (const level of standard.levels) {
    const blocked = criteria.some((criterion) => criterion.level === level.id && criterion.must && result(criterion.id) === 'not_met');
    if (blocked) break;
    levelReached = level.id;
  }
  return { sections, overall: tally('overall', criteria.map((criterion) => result(criterion.id))), levelReached };
}

/** The "must" criteria not met: each opens a corrective action. */
export function failedMustCriteria(standard: Standard, answers: readonly CriterionAnswer[]): string[] {
  const failed = new Set(answers.filter((answer) => answer.result === 'not_met').map((answer) => answer.criterionId));
  return criteriaOf(standard).filter((criterion) => criterion.must && failed.has(criterion.id)).map((criterion) => criterion.id);
}
