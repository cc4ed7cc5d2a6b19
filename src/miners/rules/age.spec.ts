import { ADULT_AGE, AGE_BANDS, ageBand, ageBandOn, ageOn, assumedBirthDate, type Birth, isAdultOn } from './age.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

const born = (date: string): Birth => ({ estimated: false, date });
const bornAbout = (year: number): Birth => ({ estimated: true, year });

describe('age on a date', () => {
  it.each([
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2027-02-28', 18],
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['2008-02-29', '2008-02-29', 0],
    ['2008-02-29', '2009-02-28', 0],
    ['2008-02-29', '2009-03-01', 1],
  ])('counts someone born on leap day %s as %i… on %s', (birth, date, years) => {
    expect(ageOn(born(birth), date)).toEqual({ years, estimated: false });
  });

  it.each([
    ['2008-06-15', '2026-06-14', 17],
    ['2008-06-15', '2026-06-15', 18],
    ['2008-12-31', '2026-12-31', 18],
    ['2008-01-01', '2025-12-31', 17],
    ['2008-01-01', '2026-01-01', 18],
    ['1960-03-10', '2026-03-09', 65],
  ])('counts someone born on %s as %i on %s', (birth, date, years) => {
    expect(ageOn(born(birth), date).years).toBe(years);
  });

  it('treats an estimated year as a birth on 31 December, the youngest possible', () => {
    expect(assumedBirthDate(bornAbout(2008))).toBe('2008-12-31');
    expect(ageOn(bornAbout(2008), '2026-12-30')).toEqual({ years: 17, estimated: true });
    expect(ageOn(bornAbout(2008), '2026-12-31')).toEqual({ years: 18, estimated: true });
    expect(ageOn(bornAbout(2008), '2027-01-01')).toEqual({ years: 18, estimated: true });
  });

  it('gives an estimated birth 0 years during its own year and refuses an earlier year', () => {
    expect(ageOn(bornAbout(2026), '2026-01-01')).toEqual({ years: 0, estimated: true });
    expect(ageOn(bornAbout(2026), '2026-12-31')).toEqual({ years: 0, estimated: true });
    expect(domainErrorOf(() => ageOn(bornAbout(2026), '2025-12-31')).code).toBe('DATE_BEFORE_BIRTH');
  });

  it('refuses a date before an exact birth, naming both dates', () => {
    const error = domainErrorOf(() => ageOn(born('2010-05-05'), '2010-05-04'));
    expect(error.code).toBe('DATE_BEFORE_BIRTH');
    expect(error.params).toEqual({ birthDate: '2010-05-05', date: '2010-05-04' });
  });

  it.each([0, -5, 2008.5, 10_000, Number.NaN])('refuses %p as an estimated birth year', (year) => {
    const error = domainErrorOf(() => ageOn(bornAbout(year), '2026-01-01'));
    expect(error.code).toBe('INVALID_BIRTH_YEAR');
  });

  it('refuses a malformed birth date or reference date', () => {
    expect(domainErrorOf(() => ageOn(born('2008-02-30'), '2026-01-01')).code).toBe('DATE_INVALID');
    expect(domainErrorOf(() => ageOn(born('2008-02-28'), '2026/01/01')).code).toBe('DATE_INVALID');
  });
});

describe('adulthood', () => {
  it('sets the adult age at 18 by default', () => {
    expect(ADULT_AGE).toBe(18);
  });

  it.each([
    [born('2008-02-29'), '2026-02-28', false],
    [born('2008-02-29'), '2026-03-01', true],
    [bornAbout(2008), '2026-01-01', false],
    [bornAbout(2008), '2026-12-30', false],
    [bornAbout(2008), '2026-12-31', true],
    [bornAbout(2007), '2026-01-01', true],
  ])('decides %j is adult on %s: %s', (birth, date, adult) => {
    expect(isAdultOn(birth, date)).toBe(adult);
  });

  it('applies another adult age when the cooperative sets one', () => {
    expect(isAdultOn(born('2006-01-01'), '2026-06-01', 21)).toBe(false);
    expect(isAdultOn(born('2005-06-01'), '2026-06-01', 21)).toBe(true);
    expect(isAdultOn(born('2026-06-01'), '2026-06-01', 0)).toBe(true);
  });

  it.each([-1, 17.5, Number.NaN])('refuses %p as an adult age', (adultAge) => {
    expect(domainErrorOf(() => isAdultOn(born('2000-01-01'), '2026-01-01', adultAge)).code).toBe('ADULT_AGE_INVALID');
  });
});

describe('age bands for reports', () => {
  it('lists the bands of the regulator report in order', () => {
    expect(AGE_BANDS).toEqual(['<18', '18-24', '25-34', '35-44', '45-54', '55+']);
  });

  it.each([
    [0, '<18'],
    [17, '<18'],
    [18, '18-24'],
    [24, '18-24'],
    [25, '25-34'],
    [34, '25-34'],
    [35, '35-44'],
    [44, '35-44'],
    [45, '45-54'],
    [54, '45-54'],
    [55, '55+'],
    [97, '55+'],
  ])('puts age %i in band %s', (years, band) => {
    expect(ageBand(years)).toBe(band);
  });

  it.each([-1, 20.5, Number.NaN])('refuses %p as an age', (years) => {
    expect(domainErrorOf(() => ageBand(years)).code).toBe('AGE_INVALID');
  });

  it('bands an estimated birth by its youngest possible age', () => {
    expect(ageBandOn(bornAbout(2001), '2025-06-30')).toBe('18-24');
    expect(ageBandOn(bornAbout(2001), '2026-12-31')).toBe('25-34');
    expect(ageBandOn(born('2001-01-01'), '2026-01-01')).toBe('25-34');
  });
});
