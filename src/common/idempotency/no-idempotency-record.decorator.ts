import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../database/db.js';
import type { RequestCaller } from '../request-caller.js';

/** Route metadata read by IdempotencyInterceptor (the ballot route sets it too). */
export const NO_IDEMPOTENCY_RECORD = 'ushirika:no-idempotency-record';

/** Decides, for one request, that nothing of it may be kept: e.g. an anonymous report. */
export type IdempotencyExemption = (request: FastifyRequest, caller: RequestCaller, db: Db) => boolean | Promise<boolean>;

/**
 * The idempotency store keeps who sent what and the answer: a route whose requests must leave
 * no such trace (a secret ballot, an anonymous report) opts out, always or when `when` says so.
 * An Idempotency-Key is then ignored: the route needs its own retry safety (a client id).
 */
export const NoIdempotencyRecord = (when?: IdempotencyExemption): MethodDecorator & ClassDecorator => SetMetadata(NO_IDEMPOTENCY_RECORD, when ?? true);
