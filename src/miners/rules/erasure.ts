import type { MembershipStatus } from './lifecycle.js';

/** Statuses that only a member ever holds: a suspended miner was active before. */
const MEMBER_STATUSES: readonly MembershipStatus[] = ['active', 'suspended'];

/**
 * Whether the person ever became a member: only an applicant, or one who left as an
 * applicant, may have their personal data erased; a member's record is kept.
 */
export function wasEverMember(
  status: MembershipStatus,
  history: ReadonlyArray<{ readonly fromStatus: MembershipStatus | null; readonly toStatus: MembershipStatus }>,
): boolean {
  if (MEMBER_STATUSES.includes(status)) return true;
  return history.some((change) => MEMBER_STATUSES.includes(change.toStatus) || (change.fromStatus !== null && MEMBER_STATUSES.includes(change.fromStatus)));
}
