/** Roles held in one cooperative. */
export const COOPERATIVE_ROLES = ['admin', 'officer', 'treasurer', 'auditor'] as const;
export type CooperativeRole = (typeof COOPERATIVE_ROLES)[number];

/**
 * What a route may require: a cooperative role, a supervisor's read-only reach over a
 * jurisdiction, the platform operator, or merely being signed in.
 */
export type Role = CooperativeRole | 'supervisor' | 'operator' | 'authenticated';

/** Roles that only ever read. */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(['auditor', 'supervisor']);

/** Convenience sets used by controllers so that each route states its audience once. */
export const ANY_MEMBER_ROLE: readonly Role[] = ['admin', 'officer', 'treasurer', 'auditor', 'supervisor'];
