import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';

/** A JSON request body is one object: anything else is refused before guards, pipes or handlers see it. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function bodyNotObject(): DomainError {
  return new DomainError('BODY_NOT_OBJECT', {}, 'bad_request');
}

/**
 * The application/json parser of every route: Fastify's own (same proto-poisoning guard),
 * then the shape. `null`, an array, a string or a number is a 400 problem (BODY_NOT_OBJECT),
 * as is a body that is not JSON at all (BODY_NOT_JSON), in the caller's language.
 */
export function objectJsonParser(
  fastify: FastifyInstance,
): (request: FastifyRequest, body: Buffer, done: (error: Error | null, parsed?: unknown) => void) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    void parse(request, body.toString('utf8'), (error, parsed) => {
      if (error) done(new DomainError('BODY_NOT_JSON', {}, 'bad_request'));
      else if (!isJsonObject(parsed)) done(bodyNotObject());
      else done(null, parsed);
    });
  };
}
