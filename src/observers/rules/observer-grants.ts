import { DomainError } from '../../common/domain-error.js';

/**
 * What an organisation may be granted to observe: aggregate views only, never personal data
 * nor a child's identity. 'standard_assessments' is in the vocabulary already; its route is
 * wired when the standards module lands.
 */
export const OBSERVER_VIEWS = ['benefit_sharing_funds', 'regulator_report', 'incident_statistics', 'standard_assessments'] as const;
export type ObserverView = (typeof OBSERVER_VIEWS)[number];

export const GRANT_STATUSES = ['scheduled', 'active', 'expired', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export interface GrantDates {
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly revoked: boolean;
}

/** A grant on the cooperative's local date `today`: both ends of its dates included. */
export function grantStatus(grant: GrantDates, today: string): GrantStatus {
  if (grant.revoked) return 'revoked';
  if (today < grant.validFrom) return 'scheduled';
  if (grant.validUntil !== null && today > grant.validUntil) return 'expired';
  return 'active';
}

/** The views the grants in force on `today` open, in vocabulary order. */
export function viewsInForce(grants: readonly (GrantDates & { readonly views: readonly string[] })[], today: string): ObserverView[] {
  const open = new Set(grants.filter((grant) => grantStatus(grant, today) === 'active').flatMap((grant) => grant.views));
  return OBSERVER_VIEWS.filter((view) => open.has(view));
}

/** A new grant's dates: until on or after from, and not already over on the day it is given. */
export function assertGrantDates(validFrom: string, validUntil: string | null, today: string): void {
  if (validUntil !== null && validUntil < validFrom) throw new DomainError('OBSERVER_GRANT_DATES_REVERSED', { validFrom, validUntil }, 'invalid');
  if (validUntil !== null && validUntil < today) throw new DomainError('OBSERVER_GRANT_ALREADY_OVER', { validUntil, today }, 'invalid');
}

/** A grant may be revoked once, and not after it ended by itself. */
export function assertRevocable(status: GrantStatus): void {
  if (status === 'revoked') throw new DomainError('OBSERVER_GRANT_ALREADY_REVOKED', {}, 'conflict');
  if (status === 'expired') throw new DomainError('OBSERVER_GRANT_EXPIRED', {}, 'conflict');
}
