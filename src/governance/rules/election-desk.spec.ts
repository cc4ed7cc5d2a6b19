import {
  assertCertifiable,
  assertDrawNamesTied,
  assertPollOpen,
  ballotChoices,
  certifiedResults,
  countPositions,
  recordedLotDraw,
  submittedLotDraw,
} from './election-desk.js';

const code = (value: string) => expect.objectContaining({ code: value });

describe('the poll', () => {
  it('takes ballots only while open', () => {
    expect(() => assertPollOpen({ id: 'e1', status: 'open' })).not.toThrow();
    expect(() => assertPollOpen({ id: 'e1', status: 'closed' })).toThrow(code('POLL_CLOSED'));
    expect(() => assertPollOpen({ id: 'e1', status: 'certified' })).toThrow(code('ELECTION_CERTIFIED'));
  });
});

describe('a ballot', () => {
  it('seals the choices by position', () => {
    expect(ballotChoices(['p1', 'p2'], [{ positionId: 'p1', memberIds: ['m1'] }])).toEqual({ p1: ['m1'] });
  });

  it('names positions of the election, each once', () => {
    expect(() => ballotChoices(['p1'], [{ positionId: 'p9', memberIds: [] }])).toThrow(expect.objectContaining({ code: 'POSITION_NOT_FOUND', kind: 'not_found' }));
    expect(() => ballotChoices(['p1'], [{ positionId: 'p1', memberIds: [] }, { positionId: 'p1', memberIds: ['m1'] }])).toThrow(code('POSITION_CHOSEN_TWICE'));
  });
});

describe('a lot draw', () => {
  it('is a seed or an order, never both nor neither', () => {
    expect(submittedLotDraw({ seed: 'x' })).toEqual({ seed: 'x' });
    expect(submittedLotDraw({ order: ['a', 'b'] })).toEqual({ order: ['a', 'b'] });
    expect(() => submittedLotDraw({})).toThrow(code('LOT_DRAW_SEED_OR_ORDER'));
    expect(() => submittedLotDraw({ seed: 'x', order: ['a'] })).toThrow(code('LOT_DRAW_SEED_OR_ORDER'));
  });

  it('orders exactly the tied candidates', () => {
    const tied = [{ memberId: 'a' }, { memberId: 'b' }];
    expect(() => assertDrawNamesTied({ order: ['b', 'a'] }, tied)).not.toThrow();
    expect(() => assertDrawNamesTied({ seed: 'x' }, tied)).not.toThrow();
    expect(() => assertDrawNamesTied({ order: ['a', 'c'] }, tied)).toThrow(code('LOT_DRAW_MISMATCH'));
    expect(() => assertDrawNamesTied({ order: ['a'] }, tied)).toThrow(code('LOT_DRAW_MISMATCH'));
  });

  it('is read back as it was recorded', () => {
    expect(recordedLotDraw({ seed: 's', order: null })).toEqual({ seed: 's' });
    expect(recordedLotDraw({ seed: null, order: ['a'] })).toEqual({ order: ['a'] });
  });
});

describe('the count of every position', () => {
  const positions = [
    { id: 'p1', title: 'Président', seats: 1, termMonths: 24 },
    { id: 'p2', title: 'Trésorier', seats: 1, termMonths: 24 },
  ];
  const candidacies = ['a', 'b'].flatMap((memberId, index) => [
    { positionId: 'p1', memberId, membershipDate: `2020-01-0${index + 1}`, birthDate: null },
    { positionId: 'p2', memberId, membershipDate: `2020-01-0${index + 1}`, birthDate: null },
  ]);

  it('counts a ballot without a position as a blank for it', () => {
    const [president, treasurer] = countPositions({ positions, candidacies, ballots: [{ choices: { p1: ['a'] } }, { choices: { p1: ['a'], p2: ['b'] } }], voters: 2, lotDraws: new Map() }, {});
    expect(president).toMatchObject({ positionId: 'p1', title: 'Président', termMonths: 24, tally: { status: 'decided', elected: [{ memberId: 'a', votes: 2 }] } });
    expect(treasurer.tally.ballots).toEqual({ total: 2, valid: 1, blank: 1, spoilt: 0 });
  });

  it('waits for a draw under the lot rule, then certifies the drawn order', () => {
    const box = { positions: [positions[0]], candidacies, ballots: [{ choices: { p1: ['a'] } }, { choices: { p1: ['b'] } }], voters: 2 };
    const waiting = countPositions({ ...box, lotDraws: new Map() }, { electionTieBreak: 'lot' });
    expect(waiting[0].tally.status).toBe('draw_required');
    expect(() => assertCertifiable(waiting, false)).toThrow(expect.objectContaining({ code: 'TALLY_UNDECIDED', params: { positions: 'Président', status: 'draw_required' } }));
    const drawn = countPositions({ ...box, lotDraws: new Map([['p1', { order: ['b', 'a'] }]]) }, { electionTieBreak: 'lot' });
    expect(() => assertCertifiable(drawn, false)).not.toThrow();
    expect(certifiedResults(drawn, null)).toEqual([
      expect.objectContaining({ positionId: 'p1', title: 'Président', status: 'decided', elected: [{ memberId: 'b', votes: 1 }], rule: 'USHIRIKA_TOP_SEATS_BY_VOTES', tieBreakRule: 'lot' }),
    ]);
  });

  it('certifies around a tie sent to an opened second round, naming it for the undecided seats', () => {
    const tied = countPositions({ positions: [positions[0]], candidacies, ballots: [{ choices: { p1: ['a'] } }, { choices: { p1: ['b'] } }], voters: 2, lotDraws: new Map() }, { electionTieBreak: 'second_round' });
    expect(() => assertCertifiable(tied, false)).toThrow(code('TALLY_UNDECIDED'));
    expect(() => assertCertifiable(tied, true)).not.toThrow();
    expect(certifiedResults(tied, 'e2')[0]).toMatchObject({ undecidedSeats: 1, secondRoundElectionId: 'e2' });
  });
});
