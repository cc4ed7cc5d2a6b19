import type { TenantScope } from '../database/tenant-scope.js';

/**
 * A supervisor reading cooperatives of their jurisdiction: read-only, reaching only the
 * cooperatives named (none until the dashboard narrows to those the cooperatives policy
 * shows them). Proposed for `Scopes` as `Scopes.supervisorRead(userId, cooperativeIds)`;
 * kept here, the module's one scope, until it lands there.
 */
export function supervisorReadScope(userId: string, cooperativeIds: readonly string[] = []): TenantScope {
  return { cooperativeIds: [...cooperativeIds], userId, readOnly: true };
}
