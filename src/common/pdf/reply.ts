import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/**
 * The one way a generated document leaves the API: shown inline for PDFs, downloaded for
 * anything else, never cached by intermediaries (each holds a member's money or identity).
 * Returns the body so a handler can `return sendDocument(reply, …)`; a stream works too.
 */
export function sendDocument<B>(reply: FastifyReply, filename: string, body: B, contentType = 'application/pdf'): B {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', `${contentType.startsWith('application/pdf') ? 'inline' : 'attachment'}; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
  return body;
}

/** Declares a route's non-JSON answer (a PDF, a CSV, an image) in the OpenAPI document. */
export function ApiDocumentResponse(contentType = 'application/pdf', description = 'The document.'): MethodDecorator {
  return applyDecorators(
    ApiProduces(contentType),
    ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } }),
  );
}
