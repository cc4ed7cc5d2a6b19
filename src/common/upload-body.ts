import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/** The route config key `@UploadLimit` sets and the onRoute hook below reads. */
const UPLOAD_LIMIT = 'ushirikaUploadLimit';

/**
 * Marks a route that takes a raw file as its body, with the largest file it takes. The limit
 * sits on the route itself, so a renamed or moved route keeps it.
 */
export const UploadLimit = (bytes: number): MethodDecorator => RouteConfig({ [UPLOAD_LIMIT]: bytes });

/**
 * The one registration of raw-body uploads: the binary content types are read as a Buffer
 * (Fastify parses only JSON and text by itself) and each `@UploadLimit` route gets its own size
 * limit, which Fastify applies before the parser's (a larger body is a 413). A type no parser
 * claims is a 415; a binary body sent elsewhere meets the global limit. Call before the
 * application registers its routes (before `app.init()`).
 */
export function registerUploads(fastify: FastifyInstance, contentTypes: readonly string[]): void {
  fastify.addContentTypeParser([...contentTypes], { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as Record<string, unknown> | undefined)?.[UPLOAD_LIMIT];
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
}
