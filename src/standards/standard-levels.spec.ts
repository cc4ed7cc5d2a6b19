import { criteriaOf } from './rules/standard-schema.js';
import { type CriterionAnswer, failedMustCriteria, scoreAssessment } from './rules/scoring.js';
import { StandardsCatalogue } from './standards-catalogue.js';

const standards = StandardsCatalogue.load().latestVersions();

describe.each(standards.map((standard) => [`${standard.id} ${standard.version}`, standard] as const))('scoring and levels of %s', (_name, standard) => {
  const criteria = criteriaOf(standard);
  const allMet = (): CriterionAnswer[] => criteria.map((criterion) => ({ criterionId: criterion.id, result: 'met' }));
  const top = standard.levels[standard.levels.length - 1]?.id;

  it('reaches the top level with a full score when every criterion is met', () => {
    const score = scoreAssessment(standard, allMet());
    expect(score.levelReached).toBe(top);
    expect(score.overall.scoreBp).toBe(10_000);
    expect(score.sections).toHaveLength(standard.sections.length);
  });

  it.each(criteria.filter((criterion) => criterion.must).map((criterion) => [criterion.id, criterion.level] as const))('stops below %s (level %s) when that must is not met, and opens one action', (criterionId, level) => {
    const answers = allMet().map((answer) => (answer.criterionId === criterionId ? { ...answer, result: 'not_met' as const } : answer));
    const rank = standard.levels.findIndex((candidate) => candidate.id === level);
    expect(scoreAssessment(standard, answers).levelReached).toBe(rank === 0 ? null : standard.levels[rank - 1]?.id);
    expect(failedMustCriteria(standard, answers)).toEqual([criterionId]);
  });

  it('keeps the top level when only criteria that are no must fail', () => {
    const answers = allMet().map((answer) => (criteria.find((criterion) => criterion.id === answer.criterionId)?.must ? answer : { ...answer, result: 'not_met' as const }));
    expect(scoreAssessment(standard, answers).levelReached).toBe(top);
    expect(failedMustCriteria(standard, answers)).toEqual([]);
  });

  it('has at least one must at every level, so every level can be missed', () => {
    for (const level of standard.levels) expect(criteria.some((criterion) => criterion.level === level.id && criterion.must)).toBe(true);
  });
});
