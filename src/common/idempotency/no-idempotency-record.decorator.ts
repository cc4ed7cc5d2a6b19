import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
// Transitional: risk's exemption (isAnonymousFlag) still takes an AuthContext. Once it takes a
// RequestCaller, the exemption's second parameter becomes RequestCaller and this import goes.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import type { AuthContext } from '../../auth/auth-context.js';
import type { Db } from '../../database/db.service.js';

/** Route metadata read by IdempotencyInterceptor (the ballot route sets it too). */
export const NO_IDEMPOTENCY_RECORD = 'ushirika:no-idempotency-record';

/** Decides, for one request, that nothing of it may be kept: e.g. an anonymous report. */
/** The guard leaves an AuthContext on the request: the interceptor hands it on as it is. */
export type IdempotencyExemption = (request: FastifyRequest, auth: AuthContext, db: Db) => boolean | Promise<boolean>;

/**
 * The idempotency store keeps who sent what and the answer: a route whose requests must leave
 * no such trace (a secret ballot, an anonymous report) opts out, always or when `when` says so.
 * An Idempotency-Key is then ignored: the route needs its own retry safety (a client id).
 */
export const NoIdempotencyRecord = (when?: IdempotencyExemption): MethodDecorator & ClassDecorator => SetMetadata(NO_IDEMPOTENCY_RECORD, when ?? true);
