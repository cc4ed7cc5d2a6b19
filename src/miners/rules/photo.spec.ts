import { domainErrorOf } from '../../common/thrown.fixture.js';
import { MAX_PHOTO_BYTES, photoContentType } from './photo.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);

describe('photoContentType', () => {
  it('accepts a JPEG or PNG whose bytes match the declared type, parameters ignored', () => {
    expect(photoContentType('image/jpeg', JPEG)).toBe('image/jpeg');
    expect(photoContentType('IMAGE/PNG; charset=binary', PNG)).toBe('image/png');
  });

  it('refuses a mislabelled or unknown format', () => {
    expect(domainErrorOf(() => photoContentType('image/png', JPEG)).code).toBe('PHOTO_FORMAT_INVALID');
    expect(domainErrorOf(() => photoContentType('image/gif', JPEG)).code).toBe('PHOTO_FORMAT_INVALID');
  });

  it('refuses an empty or missing body and one over the limit', () => {
    expect(domainErrorOf(() => photoContentType('image/jpeg', Buffer.alloc(0))).code).toBe('PHOTO_REQUIRED');
    expect(domainErrorOf(() => photoContentType('image/jpeg', undefined)).code).toBe('PHOTO_REQUIRED');
    expect(domainErrorOf(() => photoContentType('image/jpeg', Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES)]))).code).toBe('PHOTO_TOO_LARGE');
  });
});
