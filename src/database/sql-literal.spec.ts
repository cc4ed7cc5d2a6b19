import { sqlLiteral } from './db.js';

describe('sqlLiteral (values written into the few statements sent without parameters)', () => {
  it('quotes text, doubling quotes and escaping backslashes so nothing ends the literal', () => {
    expect(sqlLiteral('3f0c8a52-5d1e-4c43-9a57-1c2b3d4e5f60')).toBe(`'3f0c8a52-5d1e-4c43-9a57-1c2b3d4e5f60'`);
    expect(sqlLiteral("x'); DROP TABLE users; --")).toBe(`'x''); DROP TABLE users; --'`);
    expect(sqlLiteral('a\\b')).toBe(` E'a\\\\b'`);
    expect(sqlLiteral('')).toBe(`''`);
  });

  it('writes NULL, booleans and finite numbers bare, and refuses other numbers', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('TRUE');
    expect(sqlLiteral(false)).toBe('FALSE');
    expect(sqlLiteral(-12.5)).toBe('-12.5');
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('writes a list as a text array, each item quoted', () => {
    expect(sqlLiteral(['admin', "o'brien"])).toBe(`ARRAY['admin', 'o''brien']::text[]`);
    expect(sqlLiteral([])).toBe('ARRAY[]::text[]');
  });
});
