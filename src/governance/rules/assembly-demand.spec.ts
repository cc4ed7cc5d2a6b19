import { checkAssemblyDemand } from './assembly-demand.js';

const members = (count: number): string[] => Array.from({ length: count }, (_, i) => `m${i + 1}`);

describe('members demanding an assembly', () => {
  it('is valid with exactly a quarter of the members', () => {
    const result = checkAssemblyDemand(members(5), members(20));
    expect(result).toEqual({
      valid: true,
      required: 5,
      signatories: 5,
      activeMembers: 20,
      ignored: [],
      rule: 'OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY',
    });
  });

  it('is not valid one signature below a quarter', () => {
    const result = checkAssemblyDemand(members(4), members(20));
    expect(result.valid).toBe(false);
    expect(result.required).toBe(5);
  });

  it('is valid one signature above a quarter', () => {
    expect(checkAssemblyDemand(members(6), members(20)).valid).toBe(true);
  });

  it('rounds a quarter up when the membership is not divisible by four', () => {
    expect(checkAssemblyDemand(members(5), members(21))).toEqual(
      expect.objectContaining({ valid: false, required: 6 }),
    );
    expect(checkAssemblyDemand(members(6), members(21)).valid).toBe(true);
  });

  it('counts a member who signed twice once', () => {
    const result = checkAssemblyDemand(['m1', 'm2', 'm3', 'm4', 'm4'], members(20));
    expect(result.signatories).toBe(4);
    expect(result.valid).toBe(false);
    expect(result.ignored).toEqual([{ code: 'DUPLICATE_SIGNATURE', memberId: 'm4' }]);
  });

  it('does not count signatures of people who are not active members', () => {
    const result = checkAssemblyDemand(['m1', 'm2', 'm3', 'm4', 'x9'], members(20));
    expect(result.signatories).toBe(4);
    expect(result.valid).toBe(false);
    expect(result.ignored).toEqual([{ code: 'SIGNATORY_NOT_ACTIVE', memberId: 'x9' }]);
  });

  it('is not valid with no signature', () => {
    expect(checkAssemblyDemand([], members(3)).valid).toBe(false);
  });

  it('refuses to judge a demand when there are no active members', () => {
    expect(() => checkAssemblyDemand(['m1'], [])).toThrow(expect.objectContaining({ code: 'NO_ACTIVE_MEMBERS' }));
  });
});
