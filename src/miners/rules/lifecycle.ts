import { DomainError } from '../../common/domain-error.js';

/**
 * Membership: applicant → active ⇄ suspended, and any of them → exited, which is final (a
 * miner who comes back joins again as a new applicant, so the old exit stays on record).
 * An applicant cannot be suspended: a refused or withdrawn application is an exit. Every
 * change needs a written reason; the deciding officer is recorded by the caller.
 */
export const MEMBERSHIP_STATUSES = ['applicant', 'active', 'suspended', 'exited'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const MEMBERSHIP_TRANSITIONS: Readonly<Record<MembershipStatus, readonly MembershipStatus[]>> = {
  applicant: ['active', 'exited'],
  active: ['suspended', 'exited'],
  suspended: ['active', 'exited'],
  exited: [],
};

export function isMembershipStatus(value: string): value is MembershipStatus {
  return (MEMBERSHIP_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: MembershipStatus, to: MembershipStatus): boolean {
  return MEMBERSHIP_TRANSITIONS[from].includes(to);
}

/**
 * Throws MEMBERSHIP_TRANSITION_INVALID (a conflict with the recorded status) before it
 * looks at the reason, so that a caller is never asked for a reason for a move that cannot
 * happen; then REASON_REQUIRED when the reason is missing or blank.
 */
export function assertTransition(
  from: MembershipStatus,
  to: MembershipStatus,
  reason: string | null | undefined,
): void {
  if (!canTransition(from, to)) throw new DomainError('MEMBERSHIP_TRANSITION_INVALID', { from, to }, 'conflict');
  if (typeof reason !== 'string' || reason.trim() === '') throw new DomainError('REASON_REQUIRED', { from, to });
}
