import { createHash } from 'node:crypto';
import {
  certificationBlockers,
  checkCandidateEligibility,
  secondRoundPlan,
  DEFAULT_CANDIDATE_MIN_MEMBERSHIP_MONTHS,
  DEFAULT_TIE_BREAK,
  tallyPosition,
  type Ballot,
  type CandidateRecord,
  type ElectionCandidate,
  type TallyInput,
} from './elections.js';
import { type MemberStatus } from './types.js';

describe('candidate eligibility', () => {
  const candidate = (membershipDate: string, status: MemberStatus = 'active'): CandidateRecord => ({
    memberId: 'amani',
    status,
    membershipDate,
  });
  const standing = [{ memberId: 'amani', positionId: 'treasurer' }];

  it('requires six months of membership by default', () => {
    expect(DEFAULT_CANDIDATE_MIN_MEMBERSHIP_MONTHS).toBe(6);
  });

  it('accepts a member of exactly six months on the election date', () => {
    expect(checkCandidateEligibility(candidate('2024-01-10'), '2024-07-10', standing)).toEqual({
      memberId: 'amani',
      eligible: true,
      reasons: [],
      eligibleFrom: '2024-07-10',
      positionIds: ['treasurer'],
    });
  });

  it('refuses a member one day short of six months', () => {
    const result = checkCandidateEligibility(candidate('2024-01-10'), '2024-07-09', standing);
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual(['MEMBERSHIP_TOO_RECENT']);
  });

  it('accepts a member of six months and a day', () => {
    expect(checkCandidateEligibility(candidate('2024-01-10'), '2024-07-11', standing).eligible).toBe(true);
  });

  it('counts six months from the end of August to the end of February', () => {
    const result = checkCandidateEligibility(candidate('2024-08-31'), '2025-02-27', standing);
    expect(result.eligibleFrom).toBe('2025-02-28');
    expect(result.eligible).toBe(false);
    expect(checkCandidateEligibility(candidate('2024-08-31'), '2025-02-28', standing).eligible).toBe(true);
  });

  it('refuses a member who joins after the election date', () => {
    expect(checkCandidateEligibility(candidate('2025-01-01'), '2024-12-31', standing).reasons).toEqual([
      'MEMBERSHIP_TOO_RECENT',
    ]);
  });

  it.each<MemberStatus>(['applicant', 'suspended', 'exited'])('refuses a %s member', (status) => {
    expect(checkCandidateEligibility(candidate('2020-01-01', status), '2024-07-10', standing).reasons).toEqual([
      'MEMBER_NOT_ACTIVE',
    ]);
  });

  it('refuses a member standing for two positions in the same election', () => {
    const candidacies = [...standing, { memberId: 'amani', positionId: 'president' }];
    expect(checkCandidateEligibility(candidate('2020-01-01'), '2024-07-10', candidacies)).toEqual(
      expect.objectContaining({
        eligible: false,
        reasons: ['CANDIDATE_FOR_SEVERAL_SEATS'],
        positionIds: ['treasurer', 'president'],
      }),
    );
  });

  it('does not count the same position entered twice as two', () => {
    const candidacies = [...standing, ...standing];
    expect(checkCandidateEligibility(candidate('2020-01-01'), '2024-07-10', candidacies).eligible).toBe(true);
  });

  it("ignores other members' candidacies", () => {
    const candidacies = [...standing, { memberId: 'bahati', positionId: 'president' }];
    expect(checkCandidateEligibility(candidate('2020-01-01'), '2024-07-10', candidacies).eligible).toBe(true);
  });

  it('gives every reason at once', () => {
    const candidacies = [...standing, { memberId: 'amani', positionId: 'secretary' }];
    expect(checkCandidateEligibility(candidate('2024-06-01', 'suspended'), '2024-07-10', candidacies).reasons).toEqual([
      'MEMBER_NOT_ACTIVE',
      'MEMBERSHIP_TOO_RECENT',
      'CANDIDATE_FOR_SEVERAL_SEATS',
    ]);
  });

  it('applies the months the bylaws set, at the boundary', () => {
    const bylaws = { candidateMinMembershipMonths: 12 };
    expect(checkCandidateEligibility(candidate('2023-07-10'), '2024-07-10', standing, bylaws).eligible).toBe(true);
    expect(checkCandidateEligibility(candidate('2023-07-11'), '2024-07-10', standing, bylaws).eligible).toBe(false);
  });

  it('lets the bylaws waive the seniority condition', () => {
    const bylaws = { candidateMinMembershipMonths: 0 };
    expect(checkCandidateEligibility(candidate('2024-07-10'), '2024-07-10', standing, bylaws).eligible).toBe(true);
  });

  it('refuses a negative or fractional number of months in the bylaws', () => {
    for (const months of [-1, 2.5]) {
      expect(() =>
        checkCandidateEligibility(candidate('2020-01-01'), '2024-07-10', standing, {
          candidateMinMembershipMonths: months,
        }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_BYLAW_SETTING' }));
    }
  });
});

const ballots = (...choices: string[][]): Ballot[] => choices.map((c) => ({ choices: c }));
const repeat = (times: number, choices: string[]): string[][] => Array.from({ length: times }, () => choices);
const names = (ids: string[]): ElectionCandidate[] => ids.map((memberId) => ({ memberId }));

const tally = (seats: number, candidates: ElectionCandidate[], cast: Ballot[], extra: Partial<TallyInput> = {}) =>
  ({ positionId: 'committee', seats, candidates, ballots: cast, ...extra }) satisfies TallyInput;

describe('counting the ballots of one position', () => {
  it('elects the top candidates and reports the count', () => {
    const cast = ballots(['a', 'b'], ['a', 'c'], ['a', 'b'], ['b'], ['d']);
    const result = tallyPosition(tally(2, names(['a', 'b', 'c', 'd']), cast));
    expect(result).toEqual({
      positionId: 'committee',
      seats: 2,
      status: 'decided',
      rule: 'USHIRIKA_TOP_SEATS_BY_VOTES',
      tieBreakRule: 'second_round',
      tieBreakApplied: false,
      elected: [
        { memberId: 'a', votes: 3 },
        { memberId: 'b', votes: 3 },
      ],
      tied: [],
      undecidedSeats: 0,
      unfilledSeats: 0,
      ranking: [
        { memberId: 'a', votes: 3 },
        { memberId: 'b', votes: 3 },
        { memberId: 'c', votes: 1 },
        { memberId: 'd', votes: 1 },
      ],
      ballots: { total: 5, valid: 5, blank: 0, spoilt: 0 },
    });
  });

  it('accepts a ballot naming exactly as many candidates as seats', () => {
    const result = tallyPosition(tally(2, names(['a', 'b', 'c']), ballots(['a', 'b'])));
    expect(result.ballots).toEqual({ total: 1, valid: 1, blank: 0, spoilt: 0 });
  });

  it('spoils a ballot naming more candidates than seats, counting none of its names', () => {
    const result = tallyPosition(tally(2, names(['a', 'b', 'c']), ballots(['a', 'b', 'c'], ['c'])));
    expect(result.ballots).toEqual({ total: 2, valid: 1, blank: 0, spoilt: 1 });
    expect(result.ranking).toEqual([
      { memberId: 'c', votes: 1 },
      { memberId: 'a', votes: 0 },
      { memberId: 'b', votes: 0 },
    ]);
  });

  it('spoils a ballot naming the same candidate twice', () => {
    const result = tallyPosition(tally(2, names(['a', 'b']), ballots(['a', 'a'])));
    expect(result.ballots.spoilt).toBe(1);
    expect(result.elected).toEqual([]);
  });

  it('spoils a ballot naming someone who is not a candidate', () => {
    const result = tallyPosition(tally(1, names(['a', 'b']), ballots(['zz'], ['a'])));
    expect(result.ballots).toEqual({ total: 2, valid: 1, blank: 0, spoilt: 1 });
  });

  it('counts an empty ballot as blank', () => {
    const result = tallyPosition(tally(1, names(['a']), ballots([], ['a'])));
    expect(result.ballots).toEqual({ total: 2, valid: 1, blank: 1, spoilt: 0 });
  });

  it('leaves a seat unfilled rather than give it to a candidate with no vote', () => {
    const result = tallyPosition(tally(3, names(['a', 'b', 'c']), ballots(['a'], ['b'])));
    expect(result.status).toBe('decided');
    expect(result.elected.map((c) => c.memberId)).toEqual(['a', 'b']);
    expect(result.unfilledSeats).toBe(1);
  });

  it('fills no seat when no ballot was cast', () => {
    expect(tallyPosition(tally(2, names(['a', 'b']), []))).toEqual(
      expect.objectContaining({ status: 'decided', elected: [], unfilledSeats: 2 }),
    );
  });

  it('needs no tie-break when the tied candidates all fit in the seats', () => {
    const cast = ballots(...repeat(5, ['a']), ...repeat(3, ['b']), ...repeat(3, ['c']), ['d']);
    const result = tallyPosition(tally(3, names(['a', 'b', 'c', 'd']), cast), { electionTieBreak: 'lot' });
    expect(result.status).toBe('decided');
    expect(result.tieBreakApplied).toBe(false);
    expect(result.elected.map((c) => c.memberId)).toEqual(['a', 'b', 'c']);
  });

  it('refuses more ballots than voters', () => {
    expect(() => tallyPosition(tally(1, names(['a']), ballots(['a'], ['a'], ['a']), { voters: 2 }))).toThrow(
      expect.objectContaining({ code: 'MORE_BALLOTS_THAN_VOTERS', params: { ballots: 3, voters: 2 } }),
    );
    expect(tallyPosition(tally(1, names(['a']), ballots(['a'], ['a']), { voters: 2 })).status).toBe('decided');
  });

  it.each([0, -1, 1.5])('refuses %p seats', (seats) => {
    expect(() => tallyPosition(tally(seats, names(['a']), []))).toThrow(
      expect.objectContaining({ code: 'INVALID_SEAT_COUNT', params: { seats } }),
    );
  });

  it('refuses a candidate listed twice', () => {
    expect(() => tallyPosition(tally(1, names(['a', 'a']), []))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CANDIDATE', params: { positionId: 'committee' } }),
    );
  });
});

describe('a tie for the last seat', () => {
  /** b and c tie for the second of two seats, a is clearly ahead. */
  const cast = ballots(...repeat(5, ['a']), ...repeat(3, ['b']), ...repeat(3, ['c']));

  describe('sent to a second round', () => {
    it('is the default rule', () => {
      expect(DEFAULT_TIE_BREAK).toBe('second_round');
    });

    it('elects those ahead and asks a second round of the tied', () => {
      const result = tallyPosition(tally(2, names(['a', 'b', 'c']), cast));
      expect(result).toEqual(
        expect.objectContaining({
          status: 'second_round_required',
          tieBreakRule: 'second_round',
          tieBreakApplied: true,
          elected: [{ memberId: 'a', votes: 5 }],
          tied: [
            { memberId: 'b', votes: 3 },
            { memberId: 'c', votes: 3 },
          ],
          undecidedSeats: 1,
        }),
      );
    });

    it('decides the second round when run again on the tied candidates', () => {
      const second = tallyPosition(tally(1, names(['b', 'c']), ballots(['c'], ['c'], ['b'])));
      expect(second.elected).toEqual([{ memberId: 'c', votes: 2 }]);
    });
  });

  describe('broken by seniority', () => {
    const bylaws = { electionTieBreak: 'seniority' as const };
    const candidates = (b: string, c: string): ElectionCandidate[] => [
      { memberId: 'a', membershipDate: '2022-01-01' },
      { memberId: 'b', membershipDate: b },
      { memberId: 'c', membershipDate: c },
    ];

    it('elects the earliest member', () => {
      const result = tallyPosition(tally(2, candidates('2019-05-02', '2019-05-01'), cast), bylaws);
      expect(result).toEqual(
        expect.objectContaining({
          status: 'decided',
          tieBreakRule: 'seniority',
          tieBreakApplied: true,
          elected: [
            { memberId: 'a', votes: 5 },
            { memberId: 'c', votes: 3 },
          ],
          tied: [],
          undecidedSeats: 0,
        }),
      );
    });

    it('sends candidates who joined the same day to a second round', () => {
      const result = tallyPosition(tally(2, candidates('2019-05-01', '2019-05-01'), cast), bylaws);
      expect(result.status).toBe('second_round_required');
      expect(result.tieBreakRule).toBe('seniority');
      expect(result.tied.map((c) => c.memberId)).toEqual(['b', 'c']);
      expect(result.undecidedSeats).toBe(1);
    });

    it('elects the senior and sends only those still tied to a second round', () => {
      const four = ballots(...repeat(3, ['p']), ...repeat(3, ['q']), ...repeat(3, ['r']), ...repeat(3, ['s']));
      const people = [
        { memberId: 'p', membershipDate: '2018-01-01' },
        { memberId: 'q', membershipDate: '2019-01-01' },
        { memberId: 'r', membershipDate: '2019-01-01' },
        { memberId: 's', membershipDate: '2020-01-01' },
      ];
      const result = tallyPosition(tally(2, people, four), bylaws);
      expect(result.elected.map((c) => c.memberId)).toEqual(['p']);
      expect(result.tied.map((c) => c.memberId)).toEqual(['q', 'r']);
      expect(result.undecidedSeats).toBe(1);
    });

    it('elects two who joined the same day when both fit in the seats left', () => {
      const three = ballots(...repeat(3, ['p']), ...repeat(3, ['q']), ...repeat(3, ['r']));
      const people = [
        { memberId: 'p', membershipDate: '2019-01-01' },
        { memberId: 'q', membershipDate: '2020-01-01' },
        { memberId: 'r', membershipDate: '2019-01-01' },
      ];
      const result = tallyPosition(tally(2, people, three), bylaws);
      expect(result.status).toBe('decided');
      expect(result.elected.map((c) => c.memberId).sort()).toEqual(['p', 'r']);
    });

    it('requires the membership dates of the tied candidates', () => {
      const people = [{ memberId: 'a' }, { memberId: 'b' }, { memberId: 'c', membershipDate: '2019-01-01' }];
      expect(() => tallyPosition(tally(2, people, cast), bylaws)).toThrow(
        expect.objectContaining({ code: 'MEMBERSHIP_DATE_REQUIRED', params: { memberIds: ['b'] } }),
      );
    });
  });

  describe('broken by age', () => {
    const bylaws = { electionTieBreak: 'age' as const };
    const candidates = (b: string, c: string): ElectionCandidate[] => [
      { memberId: 'a' },
      { memberId: 'b', birthDate: b },
      { memberId: 'c', birthDate: c },
    ];

    it('elects the eldest', () => {
      const result = tallyPosition(tally(2, candidates('1980-03-01', '1980-02-29'), cast), bylaws);
      expect(result.status).toBe('decided');
      expect(result.tieBreakRule).toBe('age');
      expect(result.tieBreakApplied).toBe(true);
      expect(result.elected.map((c) => c.memberId)).toEqual(['a', 'c']);
    });

    it('sends candidates born the same day to a second round', () => {
      const result = tallyPosition(tally(2, candidates('1980-03-01', '1980-03-01'), cast), bylaws);
      expect(result.status).toBe('second_round_required');
      expect(result.tied.map((c) => c.memberId)).toEqual(['b', 'c']);
    });

    it('requires the birth dates of the tied candidates', () => {
      expect(() => tallyPosition(tally(2, names(['a', 'b', 'c']), cast), bylaws)).toThrow(
        expect.objectContaining({ code: 'BIRTH_DATE_REQUIRED', params: { memberIds: ['b', 'c'] } }),
      );
    });
  });

  describe('drawn by lot', () => {
    const bylaws = { electionTieBreak: 'lot' as const };
    const candidates = names(['a', 'b', 'c']);

    it('asks for a draw when none is given', () => {
      const result = tallyPosition(tally(2, candidates, cast), bylaws);
      expect(result).toEqual(
        expect.objectContaining({
          status: 'draw_required',
          tieBreakRule: 'lot',
          tieBreakApplied: true,
          elected: [{ memberId: 'a', votes: 5 }],
          undecidedSeats: 1,
        }),
      );
      expect(result.tied.map((c) => c.memberId)).toEqual(['b', 'c']);
    });

    it('elects the first name drawn by hand', () => {
      const result = tallyPosition(tally(2, candidates, cast, { lotDraw: { order: ['c', 'b'] } }), bylaws);
      expect(result.status).toBe('decided');
      expect(result.elected.map((c) => c.memberId)).toEqual(['a', 'c']);
    });

    it.each([[['b']], [['b', 'c', 'a']], [['b', 'b']], [['b', 'zz']]])(
      'refuses a hand draw %p that is not exactly the tied candidates',
      (order) => {
        expect(() => tallyPosition(tally(2, candidates, cast, { lotDraw: { order } }), bylaws)).toThrow(
          expect.objectContaining({ code: 'LOT_DRAW_MISMATCH', params: { expected: ['b', 'c'], received: order } }),
        );
      },
    );

    /** The published algorithm, so that anyone holding the minuted seed can re-check the draw. */
    const digest = (seed: string, memberId: string): string =>
      createHash('sha256').update(`${seed}\u0000committee\u0000${memberId}`).digest('hex');

    it('elects the tied candidate with the lowest SHA-256 of seed, position and member', () => {
      for (const seed of ['assembly-2024-07-10', 'x', 'ballot box 3']) {
        const expected = digest(seed, 'b') < digest(seed, 'c') ? 'b' : 'c';
        const result = tallyPosition(tally(2, candidates, cast, { lotDraw: { seed } }), bylaws);
        expect(result.status).toBe('decided');
        expect(result.elected.map((c) => c.memberId)).toEqual(['a', expected]);
      }
    });

    it('gives the same result for the same seed whatever the order of candidates and ballots', () => {
      const lotDraw = { seed: 'assembly-2024-07-10' };
      const first = tallyPosition(tally(2, candidates, cast, { lotDraw }), bylaws);
      const shuffled = tallyPosition(tally(2, [...candidates].reverse(), [...cast].reverse(), { lotDraw }), bylaws);
      expect(shuffled.elected).toEqual(first.elected);
    });

    it('lets each tied candidate win under some seed', () => {
      const winners = new Set(
        Array.from({ length: 20 }, (_, i) => {
          const result = tallyPosition(tally(2, candidates, cast, { lotDraw: { seed: `s${i}` } }), bylaws);
          return result.elected[1].memberId;
        }),
      );
      expect([...winners].sort()).toEqual(['b', 'c']);
    });
  });
});

describe('after the count: second rounds and certification', () => {
  // Two seats; A leads, B and C tie for the second; D has no vote; one ballot is blank.
  const cast = ballots(['A', 'B'], ['A', 'C'], ['A'], []);
  const tied = tallyPosition(tally(2, names(['A', 'B', 'C', 'D']), cast));
  const decided = tallyPosition({ ...tally(1, names(['A', 'B']), ballots(['A'], ['A'], ['B'])), positionId: 'president' });
  const awaitingDraw = tallyPosition({ ...tally(1, names(['B', 'C']), ballots(['B'], ['C'])), positionId: 'secretary' }, { electionTieBreak: 'lot' });

  it('puts back only the undecided seats and only the tied candidates', () => {
    expect(tied.status).toBe('second_round_required');
    expect(secondRoundPlan([decided, tied])).toEqual([{ positionId: 'committee', seats: 1, candidateIds: ['B', 'C'] }]);
  });

  it('plans nothing when every position is decided', () => {
    expect(secondRoundPlan([decided])).toEqual([]);
  });

  it('plans nothing for a tie the bylaws break by lot', () => {
    expect(awaitingDraw.status).toBe('draw_required');
    expect(secondRoundPlan([awaitingDraw])).toEqual([]);
  });

  it('keeps the certification back until the second round is opened', () => {
    expect(certificationBlockers([decided, tied], false).map((t) => t.positionId)).toEqual(['committee']);
    expect(certificationBlockers([decided, tied], true)).toEqual([]);
  });

  it('keeps the certification back while a draw is awaited, second round or not', () => {
    expect(certificationBlockers([decided, awaitingDraw], true).map((t) => t.positionId)).toEqual(['secretary']);
    expect(certificationBlockers([decided, awaitingDraw], false).map((t) => t.positionId)).toEqual(['secretary']);
  });

  it('certifies a fully decided election at once', () => {
    expect(certificationBlockers([decided], false)).toEqual([]);
  });
});
