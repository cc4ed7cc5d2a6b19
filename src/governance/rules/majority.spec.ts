import { countRollCallVotes, decideResolution, type ResolutionInput } from './majority.js';
import { type AssemblyKind, type DecisionKind, type LegalForm } from './types.js';

const FORMS: LegalForm[] = ['COOP_CA', 'SCOOPS'];
const PREFIX: Record<LegalForm, string> = { COOP_CA: 'OHADA_COOP_CA', SCOOPS: 'USHIRIKA_DEFAULT_SCOOPS' };

const resolution = (
  legalForm: LegalForm,
  assemblyKind: AssemblyKind,
  decision: DecisionKind,
  votesFor: number,
  against: number,
  abstain = 0,
): ResolutionInput => ({ legalForm, assemblyKind, decision, votes: { for: votesFor, against, abstain } });

const SIMPLE_CASES: [AssemblyKind][] = [['ordinary'], ['extraordinary'], ['constitutive']];

describe.each(FORMS)('simple majority in a %s', (form) => {
  describe.each(SIMPLE_CASES)('for an ordinary decision of the %s assembly', (kind) => {
    const rule = `${PREFIX[form]}_SIMPLE_MAJORITY_OF_VOTES_CAST`;

    it('adopts with one vote more for than against', () => {
      expect(decideResolution(resolution(form, kind, 'ordinary', 6, 5))).toEqual({
        adopted: true,
        for: 6,
        against: 5,
        abstain: 0,
        cast: 11,
        rule,
        threshold: { num: 1, den: 2, comparison: 'more_than' },
      });
    });

    it('rejects a tie', () => {
      expect(decideResolution(resolution(form, kind, 'ordinary', 5, 5)).adopted).toBe(false);
    });

    it('rejects one vote fewer for than against', () => {
      expect(decideResolution(resolution(form, kind, 'ordinary', 4, 5)).adopted).toBe(false);
    });

    it('does not count blanks and abstentions as votes cast', () => {
      const result = decideResolution(resolution(form, kind, 'ordinary', 3, 2, 10));
      expect(result).toEqual(expect.objectContaining({ adopted: true, cast: 5, abstain: 10 }));
    });

    it('adopts nothing when no vote is cast', () => {
      expect(decideResolution(resolution(form, kind, 'ordinary', 0, 0, 7))).toEqual(
        expect.objectContaining({ adopted: false, cast: 0 }),
      );
    });
  });
});

const QUALIFIED: DecisionKind[] = ['bylaw_amendment', 'dissolution', 'merger'];

describe.each(FORMS)('two-thirds majority in a %s extraordinary assembly', (form) => {
  describe.each(QUALIFIED)('for %s', (decision) => {
    const rule = `${PREFIX[form]}_TWO_THIRDS_OF_VOTES_CAST`;

    it('adopts at exactly two thirds of votes cast', () => {
      expect(decideResolution(resolution(form, 'extraordinary', decision, 6, 3))).toEqual({
        adopted: true,
        for: 6,
        against: 3,
        abstain: 0,
        cast: 9,
        rule,
        threshold: { num: 2, den: 3, comparison: 'at_least' },
      });
    });

    it('rejects one vote below two thirds', () => {
      expect(decideResolution(resolution(form, 'extraordinary', decision, 5, 4)).adopted).toBe(false);
    });

    it('adopts one vote above two thirds', () => {
      expect(decideResolution(resolution(form, 'extraordinary', decision, 7, 2)).adopted).toBe(true);
    });

    it('compares exactly when the votes cast are not a multiple of three', () => {
      expect(decideResolution(resolution(form, 'extraordinary', decision, 7, 3)).adopted).toBe(true);
      expect(decideResolution(resolution(form, 'extraordinary', decision, 6, 4)).adopted).toBe(false);
      expect(decideResolution(resolution(form, 'extraordinary', decision, 2, 1)).adopted).toBe(true);
      expect(decideResolution(resolution(form, 'extraordinary', decision, 1, 1)).adopted).toBe(false);
    });

    it('does not count abstentions against the resolution', () => {
      const result = decideResolution(resolution(form, 'extraordinary', decision, 6, 3, 20));
      expect(result).toEqual(expect.objectContaining({ adopted: true, cast: 9 }));
    });

    it('adopts nothing when no vote is cast', () => {
      expect(decideResolution(resolution(form, 'extraordinary', decision, 0, 0, 4)).adopted).toBe(false);
    });
  });
});

