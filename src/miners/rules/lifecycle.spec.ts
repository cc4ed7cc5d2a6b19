import {
  assertTransition,
  canTransition,
  isMembershipStatus,
  MEMBERSHIP_STATUSES,
  type MembershipStatus,
} from './lifecycle.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

const ALLOWED = new Set([
  'applicant>active',
  'applicant>exited',
  'active>suspended',
  'active>exited',
  'suspended>active',
  'suspended>exited',
]);

const EVERY_PAIR: Array<[MembershipStatus, MembershipStatus, boolean]> = MEMBERSHIP_STATUSES.flatMap((from) =>
  MEMBERSHIP_STATUSES.map((to): [MembershipStatus, MembershipStatus, boolean] => [from, to, ALLOWED.has(`${from}>${to}`)]),
);

describe('membership lifecycle', () => {
  it('covers all 16 pairs of statuses, six of them allowed', () => {
    expect(EVERY_PAIR).toHaveLength(16);
    expect(EVERY_PAIR.filter(([, , allowed]) => allowed)).toHaveLength(6);
  });

  it.each(EVERY_PAIR)('answers whether %s → %s is allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each(EVERY_PAIR.filter(([, , allowed]) => allowed))('allows %s → %s with a reason', (from, to) => {
    expect(() => assertTransition(from, to, 'decided by the committee on 2026-03-02')).not.toThrow();
  });

  it.each(EVERY_PAIR.filter(([, , allowed]) => !allowed))(
    'refuses %s → %s as a conflict, even with a reason',
    (from, to) => {
      const error = domainErrorOf(() => assertTransition(from, to, 'a reason'));
      expect(error.code).toBe('MEMBERSHIP_TRANSITION_INVALID');
      expect(error.params).toEqual({ from, to });
      expect(error.kind).toBe('conflict');
    },
  );

  it('refuses an impossible move before asking for its reason', () => {
    expect(domainErrorOf(() => assertTransition('exited', 'active', '')).code).toBe('MEMBERSHIP_TRANSITION_INVALID');
  });

  it.each(['', '   ', '\n\t', null, undefined])('requires a reason, refusing %j', (reason) => {
    const error = domainErrorOf(() => assertTransition('active', 'suspended', reason));
    expect(error.code).toBe('REASON_REQUIRED');
    expect(error.params).toEqual({ from: 'active', to: 'suspended' });
    expect(error.kind).toBe('invalid');
  });

  it('makes exit final', () => {
    for (const to of MEMBERSHIP_STATUSES) expect(canTransition('exited', to)).toBe(false);
  });

  it('recognises the four statuses and nothing else', () => {
    for (const status of MEMBERSHIP_STATUSES) expect(isMembershipStatus(status)).toBe(true);
    expect(isMembershipStatus('ACTIVE')).toBe(false);
    expect(isMembershipStatus('deceased')).toBe(false);
  });
});
