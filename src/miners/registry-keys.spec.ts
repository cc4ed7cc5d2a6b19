import { memberPrefix, normaliseIdDocumentNumber, todayIn } from './registry-keys.js';

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

  it('gives the date where the cooperative works', () => {
    expect(todayIn('Africa/Lubumbashi', new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayIn('UTC', new Date('2026-06-30T22:30:00Z'))).toBe('2026-06-30');
  });
});
