import { DomainError } from '../../common/domain-error.js';

export const MAX_PHOTO_BYTES = 1024 * 1024;

export type PhotoContentType = 'image/jpeg' | 'image/png';

const PHOTO_SIGNATURES: ReadonlyArray<{ contentType: PhotoContentType; magic: Buffer }> = [
  { contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { contentType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
];

/**
 * The type of an uploaded photo: the declared content type, when the bytes start as that
 * format does. Anything else (empty, too large, another format, a mislabelled file) is refused.
 */
export function photoContentType(declaredType: string | undefined, body: unknown): PhotoContentType {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('PHOTO_REQUIRED', {}, 'bad_request');
  if (body.length > MAX_PHOTO_BYTES) throw new DomainError('PHOTO_TOO_LARGE', { maxBytes: MAX_PHOTO_BYTES });
  const declared = (declaredType ?? '').split(';')[0].trim().toLowerCase();
  const signature = PHOTO_SIGNATURES.find((candidate) => candidate.contentType === declared);
  if (!signature || !body.subarray(0, signature.magic.length).equals(signature.magic)) {
    throw new DomainError('PHOTO_FORMAT_INVALID', { contentType: declared });
  }
  return signature.contentType;
}
