import { stableJson } from './stable-json.js';

describe('stableJson', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 2.5 } })).toBe(stableJson({ a: { c: 2.5, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
  it('keeps array order, which is meaningful', () => {
    expect(stableJson([2, 1])).not.toBe(stableJson([1, 2]));
  });
  it('renders undefined as null', () => {
    expect(stableJson(undefined)).toBe('null');
  });
});
