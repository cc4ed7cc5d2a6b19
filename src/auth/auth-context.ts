import { REQUEST_CALLER, type RequestCaller } from '../common/request-caller.js';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TenantScope } from '../database/tenant-scope.js';
import type { Role } from './roles.js';

/** Who calls, in which cooperative, with which roles: resolved once per request by the guard. */
export interface AuthContext extends RequestCaller {
  readonly userId: string;
  readonly requestId: string;
  /** The cooperative of a tenant route (`/cooperatives/{cooperativeId}/...`), else null. */
  readonly cooperativeId: string | null;
  /** Every role the caller holds here, including supervisor/operator when they apply. */
  readonly roles: readonly Role[];
  readonly scope: TenantScope;
}

export interface TenantAuthContext extends AuthContext {
  readonly cooperativeId: string;
}

export function hasRole(auth: AuthContext, ...roles: Role[]): boolean {
  return roles.some((role) => auth.roles.includes(role));
}

/**
 * Whether the caller is the platform operator. Only for rights finer than a route's `@Roles`
 * (which fields of a cooperative one may change): whether a route is open at all is the guard's.
 */
export function isPlatformOperator(auth: AuthContext): boolean {
  return hasRole(auth, 'operator');
}

/** Where the guard leaves the caller on the request: the platform layer's own key. */
export const AUTH_CONTEXT = REQUEST_CALLER;

/** Injects the caller's AuthContext into a handler parameter. */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const request = context.switchToHttp().getRequest<Record<string, unknown>>();
  const auth = request[AUTH_CONTEXT] as AuthContext | undefined;
  if (!auth) throw new Error('Auth context missing: is the route public?');
  return auth;
});
