import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Db } from '../../database/db.js';
import { Scopes } from '../../database/scopes.js';
import { DomainError } from '../domain-error.js';
import { markPrivateRequest } from '../private-request.js';
import { requestCallerOf, type RequestCaller } from '../request-caller.js';
import { stableJson } from '../stable-json.js';
import { idempotencyRepository as repository } from './idempotency.repository.js';
import { type IdempotencyExemption, NO_IDEMPOTENCY_RECORD } from './no-idempotency-record.decorator.js';

const HEADER = 'idempotency-key';
/** Every write a phone may repeat after a lost answer; a GET is repeated at no cost. */
export const RECORDED_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * A phone that synchronises after being offline may send the same write twice. With an
 * Idempotency-Key header on any write (POST, PUT, PATCH, DELETE), the first answer is stored
 * and replayed for a repeat with the same body; the same key with another body is a conflict. An answer is kept
 * IDEMPOTENCY_RETENTION_HOURS and never replayed after. Routes marked NoIdempotencyRecord()
 * (for the request at hand) store nothing and are not access-logged.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const auth = requestCallerOf(request);
    const exemption = this.reflector.getAllAndOverride<IdempotencyExemption | boolean | undefined>(NO_IDEMPOTENCY_RECORD, [context.getHandler(), context.getClass()]);
    if (exemption !== undefined && exemption !== false) return from(this.unrecorded(exemption, context, next, request, auth));
    return this.recorded(context, next, request, auth);
  }

  private async unrecorded(
    exemption: IdempotencyExemption | true,
    context: ExecutionContext,
    next: CallHandler,
    request: FastifyRequest,
    auth: RequestCaller | undefined,
  ): Promise<unknown> {
    const exempt = exemption === true || (auth !== undefined && (await exemption(request, auth, this.db)));
    if (!exempt) return lastValueFrom(this.recorded(context, next, request, auth), { defaultValue: null });
    markPrivateRequest(request.raw);
    return lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: null });
  }

  private recorded(context: ExecutionContext, next: CallHandler, request: FastifyRequest, auth: RequestCaller | undefined): Observable<unknown> {
    const key = request.headers[HEADER];
    if (!RECORDED_METHODS.has(request.method) || typeof key !== 'string' || !auth) return next.handle();
    if (!KEY_PATTERN.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID', {}, 'bad_request');
    return from(this.handle(context, next, key, auth, request));
  }

  private async handle(context: ExecutionContext, next: CallHandler, key: string, auth: RequestCaller, request: FastifyRequest): Promise<unknown> {
    const scope = Scopes.account(auth.userId);
    const path = request.url.split('?')[0] ?? request.url;
    const requestHash = createHash('sha256').update(`${request.method} ${path}\n${stableJson(request.body ?? null)}`).digest('hex');
    const retention = this.config.IDEMPOTENCY_RETENTION_HOURS;
    const claimed = await this.db.run(scope, (tx) => repository.claim(tx, { userId: auth.userId, key, method: request.method, path, requestHash }, retention));
    if (claimed) {
      if (claimed.request_hash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', {}, 'conflict');
      if (claimed.status === null) throw new DomainError('IDEMPOTENCY_IN_PROGRESS', {}, 'conflict');
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      void reply.status(claimed.status).header('idempotent-replay', 'true');
      return lastValueFrom(of(claimed.response));
    }
    try {
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: null });
      const status = context.switchToHttp().getResponse<FastifyReply>().statusCode;
      await this.db.run(scope, (tx) => repository.complete(tx, auth.userId, key, status, body));
      return body;
    } catch (error) {
      // A refused request stored nothing: the client may correct it and retry with the same key.
      await this.db.run(scope, (tx) => repository.release(tx, auth.userId, key));
      throw error;
    }
  }
}
