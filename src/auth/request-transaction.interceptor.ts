import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { RequestTransaction, withRequestTransaction, type OpenTransaction } from '../database/db.js';

const REQUEST_TRANSACTION = Symbol('ushirika:request-transaction');

/**
 * Leaves the transaction the guard opened on the request, for RequestTransactionInterceptor.
 * It is rolled back, if no Db call claimed it, as soon as the client goes away (or the answer
 * is sent) even when no interceptor ran.
 */
export function awaitRequestTransaction(request: FastifyRequest, reply: FastifyReply, transaction: OpenTransaction): void {
  const pending = new RequestTransaction(transaction);
  (request as unknown as Record<symbol, RequestTransaction>)[REQUEST_TRANSACTION] = pending;
  reply.raw.once('close', () => pending.end());
}

/**
 * Runs the handler (validation pipes included) so that its first `Db.tenant` or `Db.run`
 * continues the transaction in which the guard resolved the caller: one transaction per
 * request. Registered before every other interceptor (the idempotency store's first write
 * is such a call). When the handler is done, an unclaimed transaction (a 400, a route that
 * reads nothing) is rolled back: it is never held while an answer streams out.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const pending = (request as unknown as Record<symbol, RequestTransaction | undefined>)[REQUEST_TRANSACTION];
    if (pending === undefined) return next.handle();
    return new Observable<unknown>((subscriber) => {
      const subscription = withRequestTransaction(pending, () => next.handle().subscribe(subscriber));
      return () => {
        subscription.unsubscribe();
        pending.end();
      };
    });
  }
}
