import { assertCommitteeSize, committeeSizeRange } from './committee.js';

const invalid = (min: number, max: number, seats: number, rule: string) =>
  expect.objectContaining({ code: 'COMMITTEE_SIZE_INVALID', params: { min, max, seats, rule } });

describe('SCOOPS management committee', () => {
  const SMALL = 'OHADA_SCOOPS_COMMITTEE_UP_TO_3';
  const LARGE = 'OHADA_SCOOPS_COMMITTEE_3_TO_5_FROM_100_MEMBERS';

  it('has up to 3 seats with 99 members', () => {
    expect(committeeSizeRange('SCOOPS', 99)).toEqual({ min: 1, max: 3, rule: SMALL });
    expect(assertCommitteeSize('SCOOPS', 99, 1).rule).toBe(SMALL);
    expect(assertCommitteeSize('SCOOPS', 99, 3).max).toBe(3);
    expect(() => assertCommitteeSize('SCOOPS', 99, 4)).toThrow(invalid(1, 3, 4, SMALL));
    expect(() => assertCommitteeSize('SCOOPS', 99, 0)).toThrow(invalid(1, 3, 0, SMALL));
  });

  it('has 3 to 5 seats from 100 members', () => {
    expect(committeeSizeRange('SCOOPS', 100)).toEqual({ min: 3, max: 5, rule: LARGE });
    expect(assertCommitteeSize('SCOOPS', 100, 3).min).toBe(3);
    expect(assertCommitteeSize('SCOOPS', 100, 5).max).toBe(5);
    expect(() => assertCommitteeSize('SCOOPS', 100, 2)).toThrow(invalid(3, 5, 2, LARGE));
    expect(() => assertCommitteeSize('SCOOPS', 100, 6)).toThrow(invalid(3, 5, 6, LARGE));
  });

  it('allows 4 or 5 seats at 100 members but not at 99', () => {
    expect(assertCommitteeSize('SCOOPS', 100, 4).rule).toBe(LARGE);
    expect(() => assertCommitteeSize('SCOOPS', 99, 5)).toThrow(invalid(1, 3, 5, SMALL));
  });

  it('counts a cooperative far above 100 members as large', () => {
    expect(committeeSizeRange('SCOOPS', 101).rule).toBe(LARGE);
    expect(committeeSizeRange('SCOOPS', 5).rule).toBe(SMALL);
  });
});

describe('COOP_CA board', () => {
  const BOARD = 'OHADA_COOP_CA_BOARD_3_TO_12';

  it.each([15, 99, 100, 5000])('has 3 to 12 seats whatever the membership (%i)', (members) => {
    expect(committeeSizeRange('COOP_CA', members)).toEqual({ min: 3, max: 12, rule: BOARD });
  });

  it('accepts 3 and 12 seats and refuses 2 and 13', () => {
    expect(assertCommitteeSize('COOP_CA', 40, 3).min).toBe(3);
    expect(assertCommitteeSize('COOP_CA', 40, 12).max).toBe(12);
    expect(() => assertCommitteeSize('COOP_CA', 40, 2)).toThrow(invalid(3, 12, 2, BOARD));
    expect(() => assertCommitteeSize('COOP_CA', 40, 13)).toThrow(invalid(3, 12, 13, BOARD));
  });
});

describe('committee size inputs', () => {
  it('refuses a fractional seat count', () => {
    expect(() => assertCommitteeSize('COOP_CA', 40, 3.5)).toThrow(
      expect.objectContaining({ code: 'COMMITTEE_SIZE_INVALID' }),
    );
  });

  it('refuses a membership that is not a whole count', () => {
    expect(() => committeeSizeRange('SCOOPS', 99.5)).toThrow(expect.objectContaining({ code: 'INVALID_COUNT' }));
  });
});
