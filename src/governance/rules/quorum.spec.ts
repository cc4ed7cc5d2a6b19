import { applicableQuorum, computeQuorum, defaultQuorum, type QuorumInput } from './quorum.js';
import { type AssemblyKind, type CallNumber, type LegalForm } from './types.js';

type Row = [LegalForm, AssemblyKind, CallNumber, number, number, string, number, number];

/** form, kind, call, num, den, rule, required of 12 members, required of 13 members */
const TABLE: Row[] = [
  ['COOP_CA', 'ordinary', 1, 1, 2, 'OHADA_COOP_CA_ORDINARY_FIRST_CALL_HALF', 6, 7],
  ['COOP_CA', 'ordinary', 2, 1, 4, 'OHADA_COOP_CA_ORDINARY_SECOND_CALL_QUARTER', 3, 4],
  ['COOP_CA', 'extraordinary', 1, 2, 3, 'OHADA_COOP_CA_EXTRAORDINARY_FIRST_CALL_TWO_THIRDS', 8, 9],
  ['COOP_CA', 'extraordinary', 2, 1, 2, 'OHADA_COOP_CA_EXTRAORDINARY_SECOND_CALL_HALF', 6, 7],
  ['COOP_CA', 'constitutive', 1, 2, 3, 'OHADA_COOP_CA_CONSTITUTIVE_FIRST_CALL_TWO_THIRDS', 8, 9],
  ['COOP_CA', 'constitutive', 2, 2, 3, 'OHADA_COOP_CA_CONSTITUTIVE_SECOND_CALL_TWO_THIRDS', 8, 9],
  ['SCOOPS', 'ordinary', 1, 1, 2, 'USHIRIKA_DEFAULT_SCOOPS_ORDINARY_FIRST_CALL_HALF', 6, 7],
  ['SCOOPS', 'ordinary', 2, 1, 4, 'USHIRIKA_DEFAULT_SCOOPS_ORDINARY_SECOND_CALL_QUARTER', 3, 4],
  ['SCOOPS', 'extraordinary', 1, 2, 3, 'USHIRIKA_DEFAULT_SCOOPS_EXTRAORDINARY_FIRST_CALL_TWO_THIRDS', 8, 9],
  ['SCOOPS', 'extraordinary', 2, 1, 2, 'USHIRIKA_DEFAULT_SCOOPS_EXTRAORDINARY_SECOND_CALL_HALF', 6, 7],
  ['SCOOPS', 'constitutive', 1, 2, 3, 'USHIRIKA_DEFAULT_SCOOPS_CONSTITUTIVE_FIRST_CALL_TWO_THIRDS', 8, 9],
  ['SCOOPS', 'constitutive', 2, 2, 3, 'USHIRIKA_DEFAULT_SCOOPS_CONSTITUTIVE_SECOND_CALL_TWO_THIRDS', 8, 9],
];

const input = (
  legalForm: LegalForm,
  kind: AssemblyKind,
  call: CallNumber,
  activeMembers: number,
  present: number,
  represented = 0,
): QuorumInput => ({ legalForm, kind, call, activeMembers, present, represented });

describe.each(TABLE)('quorum of a %s %s assembly, call %i', (form, kind, call, num, den, rule, req12, req13) => {
  const source = form === 'COOP_CA' ? 'law' : 'ushirika_default';

  it(`is ${num}/${den} under rule ${rule}`, () => {
    expect(defaultQuorum(form, kind, call)).toEqual({ fraction: { num, den }, rule, source });
  });

  it('is reached exactly at the threshold', () => {
    expect(computeQuorum(input(form, kind, call, 12, req12))).toEqual({
      required: req12,
      present: req12,
      represented: 0,
      counted: req12,
      activeMembers: 12,
      reached: true,
      rule,
      source,
      fraction: { num, den },
    });
  });

  it('is not reached one member below the threshold', () => {
    const result = computeQuorum(input(form, kind, call, 12, req12 - 1));
    expect(result.reached).toBe(false);
    expect(result.required).toBe(req12);
  });

  it('is reached one member above the threshold', () => {
    expect(computeQuorum(input(form, kind, call, 12, req12 + 1)).reached).toBe(true);
  });

  it('rounds the required count up when the share is not whole', () => {
    expect(computeQuorum(input(form, kind, call, 13, req13 - 1))).toEqual(
      expect.objectContaining({ required: req13, reached: false }),
    );
    expect(computeQuorum(input(form, kind, call, 13, req13)).reached).toBe(true);
  });

  it('counts members represented by proxy with those present', () => {
    const result = computeQuorum(input(form, kind, call, 12, req12 - 2, 2));
    expect(result).toEqual(expect.objectContaining({ present: req12 - 2, represented: 2, counted: req12, reached: true }));
    expect(computeQuorum(input(form, kind, call, 12, req12 - 2, 1)).reached).toBe(false);
  });
});

