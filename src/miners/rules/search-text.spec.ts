import { foundByIdNumber, idNumberWords, searchTextAround, searchTextOf, searchTextParts } from './search-text.js';

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

describe('searchTextParts and searchTextAround', () => {
  const cases: Array<[Array<string | null>, Array<string | null>]> = [
    [['Éloïse', null, 'KABILA'], ['BV-0000042', 'CEA-1']],
    [["N'Diaye-", 'Cœur'], ['  x  ', null]],
    [['Ruth', null, 'Ngoy'], ['---', null]],
    [['\'', '  '], ['AB 12']],
    [[], []],
  ];
  it.each(cases)('joins the parts around the member number as searchTextOf joins them all (%j, %j)', (before, after) => {
    const number = 'TUJ-2026-00042-X';
    expect(searchTextAround(searchTextParts(before, after), number)).toBe(searchTextOf([...before, number, ...after]));
  });

  it('spells the member number as the SQL insert does: lower case, spaces for dashes', () => {
    expect(searchTextAround({ before: '', after: '' }, 'TUJ-2026-123456-7')).toBe('tuj 2026 123456 7');
  });
});
