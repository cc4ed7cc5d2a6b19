import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../database/database-unavailable.js';
import type { ConflictRegistry } from './conflicts.js';
import { DomainError } from './domain-error.js';
import { Catalogue } from './i18n/catalogue.js';
import { negotiateLocale } from './i18n/locale.js';
import { PROBLEM_CONTENT_TYPE, renderProblem, type HttpFailure } from './problem.js';
import { requestIdOf } from './request-id.js';

/** The one place where any thrown error becomes an application/problem+json answer. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(
    private readonly catalogue: Catalogue,
    /** Turns a registered unique violation into its 409 (common/conflicts). */
    private readonly conflicts?: ConflictRegistry,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = requestIdOf(request);
    const failure = this.classify(exception);
    if (!(failure instanceof DomainError) && failure.status >= 500) {
      this.logger.error({ err: exception, requestId }, 'unexpected error');
    }
    const body = renderProblem(failure, this.catalogue, negotiateLocale(request.headers['accept-language']), requestId);
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private classify(exception: unknown): DomainError | HttpFailure {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) return { status: exception.getStatus() };
    const conflict = this.conflicts?.conflictOf(exception);
    if (conflict) return conflict;
    if (isDatabaseUnavailable(exception)) return { status: 503, code: DATABASE_UNAVAILABLE };
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return { status };
    return { status: 500 };
  }
}
