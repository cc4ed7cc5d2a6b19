import type { OrganisationRole } from '../auth/roles.js';

/** The organisations outside the cooperatives that Ushirika serves (issue 25). */
export const ORGANISATION_KINDS = ['ngo', 'coalition_member', 'donor_programme', 'child_protection_partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Which role an organisation's people may hold: a child-protection partner's social workers
 * are partners (they work on referred cases), everyone else observes. A choice of ours: a
 * child-protection partner that also wants to observe a cooperative's funds gets a second
 * organisation, so that a social worker's login never reaches beyond the cases.
 */
export function roleOfKind(kind: OrganisationKind): OrganisationRole {
  return kind === 'child_protection_partner' ? 'partner' : 'observer';
}
