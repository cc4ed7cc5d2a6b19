/** Roles held in one cooperative. */
export const COOPERATIVE_ROLES = ['admin', 'officer', 'treasurer', 'auditor'] as const;
export type CooperativeRole = (typeof COOPERATIVE_ROLES)[number];

/**
 * Roles an organisation's people hold in a cooperative, resolved by the access function like
 * a supervisor's: 'observer' while their organisation holds a grant in force there, 'partner'
 * while it is one of the cooperative's case partners.
 */
export const ORGANISATION_ROLES = ['observer', 'partner'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/**
 * What a route may require: a cooperative role, a supervisor's read-only reach over a
 * jurisdiction, an organisation's observer or partner, the platform operator, or merely
 * being signed in.
 */
export type Role = CooperativeRole | OrganisationRole | 'supervisor' | 'operator' | 'authenticated';

/** Roles that only ever read. */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(['auditor', 'supervisor', 'observer']);

/** Convenience sets used by controllers so that each route states its audience once. */
export const ANY_MEMBER_ROLE: readonly Role[] = ['admin', 'officer', 'treasurer', 'auditor', 'supervisor'];
