import type { TenantScope } from '../database/tenant-scope.js';

/**
 * Where the access guard leaves the caller on the request. Declared here, below the modules, so
 * that platform code (the idempotency store) reads the caller without knowing the login:
 * auth's AuthContext is a RequestCaller with roles.
 */
export const REQUEST_CALLER = 'ushirikaAuth';

/** What the platform layer needs to know of whoever sends a request. */
export interface RequestCaller {
  readonly userId: string;
  readonly requestId: string;
  readonly cooperativeId: string | null;
  readonly scope: TenantScope;
}

/** The caller the guard resolved, or undefined on a public route. */
export function requestCallerOf(request: object): RequestCaller | undefined {
  return (request as Record<string, unknown>)[REQUEST_CALLER] as RequestCaller | undefined;
}
