import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUUID } from 'class-validator';
import { DomainError } from '../common/domain-error.js';
import { requestIdOf } from '../common/request-id.js';
import { IS_PUBLIC } from './public.decorator.js';
import { READS_ONLY, ROLES } from './roles.decorator.js';
import type { Role } from './roles.js';
import { AUTH_CONTEXT } from './auth-context.js';
import { AccessService } from './access.service.js';
import { awaitRequestTransaction } from './request-transaction.interceptor.js';

const JwtGuard = AuthGuard('jwt');

/**
 * The one global guard: a route is public only when marked so; otherwise the bearer token
 * is checked (passport-jwt), then the caller's roles in the route's cooperative, in the
 * request's own transaction: its first statement resolves the access and sets the caller's
 * row-level security scope, and the request's first Db call continues it
 * (RequestTransactionInterceptor). Refusals come here, before any validation pipe runs.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly jwt = new JwtGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!allowed || allowed.length === 0) throw new DomainError('FORBIDDEN', {}, 'forbidden');
    try {
      await this.jwt.canActivate(context);
    } catch {
      throw new DomainError('UNAUTHENTICATED', {}, 'unauthenticated');
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { userId: string; sessionEpoch: number } }>();
    const params = request.params as Record<string, string | undefined>;
    const cooperativeId = params.cooperativeId ?? null;
    if (cooperativeId !== null && !isUUID(cooperativeId)) throw new DomainError('NOT_FOUND', {}, 'not_found');
    const userId = request.user?.userId;
    // Our own tokens name users by UUID; anything else is no user of ours.
    if (!userId || !isUUID(userId)) throw new DomainError('UNAUTHENTICATED', {}, 'unauthenticated');
    const method = this.reflector.getAllAndOverride<boolean>(READS_ONLY, targets) ? 'GET' : request.method;
    const { auth, transaction } = await this.access.open(userId, requestIdOf(request), cooperativeId, allowed, method, request.user?.sessionEpoch ?? -1);
    (request as unknown as Record<string, unknown>)[AUTH_CONTEXT] = auth;
    awaitRequestTransaction(request, context.switchToHttp().getResponse<FastifyReply>(), transaction);
    return true;
  }
}
