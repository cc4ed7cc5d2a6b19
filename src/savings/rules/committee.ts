import { DomainError } from '../../common/domain-error.js';

/** The five committee posts, then the keys and the box, which stay outside the committee. */
export type CommitteePost = 'president' | 'secretary' | 'treasurer' | 'counter' | 'key_holder' | 'box_keeper';

export interface CommitteeElection {
  readonly president: string;
  readonly secretary: string;
  readonly treasurer: string;
  readonly counters: readonly string[];
  readonly keyHolders: readonly string[];
  readonly boxKeeper: string;
}

export interface CommitteeSeat {
  readonly post: CommitteePost;
  /** 1 for single posts, 1–2 for the counters, 1–3 for the key-holders. */
  readonly seat: number;
  readonly memberId: string;
}

const COUNTERS = 2;
const KEY_HOLDERS = 3;

/**
 * The seats of one election, checked: five distinct committee members (president, secretary,
 * treasurer, two money counters), three distinct key-holders none of whom sits on the
 * committee (so that no committee member can open the box), and a box-keeper who holds no
 * key (so that the box and a key are never in the same hands). The box-keeper may sit on
 * the committee. Ids are the group's member ids; membership is checked by the caller.
 */
export function committeeSeats(election: CommitteeElection): CommitteeSeat[] {
  if (election.counters.length !== COUNTERS) throw new DomainError('COMMITTEE_COUNTERS_COUNT', { expected: COUNTERS, given: election.counters.length });
  if (election.keyHolders.length !== KEY_HOLDERS) {
    throw new DomainError('COMMITTEE_KEY_HOLDERS_COUNT', { expected: KEY_HOLDERS, given: election.keyHolders.length });
  }
  const committee: CommitteeSeat[] = [
    { post: 'president', seat: 1, memberId: election.president },
    { post: 'secretary', seat: 1, memberId: election.secretary },
    { post: 'treasurer', seat: 1, memberId: election.treasurer },
    ...election.counters.map((memberId, index): CommitteeSeat => ({ post: 'counter', seat: index + 1, memberId })),
  ];
  const committeePostOf = new Map<string, CommitteePost>();
  for (const { post, memberId } of committee) {
    const held = committeePostOf.get(memberId);
    if (held) throw new DomainError('COMMITTEE_MEMBER_HOLDS_TWO_POSTS', { memberId, post, heldPost: held });
    committeePostOf.set(memberId, post);
  }
  const keyHolders = election.keyHolders.map((memberId, index): CommitteeSeat => ({ post: 'key_holder', seat: index + 1, memberId }));
  const keys = new Set<string>();
  for (const { memberId } of keyHolders) {
    const post = committeePostOf.get(memberId);
    if (post) throw new DomainError('KEY_HOLDER_ON_COMMITTEE', { memberId, post });
    if (keys.has(memberId)) throw new DomainError('KEY_HOLDER_HOLDS_TWO_KEYS', { memberId });
    keys.add(memberId);
  }
  if (keys.has(election.boxKeeper)) throw new DomainError('BOX_KEEPER_HOLDS_KEY', { memberId: election.boxKeeper });
  return [...committee, ...keyHolders, { post: 'box_keeper', seat: 1, memberId: election.boxKeeper }];
}

/** The election back from its seats, as the API shows it. */
export function electionOfSeats(seats: readonly CommitteeSeat[]): CommitteeElection {
  const holders = (post: CommitteePost): string[] =>
    seats.filter((seat) => seat.post === post).sort((a, b) => a.seat - b.seat).map((seat) => seat.memberId);
  return {
    president: holders('president')[0] ?? '',
    secretary: holders('secretary')[0] ?? '',
    treasurer: holders('treasurer')[0] ?? '',
    counters: holders('counter'),
    keyHolders: holders('key_holder'),
    boxKeeper: holders('box_keeper')[0] ?? '',
  };
}
