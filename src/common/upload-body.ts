import type { FastifyInstance } from 'fastify';

/** A route that takes a raw file as its body, and the largest file it takes. */
export interface UploadRoute {
  readonly method: 'POST' | 'PUT';
  /** The Fastify route as registered, global prefix included: `/api/v1/…/:minerId/photo`. */
  readonly url: string;
  readonly bodyLimit: number;
}

/**
 * The one registration of raw-body uploads: the binary content types are read as a Buffer
 * (Fastify parses only JSON and text by itself) and each upload route gets its own size limit,
 * which Fastify applies before the parser's (a larger body is a 413). A type no parser claims
 * is a 415. Call before the application registers its routes (before `app.init()`); an upload
 * route that no controller registers (renamed, moved) fails the start instead of losing its limit.
 */
export function registerUploads(fastify: FastifyInstance, contentTypes: readonly string[], routes: readonly UploadRoute[]): void {
  fastify.addContentTypeParser([...contentTypes], { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  const limited = new Set<UploadRoute>();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const upload = routes.find((candidate) => candidate.url === route.url && methods.includes(candidate.method));
    if (!upload) return;
    route.bodyLimit = upload.bodyLimit;
    limited.add(upload);
  });
  fastify.addHook('onReady', (done) => {
    const missing = routes.filter((route) => !limited.has(route)).map((route) => `${route.method} ${route.url}`);
    done(missing.length > 0 ? new Error(`Upload routes not registered: ${missing.join(', ')}`) : undefined);
  });
}
