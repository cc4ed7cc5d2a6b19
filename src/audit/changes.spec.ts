import { changedFields } from './changes.js';

describe('changedFields', () => {
  it('keeps only the fields that changed', () => {
    expect(changedFields({ name: 'A', province: 'Lualaba', minerals: ['CO'] }, { name: 'B', province: 'Lualaba', minerals: ['CO'] })).toEqual({
      before: { name: 'A' },
      after: { name: 'B' },
    });
  });
  it('records a field that appears or disappears as null on the other side', () => {
    expect(changedFields({ a: 1 }, { b: 2 })).toEqual({ before: { a: 1, b: null }, after: { a: null, b: 2 } });
  });
  it('compares arrays and objects by value', () => {
    expect(changedFields({ m: ['CO', 'CU'] }, { m: ['CO'] })).toEqual({ before: { m: ['CO', 'CU'] }, after: { m: ['CO'] } });
  });
  it('keeps the whole record for a creation or a removal', () => {
    expect(changedFields(null, { a: 1 })).toEqual({ before: null, after: { a: 1 } });
    expect(changedFields({ a: 1 }, null)).toEqual({ before: { a: 1 }, after: null });
  });
});
