import { domainErrorOf } from '../../common/thrown.fixture.js';
import { birthColumns, birthOf, birthOfColumns, touchesBirth } from './birth.js';

describe('birthOf', () => {
  it('takes an exact date of birth', () => {
    expect(birthOf({ dateOfBirth: '1990-04-02' })).toEqual({ estimated: false, date: '1990-04-02' });
  });

  it('takes a year only when it is flagged as estimated', () => {
    expect(birthOf({ birthYear: 1988, birthDateEstimated: true })).toEqual({ estimated: true, year: 1988 });
    expect(domainErrorOf(() => birthOf({ birthYear: 1988 })).code).toBe('BIRTH_INVALID');
  });

  it('refuses a date and a year together, or neither', () => {
    expect(domainErrorOf(() => birthOf({ dateOfBirth: '1990-04-02', birthYear: 1990 })).code).toBe('BIRTH_INVALID');
    expect(domainErrorOf(() => birthOf({ dateOfBirth: '1990-04-02', birthYear: 1990, birthDateEstimated: true })).code).toBe('BIRTH_INVALID');
    expect(domainErrorOf(() => birthOf({})).code).toBe('BIRTH_INVALID');
  });
});

describe('birthColumns and birthOfColumns', () => {
  it('store and read back an exact date and an estimated year', () => {
    for (const birth of [{ estimated: false, date: '1990-04-02' }, { estimated: true, year: 1988 }] as const) {
      expect(birthOfColumns(birthColumns(birth))).toEqual(birth);
    }
    expect(birthColumns({ estimated: true, year: 1988 })).toEqual({ dateOfBirth: null, birthYear: 1988, birthDateEstimated: true });
  });
});

describe('touchesBirth', () => {
  it('sees any birth field, null included, and nothing else', () => {
    expect(touchesBirth({ birthYear: null })).toBe(true);
    expect(touchesBirth({})).toBe(false);
  });
});
