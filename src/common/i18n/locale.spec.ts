import { negotiateLocale } from './locale.js';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'fr'],
    ['', 'fr'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['sw-CD,fr;q=0.8,en;q=0.5', 'fr'],
    ['de, en;q=0.1', 'en'],
    ['ln', 'fr'],
    ['fr;q=0.2, en;q=0.9', 'en'],
    ['en;q=0', 'fr'],
  ])('answers %p with %p', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
