import { DomainError } from '../../common/domain-error.js';
import { assertCount } from './arithmetic.js';
import { type LegalForm } from './types.js';

/**
 * Seats on the governing body. SCOOPS: a management committee of at most 3 members, or of
 * 3 to 5 once the cooperative has 100 members or more. COOP_CA: a board of 3 to 12.
 * Below 100 members the Act sets no floor for a SCOOPS committee, so one seat is the minimum.
 */

export const SCOOPS_LARGE_MEMBERSHIP = 100;

export interface CommitteeSizeRange {
  readonly min: number;
  readonly max: number;
  readonly rule: string;
}

export function committeeSizeRange(legalForm: LegalForm, memberCount: number): CommitteeSizeRange {
  assertCount(memberCount, 'memberCount');
  if (legalForm === 'COOP_CA') return { min: 3, max: 12, rule: 'OHADA_COOP_CA_BOARD_3_TO_12' };
  return memberCount >= SCOOPS_LARGE_MEMBERSHIP
    ? { min: 3, max: 5, rule: 'OHADA_SCOOPS_COMMITTEE_3_TO_5_FROM_100_MEMBERS' }
    : { min: 1, max: 3, rule: 'OHADA_SCOOPS_COMMITTEE_UP_TO_3' };
}

export function assertCommitteeSize(
  legalForm: LegalForm,
  memberCount: number,
  seats: number,
): CommitteeSizeRange {
  const range = committeeSizeRange(legalForm, memberCount);
  if (!Number.isSafeInteger(seats) || seats < range.min || seats > range.max) {
    const { min, max, rule } = range;
    throw new DomainError('COMMITTEE_SIZE_INVALID', { min, max, seats, rule });
  }
  return range;
}
