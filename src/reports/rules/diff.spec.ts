import { diffReports } from './diff.js';

describe('diffReports', () => {
  it('finds no change between equal reports, whatever the key order', () => {
    expect(diffReports({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('lists changed leaves with dotted paths and ignores the generation time and version', () => {
    const before = { generatedAt: 'x', version: 1, members: { total: 3, bySex: { F: 1, M: 2 } } };
    const after = { generatedAt: 'y', version: 2, members: { total: 4, bySex: { F: 2, M: 2 } } };
    expect(diffReports(before, after)).toEqual([
      { path: 'members.bySex.F', before: 1, after: 2 },
      { path: 'members.total', before: 3, after: 4 },
    ]);
  });

  it('matches table rows by key, so a new row is reported as added figures only', () => {
    const before = { rows: [{ key: 's1|GOLD', count: 2 }] };
    const after = { rows: [{ key: 's0|TIN', count: 1 }, { key: 's1|GOLD', count: 3 }] };
    expect(diffReports(before, after)).toEqual([
      { path: 'rows[s0|TIN].count', before: null, after: 1 },
      { path: 'rows[s0|TIN].key', before: null, after: 's0|TIN' },
      { path: 'rows[s1|GOLD].count', before: 2, after: 3 },
    ]);
  });

  it('reports removed rows and unkeyed arrays by position', () => {
    expect(diffReports({ rows: [{ key: 'a', n: 1 }] }, { rows: [] })).toEqual([
      { path: 'rows[a].key', before: 'a', after: null },
      { path: 'rows[a].n', before: 1, after: null },
    ]);
    expect(diffReports({ list: [1, 2] }, { list: [1, 3, 4] })).toEqual([
      { path: 'list[1]', before: 2, after: 3 },
      { path: 'list[2]', before: null, after: 4 },
    ]);
  });
});
