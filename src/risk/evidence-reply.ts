import { applyDecorators, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType, evidenceContentType } from './evidence-file.js';

/** A stored evidence file as a download route answers it. */
export interface EvidenceDownload {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly originalName: string | null;
}

/** Declares an upload route's raw evidence body in the OpenAPI document. */
export const ApiEvidenceUpload = (): MethodDecorator => ApiConsumes(...EVIDENCE_CONTENT_TYPES);

/** Declares a download route's answer: the file as uploaded, in one of the evidence types. */
export function ApiEvidenceDownload(): MethodDecorator {
  return applyDecorators(
    ApiProduces(...EVIDENCE_CONTENT_TYPES),
    ApiOkResponse({ description: 'The file as uploaded.', content: Object.fromEntries(EVIDENCE_CONTENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }),
  );
}

/** The upload's declared type, or a 415 for any type evidence may not be. */
export function uploadedEvidenceType(header: string | undefined): EvidenceContentType {
  const contentType = evidenceContentType(header);
  if (!contentType) throw new UnsupportedMediaTypeException('Evidence must be image/jpeg, image/png or application/pdf');
  return contentType;
}

/** The one way evidence leaves the API: downloaded, never sniffed as another type, never cached. */
export function sendEvidence(reply: FastifyReply, file: EvidenceDownload): Buffer {
  void reply
    .header('content-type', file.contentType)
    .header('content-disposition', file.originalName ? `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}` : 'attachment')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  return file.content;
}
