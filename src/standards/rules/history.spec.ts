import { compareResults, criterionChange, failedTwiceInARow, scoreDelta, trendOf } from './history.js';
import type { CriterionResult } from './scoring.js';

describe('trendOf', () => {
  it('marks the first assessment of a site', () => {
    expect(trendOf({ scoreBp: 5000, levelRank: 0 }, null)).toBe('first');
  });

  it('lets a level gained or lost decide over the score', () => {
    expect(trendOf({ scoreBp: 4000, levelRank: 1 }, { scoreBp: 9000, levelRank: 0 })).toBe('up');
    expect(trendOf({ scoreBp: 9000, levelRank: -1 }, { scoreBp: 4000, levelRank: 0 })).toBe('down');
  });

  it('compares scores at the same level', () => {
    expect(trendOf({ scoreBp: 6000, levelRank: 0 }, { scoreBp: 5000, levelRank: 0 })).toBe('up');
    expect(trendOf({ scoreBp: 4000, levelRank: 0 }, { scoreBp: 5000, levelRank: 0 })).toBe('down');
    expect(trendOf({ scoreBp: 5000, levelRank: 0 }, { scoreBp: 5000, levelRank: 0 })).toBe('same');
  });

  it('calls it the same when a score is missing at the same level', () => {
    expect(trendOf({ scoreBp: null, levelRank: 2 }, { scoreBp: 5000, levelRank: 2 })).toBe('same');
    expect(trendOf({ scoreBp: 5000, levelRank: 2 }, { scoreBp: null, levelRank: 2 })).toBe('same');
  });
});

describe('failedTwiceInARow', () => {
  const results = (entries: Record<string, CriterionResult>) => new Map(Object.entries(entries));

  it('finds criteria not met now and in the previous assessment', () => {
    const previous = results({ A: 'not_met', B: 'not_met', C: 'met', D: 'not_applicable' });
    const current = results({ A: 'not_met', B: 'met', C: 'not_met', D: 'not_met', E: 'not_met' });
    expect([...failedTwiceInARow(current, previous)]).toEqual(['A']);
  });

  it('finds none on a first assessment', () => {
    expect(failedTwiceInARow(results({ A: 'not_met' }), null).size).toBe(0);
  });
});

describe('criterionChange', () => {
  it('orders not met < not applicable < met', () => {
    expect(criterionChange('not_met', 'met')).toBe('improved');
    expect(criterionChange('not_met', 'not_applicable')).toBe('improved');
    expect(criterionChange('met', 'not_met')).toBe('worsened');
    expect(criterionChange('met', 'not_applicable')).toBe('worsened');
    expect(criterionChange('met', 'met')).toBe('unchanged');
  });

  it('says added or removed for a criterion one version holds and not the other', () => {
    expect(criterionChange(undefined, 'met')).toBe('added');
    expect(criterionChange('met', undefined)).toBe('removed');
    expect(() => criterionChange(undefined, undefined)).toThrow();
  });
});

describe('scoreDelta', () => {
  it('is the newer minus the older, null when either has no score', () => {
    expect(scoreDelta(5000, 7500)).toBe(2500);
    expect(scoreDelta(7500, 5000)).toBe(-2500);
    expect(scoreDelta(null, 5000)).toBeNull();
    expect(scoreDelta(5000, null)).toBeNull();
  });
});

describe('compareResults', () => {
  it('lists the newer assessment’s criteria in its order, then the ones only the older had', () => {
    expect(compareResults([['a', 'not_met'], ['gone', 'met'], ['b', 'met']], [['b', 'met'], ['a', 'met'], ['new', 'not_met']])).toEqual([
      { criterionId: 'b', from: 'met', to: 'met', change: 'unchanged' },
      { criterionId: 'a', from: 'not_met', to: 'met', change: 'improved' },
      { criterionId: 'new', from: null, to: 'not_met', change: 'added' },
      { criterionId: 'gone', from: 'met', to: null, change: 'removed' },
    ]);
  });
});
