import { DomainError } from '../../common/domain-error.js';
import { assertCompleteAnswers, type CriterionAnswer, type CriterionResult, failedMustCriteria, ratioBp, scoreAssessment } from './scoring.js';
import { TEST_STANDARD } from './test-standard.fixture.js';

function answers(results: Readonly<Record<string, CriterionResult>>): CriterionAnswer[] {
  return Object.entries(results).map(([criterionId, result]) => ({ criterionId, result, note: result === 'not_applicable' ? 'no pits here' : null }));
}

const ALL_MET = { a1: 'met', a2: 'met', b1: 'met', b2: 'met', b3: 'met' } as const;

function codeOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('ratioBp', () => {
  it('is met over counted in basis points, half up, null with nothing counted', () => {
    expect(ratioBp(0, 0)).toBeNull();
    expect(ratioBp(0, 3)).toBe(0);
    expect(ratioBp(3, 3)).toBe(10_000);
    expect(ratioBp(1, 3)).toBe(3333);
    expect(ratioBp(2, 3)).toBe(6667);
    expect(ratioBp(1, 8)).toBe(1250);
    expect(ratioBp(1, 16)).toBe(625);
    expect(ratioBp(1, 32)).toBe(313);
  });
});

describe('scoreAssessment', () => {
  it('scores each section and the whole over the criteria, all met reaching the top level', () => {
    const score = scoreAssessment(TEST_STANDARD, answers(ALL_MET));
    expect(score.sections).toEqual([
      { sectionId: 'a', met: 2, notMet: 0, notApplicable: 0, scoreBp: 10_000 },
      { sectionId: 'b', met: 3, notMet: 0, notApplicable: 0, scoreBp: 10_000 },
    ]);
    expect(score.overall).toEqual({ sectionId: 'overall', met: 5, notMet: 0, notApplicable: 0, scoreBp: 10_000 });
    expect(score.levelReached).toBe('top');
  });

  it('leaves not-applicable criteria out of the scores', () => {
    const score = scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, a2: 'not_met', b1: 'not_applicable', b3: 'not_met' }));
    expect(score.sections).toEqual([
      { sectionId: 'a', met: 1, notMet: 1, notApplicable: 0, scoreBp: 5000 },
      { sectionId: 'b', met: 1, notMet: 1, notApplicable: 1, scoreBp: 5000 },
    ]);
    expect(score.overall).toEqual({ sectionId: 'overall', met: 2, notMet: 2, notApplicable: 1, scoreBp: 5000 });
  });

  it('gives a section of only not-applicable criteria no score, and the whole none when all are', () => {
    const score = scoreAssessment(TEST_STANDARD, answers({ a1: 'met', a2: 'met', b1: 'not_applicable', b2: 'not_applicable', b3: 'not_applicable' }));
    expect(score.sections[1]).toEqual({ sectionId: 'b', met: 0, notMet: 0, notApplicable: 3, scoreBp: null });
    expect(score.overall.scoreBp).toBe(10_000);
    const none = scoreAssessment(TEST_STANDARD, answers({ a1: 'not_applicable', a2: 'not_applicable', b1: 'not_applicable', b2: 'not_applicable', b3: 'not_applicable' }));
    expect(none.overall.scoreBp).toBeNull();
    expect(none.levelReached).toBe('top');
  });

  it('reaches no level when a must of the first level is not met, whatever is met above', () => {
    expect(scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, a1: 'not_met' })).levelReached).toBeNull();
  });

  it('stops at the level below the first one whose must is not met', () => {
    expect(scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, b1: 'not_met' })).levelReached).toBe('entry');
    expect(scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, b2: 'not_met' })).levelReached).toBe('middle');
  });

  it('does not let a failed criterion that is no must block a level', () => {
    expect(scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, a2: 'not_met', b3: 'not_met' })).levelReached).toBe('top');
  });

  it('does not let a must marked not applicable block its level', () => {
    expect(scoreAssessment(TEST_STANDARD, answers({ ...ALL_MET, b1: 'not_applicable' })).levelReached).toBe('top');
  });

  it('refuses to score an assessment that leaves a criterion out', () => {
    expect(codeOf(() => scoreAssessment(TEST_STANDARD, answers({ a1: 'met' })))).toBe('CRITERIA_MISSING');
  });
});

describe('assertCompleteAnswers', () => {
  it('accepts one answer per criterion', () => {
    expect(() => assertCompleteAnswers(TEST_STANDARD, answers(ALL_MET))).not.toThrow();
  });

  it('refuses an unknown criterion, a criterion answered twice, and a missing one', () => {
    expect(codeOf(() => assertCompleteAnswers(TEST_STANDARD, [...answers(ALL_MET), { criterionId: 'z9', result: 'met' }]))).toBe('CRITERION_UNKNOWN');
    expect(codeOf(() => assertCompleteAnswers(TEST_STANDARD, [...answers(ALL_MET), { criterionId: 'a1', result: 'met' }]))).toBe('CRITERION_ANSWERED_TWICE');
    expect(codeOf(() => assertCompleteAnswers(TEST_STANDARD, answers({ a1: 'met', a2: 'met', b1: 'met', b2: 'met' })))).toBe('CRITERIA_MISSING');
  });

  it('wants a note on a not-applicable criterion', () => {
    const blank = answers(ALL_MET).map((answer) => (answer.criterionId === 'b1' ? { ...answer, result: 'not_applicable' as const, note: '  ' } : answer));
    expect(codeOf(() => assertCompleteAnswers(TEST_STANDARD, blank))).toBe('CRITERION_NOT_APPLICABLE_NOTE_REQUIRED');
  });
});

describe('failedMustCriteria', () => {
  it('lists the musts not met, in the standard order, and never a should nor a not-applicable must', () => {
    expect(failedMustCriteria(TEST_STANDARD, answers({ a1: 'not_met', a2: 'not_met', b1: 'not_applicable', b2: 'not_met', b3: 'not_met' }))).toEqual(['a1', 'b2']);
    expect(failedMustCriteria(TEST_STANDARD, answers(ALL_MET))).toEqual([]);
  });
});
