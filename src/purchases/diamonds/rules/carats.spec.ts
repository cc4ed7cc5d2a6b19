import { type DomainError } from '../../../common/domain-error.js';
import { caratVerdict, caratsToMg, differenceBp, mgToCarats, sumMg } from './carats.js';

describe('carats', () => {
  it.each([
    ['1', 200], ['0.005', 1], ['12.35', 2470], ['12.350', 2470], ['1000000', 200_000_000], ['0.01', 2],
  ])('reads %s ct as %d mg exactly', (text, mg) => {
    expect(caratsToMg(text)).toBe(mg);
  });

  it.each([
    ['finer than 0.005 ct', '0.001', 'MASS_TOO_PRECISE'], ['zero', '0', 'MASS_NOT_POSITIVE'], ['a comma', '1,5', 'MASS_NOT_A_NUMBER'],
    ['a negative', '-1', 'MASS_NOT_POSITIVE'], ['a float spelling', '1e3', 'MASS_NOT_A_NUMBER'],
  ])('refuses %s', (_name, text, code) => {
    expect(() => caratsToMg(text)).toThrow(expect.objectContaining({ code }) as DomainError);
  });

  it.each([[2470, '12.35'], [200, '1'], [1, '0.005'], [0, '0'], [-100, '-0.5'], [3570, '17.85']])('writes %d mg as %s ct', (mg, text) => {
    expect(mgToCarats(mg)).toBe(text);
  });

  it('sums without floating point, where 0.1 + 0.2 ct is exactly 0.3 ct', () => {
    expect(mgToCarats(sumMg([caratsToMg('0.1'), caratsToMg('0.2')]))).toBe('0.3');
    expect(sumMg([])).toBe(0);
    expect(sumMg([5, -7])).toBe(-2);
  });

  it('refuses a sum past the safe range and a figure that is not an integer', () => {
    expect(() => sumMg([Number.MAX_SAFE_INTEGER, 1])).toThrow(expect.objectContaining({ code: 'CARAT_FIGURE_INVALID' }) as DomainError);
    expect(() => sumMg([1.5])).toThrow(expect.objectContaining({ code: 'CARAT_FIGURE_INVALID' }) as DomainError);
  });

  describe('verdict against a tolerance in basis points of the reference', () => {
    it.each([
      ['equal', 10_000, 10_000, 50, 'within'],
      ['exactly at the tolerance', 10_000, 10_050, 50, 'within'],
      ['one milligram past it', 10_000, 10_051, 50, 'beyond'],
      ['exactly at twice the tolerance, below', 10_000, 9_900, 50, 'beyond'],
      ['past twice the tolerance', 10_000, 9_899, 50, 'beyond_twice'],
      ['any difference with a zero tolerance', 10_000, 10_001, 0, 'beyond_twice'],
      ['nothing against nothing', 0, 0, 0, 'within'],
      ['something declared against nothing recorded', 0, 1, 10_000, 'beyond_twice'],
      ['half declared with a 100 % tolerance', 2_000, 1_000, 10_000, 'within'],
    ] as const)('%s', (_name, reference, other, tolerance, verdict) => {
      expect(caratVerdict(reference, other, tolerance)).toBe(verdict);
    });

    it('refuses negative or fractional figures', () => {
      for (const [reference, other, tolerance] of [[-1, 0, 0], [0, -1, 0], [0, 0, -1], [0.5, 0, 0]]) {
        expect(() => caratVerdict(reference, other, tolerance)).toThrow(expect.objectContaining({ code: 'CARAT_FIGURE_INVALID' }) as DomainError);
      }
    });
  });

  it.each([[2000, 2100, 500], [2000, 1900, -500], [3, 4, 3333], [3, 2, -3333], [2, 3, 5000], [7, 7, 0], [0, 5, null]])(
    'gives the difference of %d mg and %d mg as %s bp, half away from zero',
    (reference, other, bp) => {
      expect(differenceBp(reference, other)).toBe(bp);
    },
  );
});
