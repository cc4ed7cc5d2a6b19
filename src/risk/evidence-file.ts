import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';

/**
 * What evidence may be (on a risk flag, on a site assessment's criterion): photos and PDF
 * documents, recognised by their first bytes.
 */

export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/** 2 MiB: a phone photo or a scanned page, not a video. */
export const MAX_EVIDENCE_BYTES = 2 * 1024 * 1024;

const SIGNATURES: Readonly<Record<EvidenceContentType, Buffer>> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': Buffer.from('%PDF-', 'ascii'),
};

/** The media type of a Content-Type header without its parameters, or null when not an evidence type. */
export function evidenceContentType(header: string | undefined): EvidenceContentType | null {
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (EVIDENCE_CONTENT_TYPES as readonly string[]).includes(mediaType) ? (mediaType as EvidenceContentType) : null;
}

/** True when the bytes start with the signature of the declared type. */
export function matchesSignature(contentType: EvidenceContentType, content: Buffer): boolean {
  const magic = SIGNATURES[contentType];
  return content.length >= magic.length && content.subarray(0, magic.length).equals(magic);
}

/**
 * The client's file name as shown back to people: path stripped, control characters removed,
 * at most 255 characters; null when nothing is left.
 */
export function cleanFileName(header: string | undefined): string | null {
  if (header === undefined) return null;
  const base = header.split(/[\\/]/).pop() ?? '';
  const printable = Array.from(base)
    .filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  return printable.length === 0 ? null : Array.from(printable).slice(0, 255).join('');
}

export interface AcceptedEvidence {
  readonly content: Buffer;
  readonly sha256: string;
  readonly originalName: string | null;
}

/**
 * The checks every evidence upload passes, whatever it is attached to: a non-empty body within
 * the limit, bytes that match the declared type, a clean file name from X-File-Name.
 */
export function acceptEvidence(contentType: EvidenceContentType, body: unknown, fileNameHeader: string | undefined): AcceptedEvidence {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('EVIDENCE_REQUIRED', {}, 'bad_request');
  if (body.length > MAX_EVIDENCE_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE', { maxBytes: MAX_EVIDENCE_BYTES });
  if (!matchesSignature(contentType, body)) throw new DomainError('EVIDENCE_FORMAT_INVALID', { contentType });
  return { content: body, sha256: createHash('sha256').update(body).digest('hex'), originalName: cleanFileName(decodeFileName(fileNameHeader)) };
}

/** X-File-Name may be percent-encoded (headers carry Latin-1 only); a malformed escape is kept as sent. */
function decodeFileName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}