describe('quorum set by the bylaws', () => {
  const third = { num: 1, den: 3 };

  it('lets a SCOOPS set a lower quorum, applied at its boundary', () => {
    const bylaws = { quorum: { ordinary: { firstCall: third } } };
    expect(computeQuorum(input('SCOOPS', 'ordinary', 1, 12, 4), bylaws)).toEqual(
      expect.objectContaining({
        required: 4,
        reached: true,
        rule: 'BYLAWS_SCOOPS_ORDINARY_FIRST_CALL',
        source: 'bylaws',
        fraction: third,
      }),
    );
    expect(computeQuorum(input('SCOOPS', 'ordinary', 1, 12, 3), bylaws).reached).toBe(false);
  });

  it('lets a SCOOPS set a higher quorum', () => {
    const bylaws = { quorum: { extraordinary: { secondCall: { num: 3, den: 4 } } } };
    const rule = applicableQuorum('SCOOPS', 'extraordinary', 2, bylaws);
    expect(rule).toEqual({ fraction: { num: 3, den: 4 }, rule: 'BYLAWS_SCOOPS_EXTRAORDINARY_SECOND_CALL', source: 'bylaws' });
    expect(computeQuorum(input('SCOOPS', 'extraordinary', 2, 12, 8), bylaws).reached).toBe(false);
  });

  it('applies a SCOOPS bylaw only to the kind and call it names', () => {
    const bylaws = { quorum: { ordinary: { secondCall: { num: 1, den: 10 } } } };
    expect(applicableQuorum('SCOOPS', 'ordinary', 1, bylaws).rule).toBe('USHIRIKA_DEFAULT_SCOOPS_ORDINARY_FIRST_CALL_HALF');
    expect(applicableQuorum('SCOOPS', 'extraordinary', 2, bylaws).rule).toBe(
      'USHIRIKA_DEFAULT_SCOOPS_EXTRAORDINARY_SECOND_CALL_HALF',
    );
    expect(applicableQuorum('SCOOPS', 'ordinary', 2, bylaws).rule).toBe('BYLAWS_SCOOPS_ORDINARY_SECOND_CALL');
  });

  it('lets a SCOOPS set the quorum of its constitutive assembly', () => {
    const bylaws = { quorum: { constitutive: { firstCall: { num: 1, den: 2 } } } };
    expect(applicableQuorum('SCOOPS', 'constitutive', 1, bylaws).rule).toBe('BYLAWS_SCOOPS_CONSTITUTIVE_FIRST_CALL');
  });

  it('refuses a COOP_CA bylaw that lowers the legal quorum', () => {
    const bylaws = { quorum: { ordinary: { firstCall: third } } };
    expect(() => computeQuorum(input('COOP_CA', 'ordinary', 1, 12, 6), bylaws)).toThrow(
      expect.objectContaining({
        code: 'QUORUM_OVERRIDE_NOT_ALLOWED',
        params: {
          legalForm: 'COOP_CA',
          kind: 'ordinary',
          call: 1,
          legal: { num: 1, den: 2 },
          requested: third,
        },
      }),
    );
  });

  it('refuses a COOP_CA bylaw that raises the legal quorum, the Act being public order', () => {
    const bylaws = { quorum: { extraordinary: { secondCall: { num: 2, den: 3 } } } };
    expect(() => applicableQuorum('COOP_CA', 'extraordinary', 2, bylaws)).toThrow(
      expect.objectContaining({ code: 'QUORUM_OVERRIDE_NOT_ALLOWED' }),
    );
  });

  it('accepts a COOP_CA bylaw that merely restates the legal quorum', () => {
    const bylaws = { quorum: { ordinary: { firstCall: { num: 2, den: 4 } } } };
    expect(applicableQuorum('COOP_CA', 'ordinary', 1, bylaws)).toEqual({
      fraction: { num: 1, den: 2 },
      rule: 'OHADA_COOP_CA_ORDINARY_FIRST_CALL_HALF',
      source: 'law',
    });
  });

  it('refuses a malformed bylaw fraction', () => {
    const bylaws = { quorum: { ordinary: { firstCall: { num: 3, den: 2 } } } };
    expect(() => applicableQuorum('SCOOPS', 'ordinary', 1, bylaws)).toThrow(
      expect.objectContaining({ code: 'INVALID_FRACTION', params: { what: 'quorum.ordinary.firstCall', num: 3, den: 2 } }),
    );
  });
});

describe('quorum inputs', () => {
  it('refuses more people counted than active members', () => {
    expect(() => computeQuorum(input('COOP_CA', 'ordinary', 1, 10, 9, 2))).toThrow(
      expect.objectContaining({ code: 'ATTENDANCE_EXCEEDS_MEMBERS', params: { counted: 11, activeMembers: 10 } }),
    );
  });

  it('accepts everyone counted', () => {
    expect(computeQuorum(input('COOP_CA', 'extraordinary', 1, 10, 8, 2)).reached).toBe(true);
  });

  it('refuses an assembly with no active member', () => {
    expect(() => computeQuorum(input('SCOOPS', 'ordinary', 1, 0, 0))).toThrow(
      expect.objectContaining({ code: 'NO_ACTIVE_MEMBERS' }),
    );
  });

  it.each([
    ['activeMembers', input('SCOOPS', 'ordinary', 1, 10.5, 1)],
    ['present', input('SCOOPS', 'ordinary', 1, 10, -1)],
    ['represented', input('SCOOPS', 'ordinary', 1, 10, 1, 0.5)],
  ])('refuses a %s that is not a whole count', (what, bad) => {
    expect(() => computeQuorum(bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_COUNT', params: expect.objectContaining({ what }) }),
    );
  });

  it('is never reached with nobody in the room', () => {
    expect(computeQuorum(input('COOP_CA', 'ordinary', 2, 1, 0)).reached).toBe(false);
  });
});
