import type { TenantScope } from './tenant-scope.js';

/**
 * The only place row-level security scopes are written by hand. Every transaction that is not
 * a plain tenant request (`Db.tenant`) names one of these, so a reader can see at the call
 * what the transaction may reach.
 */
export const Scopes = {
  /** Before anyone is known (login, refresh, reset codes): no cooperative, no user. */
  anonymous(): TenantScope {
    return { cooperativeIds: [], userId: null, readOnly: false };
  },
  /** A signed-in user's own account rows (profile, sessions, memberships): no cooperative. */
  account(userId: string | null, readOnly = false): TenantScope {
    return { cooperativeIds: [], userId, readOnly };
  },
  /** The platform's own work (job runner, purges): no cooperative, no user. */
  system(): TenantScope {
    return { cooperativeIds: [], userId: null, readOnly: false };
  },
  /** The platform operator: the cooperatives list and its own tables, nothing inside a cooperative. */
  operator(userId: string | null, readOnly = true): TenantScope {
    return { cooperativeIds: [], userId, readOnly, operator: true };
  },
  /**
   * A read of personal data by a read-only caller (auditor, supervisor): the transaction must
   * write the audit row of that read, and nothing else is written by the use case.
   */
  auditedRead(scope: TenantScope): TenantScope {
    return { ...scope, readOnly: false };
  },
} as const;
