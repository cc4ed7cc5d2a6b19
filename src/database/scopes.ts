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
  /**
   * A supervisor reading cooperatives of their jurisdiction: read-only, reaching only the
   * cooperatives named (none until the dashboard narrows to those the cooperatives policy
   * shows them).
   */
  supervisorRead(userId: string, cooperativeIds: readonly string[] = []): TenantScope {
    return { cooperativeIds: [...cooperativeIds], userId, readOnly: true };
  },
  /**
   * A change to one's own account (password, name, sessions, a redeemed reset code): its audit
   * row carries no cooperative, which row-level security lets only the operator flag write.
   */
  accountEvent(userId: string | null): TenantScope {
    return { cooperativeIds: [], userId, readOnly: false, operator: true };
  },
  /**
   * The caller's own request row (a queued job), writable even by a read-only role: it only
   * names the cooperative it is about, whose data the transaction does not write.
   */
  ownRequest(userId: string, cooperativeId: string | null): TenantScope {
    return { cooperativeIds: cooperativeId === null ? [] : [cooperativeId], userId, readOnly: false };
  },
  /**
   * A request's scope as the access guard resolves it: the route's cooperative (none outside
   * one), read-only for read-only roles, the operator flag when the route granted it.
   */
  request(userId: string, cooperativeId: string | null, reach: { readOnly: boolean; operator: boolean }): TenantScope {
    return { cooperativeIds: cooperativeId ? [cooperativeId] : [], userId, readOnly: reach.readOnly, operator: reach.operator };
  },
  /**
   * A community incident report into one cooperative: from the public form (no user: nobody is
   * known, nobody is recorded) or from a community monitor, who holds no role there. It writes
   * the report, its risk flag and their audit rows, and the public form's throttle and spent
   * challenges, nothing else.
   */
  communityReport(cooperativeId: string, userId: string | null): TenantScope {
    return { cooperativeIds: [cooperativeId], userId, readOnly: false };
  },
  /** The caller's own scope for a use case that only reads (a list outside any cooperative). */
  readOnly(scope: TenantScope): TenantScope {
    return { ...scope, readOnly: true };
  },
} as const;
