import { acceptEvidence, cleanFileName, evidenceContentType, matchesSignature, MAX_EVIDENCE_BYTES } from './evidence-file.js';

describe('evidence files', () => {
  it('reads the media type without parameters, case-insensitively', () => {
    expect(evidenceContentType('image/JPEG')).toBe('image/jpeg');
    expect(evidenceContentType('application/pdf; charset=binary')).toBe('application/pdf');
    expect(evidenceContentType('image/gif')).toBeNull();
    expect(evidenceContentType(undefined)).toBeNull();
  });

  it('checks the magic bytes of the declared type', () => {
    expect(matchesSignature('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe(true);
    expect(matchesSignature('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(true);
    expect(matchesSignature('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(matchesSignature('application/pdf', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(false);
    expect(matchesSignature('image/png', Buffer.from([0x89, 0x50]))).toBe(false);
  });

  it('keeps only a printable base name', () => {
    expect(cleanFileName(undefined)).toBeNull();
    expect(cleanFileName('C:\\photos\\puits 3.jpg')).toBe('puits 3.jpg');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u001fc.pdf')).toBe('abc.pdf');
    expect(cleanFileName('   ')).toBeNull();
    expect(cleanFileName('x'.repeat(300))?.length).toBe(255);
  });

  it('accepts a body within the limit with its digest and decoded name, and refuses the rest by code', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
    const accepted = acceptEvidence('image/jpeg', jpeg, 'puits%20n%C2%B03.jpg');
    expect(accepted).toEqual({ content: jpeg, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), originalName: 'puits n°3.jpg' });
    expect(acceptEvidence('image/jpeg', jpeg, '%E0%A4%A').originalName).toBe('%E0%A4%A');
    expect(() => acceptEvidence('image/jpeg', Buffer.alloc(0), undefined)).toThrow('EVIDENCE_REQUIRED');
    expect(() => acceptEvidence('image/jpeg', { not: 'a buffer' }, undefined)).toThrow('EVIDENCE_REQUIRED');
    expect(() => acceptEvidence('image/jpeg', Buffer.concat([jpeg, Buffer.alloc(MAX_EVIDENCE_BYTES)]), undefined)).toThrow('EVIDENCE_TOO_LARGE');
    expect(() => acceptEvidence('application/pdf', jpeg, undefined)).toThrow('EVIDENCE_FORMAT_INVALID');
  });
});
