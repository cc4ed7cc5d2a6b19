import { memberPrefix, normaliseIdDocumentNumber } from './registry-keys.js';

describe('registry keys', () => {
  it.each([
    ['Tujenge', 'TUJ'],
    ['Éclat du Katanga', 'ECL'],
    ['Bo', 'BOX'],
    ['4 Étoiles', 'ETO'],
    ['', 'XXX'],
  ])('prefixes member numbers of %j with %s', (name, prefix) => {
    expect(memberPrefix(name)).toBe(prefix);
  });

  it('compares ID numbers without case or spacing', () => {
    expect(normaliseIdDocumentNumber(' ce 123 456a ')).toBe('CE123456A');
  });
});
