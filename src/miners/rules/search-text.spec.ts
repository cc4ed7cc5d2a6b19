import { foundByIdNumber, idNumberWords, searchTextOf } from './search-text.js';

describe('searchTextOf', () => {
  it('joins the parts given, accents and case dropped, nulls skipped', () => {
    expect(searchTextOf(['Éloïse', null, 'KABILA', 'KAB-2024-00001'])).toBe(searchTextOf(['eloise', 'kabila', 'kab-2024-00001']));
    expect(searchTextOf(['Éloïse', null])).not.toContain('null');
  });
});

describe('idNumberWords and foundByIdNumber', () => {
  it('keeps only the searched words with a digit', () => {
    expect(idNumberWords('Kabila 12AB')).toEqual(['12ab']);
    expect(idNumberWords(undefined)).toEqual([]);
  });

  it('finds an ID number by the start of one of its words', () => {
    expect(foundByIdNumber('CD12AB34', idNumberWords('cd12'))).toBe(true);
    expect(foundByIdNumber('CD12AB34', idNumberWords('12ab'))).toBe(false);
    expect(foundByIdNumber('CD12AB34', [])).toBe(false);
  });
});
