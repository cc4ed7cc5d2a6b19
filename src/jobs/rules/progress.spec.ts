import { jobProgress } from './progress.js';

describe('jobProgress', () => {
  it('gives whole percentages rounded down, so 100 only when everything is done', () => {
    expect(jobProgress(0, 3)).toEqual({ done: 0, total: 3, percent: 0 });
    expect(jobProgress(1, 3)).toEqual({ done: 1, total: 3, percent: 33 });
    expect(jobProgress(2, 3)).toEqual({ done: 2, total: 3, percent: 66 });
    expect(jobProgress(199, 200)).toEqual({ done: 199, total: 200, percent: 99 });
    expect(jobProgress(3, 3)).toEqual({ done: 3, total: 3, percent: 100 });
  });

  it('reports 0 % while the amount of work is not known yet', () => {
    expect(jobProgress(0, 0)).toEqual({ done: 0, total: 0, percent: 0 });
  });

  it('never reports more done than the total', () => {
    expect(jobProgress(5, 3)).toEqual({ done: 3, total: 3, percent: 100 });
  });

  it('refuses counts that are not whole and non-negative', () => {
    expect(() => jobProgress(-1, 3)).toThrow(RangeError);
    expect(() => jobProgress(1.5, 3)).toThrow(RangeError);
    expect(() => jobProgress(1, Number.NaN)).toThrow(RangeError);
  });
});
