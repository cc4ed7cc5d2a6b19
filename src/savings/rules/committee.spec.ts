import { DomainError } from '../../common/domain-error.js';
import { committeeSeats, electionOfSeats, type CommitteeElection } from './committee.js';

const election: CommitteeElection = {
  president: 'p',
  secretary: 's',
  treasurer: 't',
  counters: ['c1', 'c2'],
  keyHolders: ['k1', 'k2', 'k3'],
  boxKeeper: 'b',
};

describe('committeeSeats', () => {
  it('gives one seat per post, two counters and three key-holders numbered in order', () => {
    const seats = committeeSeats(election);
    expect(seats).toHaveLength(9);
    expect(seats.filter((seat) => seat.post === 'counter')).toEqual([
      { post: 'counter', seat: 1, memberId: 'c1' },
      { post: 'counter', seat: 2, memberId: 'c2' },
    ]);
    expect(seats.filter((seat) => seat.post === 'key_holder').map((seat) => seat.seat)).toEqual([1, 2, 3]);
    expect(electionOfSeats(seats)).toEqual(election);
  });

  it('refuses a key-holder who sits on the committee, naming the post', () => {
    for (const post of ['president', 'secretary', 'treasurer'] as const) {
      const refused = (() => {
        try {
          committeeSeats({ ...election, keyHolders: ['k1', election[post], 'k3'] });
        } catch (error) {
          return error as DomainError;
        }
        throw new Error('expected a refusal');
      })();
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused.code).toBe('KEY_HOLDER_ON_COMMITTEE');
      expect(refused.params).toEqual({ memberId: election[post], post });
    }
    expect(() => committeeSeats({ ...election, keyHolders: ['k1', 'k2', 'c2'] })).toThrow('KEY_HOLDER_ON_COMMITTEE');
  });

  it('refuses one member in two committee posts or holding two keys', () => {
    expect(() => committeeSeats({ ...election, secretary: 'p' })).toThrow('COMMITTEE_MEMBER_HOLDS_TWO_POSTS');
    expect(() => committeeSeats({ ...election, counters: ['c1', 'c1'] })).toThrow('COMMITTEE_MEMBER_HOLDS_TWO_POSTS');
    expect(() => committeeSeats({ ...election, keyHolders: ['k1', 'k1', 'k3'] })).toThrow('KEY_HOLDER_HOLDS_TWO_KEYS');
  });

  it('lets the box-keeper sit on the committee but never hold a key', () => {
    expect(committeeSeats({ ...election, boxKeeper: 'p' }).at(-1)).toEqual({ post: 'box_keeper', seat: 1, memberId: 'p' });
    expect(() => committeeSeats({ ...election, boxKeeper: 'k2' })).toThrow('BOX_KEEPER_HOLDS_KEY');
  });

  it('requires exactly two counters and three key-holders', () => {
    expect(() => committeeSeats({ ...election, counters: ['c1'] })).toThrow('COMMITTEE_COUNTERS_COUNT');
    expect(() => committeeSeats({ ...election, keyHolders: ['k1', 'k2'] })).toThrow('COMMITTEE_KEY_HOLDERS_COUNT');
    expect(() => committeeSeats({ ...election, keyHolders: ['k1', 'k2', 'k3', 'k4'] })).toThrow('COMMITTEE_KEY_HOLDERS_COUNT');
  });
});
