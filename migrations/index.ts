import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { IdentityTenancyAudit1763900100000 } from './1763900100000-identity-tenancy-audit.js';

/**
 * Every migration, in order. Listed explicitly rather than globbed so that the ESM build
 * and the tests load exactly the same set. Append new ones; never edit a landed one.
 */
export const migrations = [Foundation1763900000000, IdentityTenancyAudit1763900100000];