describe.each(FORMS)('decisions reserved to the extraordinary assembly of a %s', (form) => {
  it.each<[AssemblyKind]>([['ordinary'], ['constitutive']])(
    'refuses a bylaw amendment in the %s assembly',
    (assemblyKind) => {
      expect(() => decideResolution(resolution(form, assemblyKind, 'bylaw_amendment', 10, 0))).toThrow(
        expect.objectContaining({ code: 'BYLAW_CHANGE_NEEDS_EXTRAORDINARY', params: { assemblyKind } }),
      );
    },
  );

  it.each<[DecisionKind, AssemblyKind]>([
    ['dissolution', 'ordinary'],
    ['dissolution', 'constitutive'],
    ['merger', 'ordinary'],
    ['merger', 'constitutive'],
  ])('refuses a %s in the %s assembly', (decision, assemblyKind) => {
    expect(() => decideResolution(resolution(form, assemblyKind, decision, 10, 0))).toThrow(
      expect.objectContaining({ code: 'DECISION_NEEDS_EXTRAORDINARY', params: { decision, assemblyKind } }),
    );
  });
});

describe('one member, one vote', () => {
  it('refuses more votes than members entitled to vote', () => {
    const input = { ...resolution('COOP_CA', 'ordinary', 'ordinary', 5, 3, 2), voters: 9 };
    expect(() => decideResolution(input)).toThrow(
      expect.objectContaining({ code: 'MORE_VOTES_THAN_VOTERS', params: { totalVotes: 10, voters: 9 } }),
    );
  });

  it('accepts as many votes as voters', () => {
    const input = { ...resolution('COOP_CA', 'ordinary', 'ordinary', 5, 3, 2), voters: 10 };
    expect(decideResolution(input).adopted).toBe(true);
  });

  it.each([
    ['for', { for: -1, against: 0, abstain: 0 }],
    ['against', { for: 1, against: 1.5, abstain: 0 }],
    ['abstain', { for: 1, against: 0, abstain: Number.NaN }],
  ])('refuses a count of %s that is not a whole number', (what, votes) => {
    const input = { ...resolution('SCOOPS', 'ordinary', 'ordinary', 0, 0), votes };
    expect(() => decideResolution(input)).toThrow(
      expect.objectContaining({ code: 'INVALID_COUNT', params: expect.objectContaining({ what }) }),
    );
  });

  it('counts a roll-call vote by choice', () => {
    expect(
      countRollCallVotes([
        { memberId: 'a', choice: 'for' },
        { memberId: 'b', choice: 'for' },
        { memberId: 'c', choice: 'against' },
        { memberId: 'd', choice: 'abstain' },
      ]),
    ).toEqual({ for: 2, against: 1, abstain: 1 });
  });

  it('refuses a roll call where a member voted twice, naming each once', () => {
    const votes = [
      { memberId: 'a', choice: 'for' as const },
      { memberId: 'a', choice: 'against' as const },
      { memberId: 'a', choice: 'for' as const },
      { memberId: 'b', choice: 'for' as const },
    ];
    expect(() => countRollCallVotes(votes)).toThrow(
      expect.objectContaining({ code: 'MEMBER_VOTED_TWICE', params: { memberIds: ['a'] } }),
    );
  });

  it('counts an empty roll call as nothing cast', () => {
    expect(countRollCallVotes([])).toEqual({ for: 0, against: 0, abstain: 0 });
  });
});
