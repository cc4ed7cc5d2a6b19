import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { Db } from '../../database/db.service.js';
import { DomainError } from '../domain-error.js';
import { AUTH_CONTEXT, type AuthContext } from '../../auth/auth-context.js';
import { stableJson } from '../stable-json.js';

const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * A phone that synchronises after being offline may send the same write twice. With an
 * Idempotency-Key header, the first answer is stored and replayed for a repeat with the same
 * body; the same key with another body is a conflict.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly db: Db) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[HEADER];
    const auth = (request as unknown as Record<string, unknown>)[AUTH_CONTEXT] as AuthContext | undefined;
    if (request.method !== 'POST' || typeof key !== 'string' || !auth) return next.handle();
    if (Reflect.getMetadata('ushirika:no-idempotency-record', context.getHandler()) === true) return next.handle();
    if (!KEY_PATTERN.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID', {}, 'bad_request');
    return from(this.handle(context, next, key, auth, request));
  }

  private async handle(context: ExecutionContext, next: CallHandler, key: string, auth: AuthContext, request: FastifyRequest): Promise<unknown> {
    const scope = { cooperativeIds: [], userId: auth.userId, readOnly: false };
    const path = request.url.split('?')[0];
    const requestHash = createHash('sha256').update(`${request.method} ${path}\n${stableJson(request.body ?? null)}`).digest('hex');
    const claimed = await this.db.inScope(scope, async (tx) => {
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [auth.userId, key, request.method, path, requestHash],
      );
      if (inserted.length > 0) return undefined;
      const [existing] = await tx.query<{ request_hash: string; status: number | null; response: unknown }[]>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [auth.userId, key],
      );
      return existing;
    });
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
      await this.db.inScope(scope, (tx) =>
        tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [auth.userId, key, status, JSON.stringify(body)]),
      );
      return body;
    } catch (error) {
      // A refused request stored nothing: the client may correct it and retry with the same key.
      await this.db.inScope(scope, (tx) => tx.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [auth.userId, key]));
      throw error;
    }
  }
}
